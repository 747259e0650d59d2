import { App, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CampaignDto, CampaignProgress, ProgressOrgRow } from '../../../../src-main/modules/campaign/contract.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { useOrgLabels } from '../../components/orgNames.tsx';
import './campaign.css';

/** a pair of horizontal bars (screening and signing rates) drawn with plain CSS */
function Bars({ screen, sign }: { screen: number; sign: number }) {
  return (
    <div className="cp-bars" title={`排查 ${screen}%，签订 ${sign}%`}>
      <div className="cp-bar"><div className="cp-bar-fill cp-screen" style={{ width: `${screen}%` }} /></div>
      <div className="cp-bar"><div className="cp-bar-fill cp-sign" style={{ width: `${sign}%` }} /></div>
    </div>
  );
}

/** per organization and in total: members, screened, signed, found, converted, handled; lagging first */
export function ProgressBoard({ campaign, orgs, version }: { campaign: CampaignDto; orgs: OrgDto[]; version: number }) {
  const { message } = App.useApp();
  const orgLabels = useOrgLabels(orgs);
  const [p, setP] = useState<CampaignProgress | null>(null);
  useEffect(() => {
    api.campaign.progress({ campaignId: campaign.id }).then(setP, (e: Error) => message.error(e.message));
  }, [campaign.id, version, message]);
  if (!p) return null;
  const t = p.total;
  return (
    <div data-testid="campaign-board">
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={4}><Card size="small"><Statistic title="应排查党员" value={t.members} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="已排查" value={t.screened} suffix={<small>/ {t.screenRate}%</small>} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="已签订承诺书" value={t.signed} suffix={<small>/ {t.signRate}%</small>} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="排查出问题" value={t.believers} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="教育转化" value={t.converted} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="已处置" value={t.handled} /></Card></Col>
      </Row>
      <Typography.Text type="secondary">
        各组织只统计本组织直属党员，期间离开的党员不计入；完成度低的组织排在前面。
        <span className="cp-legend"><i className="cp-screen" />排查率 <i className="cp-sign" />签订率</span>
      </Typography.Text>
      <Table<ProgressOrgRow>
        data-testid="board-table"
        rowKey="orgId"
        size="small"
        pagination={false}
        scroll={{ y: 400 }}
        dataSource={p.orgs}
        columns={[
          { title: '党组织', dataIndex: 'org', width: 180, ellipsis: { showTitle: false }, render: (v: string, r) => orgLabels.render(r.orgId, v) },
          { title: '党员', dataIndex: 'members', width: 60, align: 'right' },
          { title: '已排查', dataIndex: 'screened', width: 70, align: 'right' },
          { title: '排查率', dataIndex: 'screenRate', width: 70, align: 'right', render: (v: number) => `${v}%` },
          { title: '已签订', dataIndex: 'signed', width: 70, align: 'right' },
          { title: '签订率', dataIndex: 'signRate', width: 70, align: 'right', render: (v: number) => `${v}%` },
          { title: '信教', dataIndex: 'believers', width: 55, align: 'right' },
          { title: '转化', dataIndex: 'converted', width: 55, align: 'right' },
          { title: '处置', dataIndex: 'handled', width: 55, align: 'right' },
          { title: '进度', key: 'bars', render: (_: unknown, r) => <Bars screen={r.screenRate} sign={r.signRate} /> },
        ]}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">{t.members}</Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">{t.screened}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{t.screenRate}%</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right"><span data-testid="board-total-signed">{t.signed}</span></Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">{t.signRate}%</Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">{t.believers}</Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">{t.converted}</Table.Summary.Cell>
              <Table.Summary.Cell index={8} align="right">{t.handled}</Table.Summary.Cell>
              <Table.Summary.Cell index={9}><Bars screen={t.screenRate} sign={t.signRate} /></Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    </div>
  );
}
