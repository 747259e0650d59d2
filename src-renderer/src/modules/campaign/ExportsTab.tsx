import { Card, Col, Row, Typography } from 'antd';
import type { CampaignDto } from '../../../../src-main/modules/campaign/contract.ts';
import { CAMPAIGN_EXPORTS } from '../../../../src-main/modules/campaign/contract.ts';
import { ExportButton } from '../../components/ExportButton.tsx';

/** the three tables: 推进情况统计表, 排查出的党员信教情况统计表 (内部资料), 承诺书签订台账 */
export function ExportsTab({ campaign }: { campaign: CampaignDto }) {
  return (
    <>
      <Typography.Paragraph type="secondary">
        填报单位、填表人、审核人、负责人和联系电话取自“设置”。上级下发的表样各不相同：可在“列设置”中勾选并排列各表的列，保存后每次导出都按此设置。
      </Typography.Paragraph>
      <Row gutter={12}>
        {CAMPAIGN_EXPORTS.map((t) => (
          <Col span={8} key={t.name}>
            <Card size="small" title={t.title} extra={t.confidential ? <Typography.Text type="danger">内部资料</Typography.Text> : null}>
              <ExportButton name={t.name} input={{ campaignId: campaign.id }} type="primary" columns confidential={t.confidential} testId={`export-${t.table}`} />
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
