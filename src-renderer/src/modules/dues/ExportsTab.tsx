import { Alert, App, Button, Card, Checkbox, Input, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, saveFile } from '../../api/client.ts';
import type { OpOutput } from '../../../../src-main/contract/index.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { DuesSettingsCard } from './DuesSettingsCard.tsx';
import { quarterOf } from './AccountsTab.tsx';

type ImportResult = OpOutput<'dues.importAssessment'>;

/**
 * the printable tables (docs/domain/dues.md#dues-sheets) and the yearly cycle (copy last year's bases as this
 * year's draft, read the filled-in 核定表 back: valid rows kept, refused rows listed with an error workbook)
 */
export function ExportsTab({ orgId, year, onChanged }: { orgId: number | null; year: number; onChanged: () => void }) {
  const { message } = App.useApp();
  // the quarter we are in (not the first of the year): what a clerk publishes now
  const [period, setPeriod] = useState(quarterOf(year));
  useEffect(() => setPeriod(quarterOf(year)), [year]);
  const [includeBase, setIncludeBase] = useState(false);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const none = orgId == null;
  const why = '请先在上方选择党组织';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title="按期间（月、季度、半年或年度）">
        <Space wrap>
          <span>期间</span>
          <Input data-testid="publicity-period" value={period} onChange={(e) => setPeriod(e.target.value)} style={{ width: 110 }} placeholder="如 2026-Q4 或 2026-11" />
          <Checkbox checked={includeBase} onChange={(e) => setIncludeBase(e.target.checked)}>公示表包含计算基数（收入）</Checkbox>
          <ExportButton name="dues-publicity" input={{ org: orgId, period, includeBase }} disabled={none} disabledReason={why} columns>党费收缴情况公示表</ExportButton>
          <ExportButton name="dues-remittance" input={{ org: orgId, period }} disabled={none} disabledReason={why} columns>党费上缴汇总表</ExportButton>
        </Space>
      </Card>
      <Card size="small" title={`${year}年度`}>
        <Space wrap>
          <ExportButton name="dues-summary" input={{ year }} testId="export-dues-summary-all">党费收缴情况统计表（全部组织）</ExportButton>
          <ExportButton name="dues-summary" input={{ year, org: orgId }} disabled={none} disabledReason={why}>统计表（本组织及下级）</ExportButton>
          <ExportButton name="dues-register" input={{ year, org: orgId }} disabled={none} disabledReason={why} columns>党费收缴登记表</ExportButton>
          <ExportButton name="dues-usage" input={{ year, org: orgId }} disabled={none} disabledReason={why}>党费使用情况明细表</ExportButton>
          <ExportButton name="dues-self-check" input={{ org: orgId }} disabled={none} disabledReason={why}>党费交纳情况自查申报表（每人一页）</ExportButton>
          <ExportButton name="dues-assessment" input={{ year, org: orgId }} disabled={none} disabledReason={why}>党费基数核定表（供支部填写）</ExportButton>
        </Space>
      </Card>
      <Card size="small" title="年度核定">
        <Space wrap>
          <Popconfirm title={`把上年基数复制为${year}年度草稿？已核定的党员不受影响。`} onConfirm={async () => {
            try {
              const r = await api.dues.copyYear({ year, orgId });
              message.success(`已复制 ${r.copied} 名党员`);
              onChanged();
            } catch (e) {
              message.error((e as Error).message);
            }
          }}>
            <Button>复制上年基数为本年草稿</Button>
          </Popconfirm>
          <Upload
            accept=".xlsx,.xls,.csv"
            showUploadList={false}
            disabled={none}
            beforeUpload={async (file) => {
              try {
                const bytes = new Uint8Array(await file.arrayBuffer());
                const r = await api.dues.importAssessment({ orgId, year, fileName: file.name, bytes });
                setImported(r);
                if (r.imported) onChanged();
              } catch (e) {
                message.error((e as Error).message, 8);
              }
              return Upload.LIST_IGNORE;
            }}
          >
            <Button disabled={none} data-testid="import-assessment">导入填好的核定表</Button>
          </Upload>
          <Typography.Text type="secondary">草稿（暂定）标准在核定前照常计算应交，表中标“暂”。</Typography.Text>
        </Space>
        {imported ? (
          <div style={{ marginTop: 12 }} data-testid="import-result">
            <Alert
              type={imported.refused.length ? 'warning' : 'success'}
              showIcon
              closable
              onClose={() => setImported(null)}
              title={`已导入 ${imported.imported} 名党员的${year}年度核定数据${imported.skipped ? `，跳过空行 ${imported.skipped} 行` : ''}${imported.refused.length ? `；${imported.refused.length} 行未导入，请改正后再导入这些行` : ''}`}
              description={imported.warnings.length ? imported.warnings.join('；') : undefined}
              action={imported.errorReport ? <Button size="small" onClick={() => saveFile(imported.errorReport!)} data-testid="import-error-report">下载未导入的行</Button> : undefined}
            />
            {imported.refused.length ? (
              <Table size="small" rowKey="row" pagination={false} style={{ marginTop: 8 }} dataSource={imported.refused} data-testid="import-refused" columns={[
                { title: '行号', dataIndex: 'row', width: 60 }, { title: '姓名', dataIndex: 'name', width: 90 }, { title: '公民身份号码', dataIndex: 'idNumber', width: 180 },
                { title: '原因', dataIndex: 'message' },
              ]} />
            ) : null}
          </div>
        ) : null}
      </Card>
      <DuesSettingsCard orgId={orgId} />
    </Space>
  );
}
