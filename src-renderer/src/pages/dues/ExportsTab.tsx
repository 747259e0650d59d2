import { Button, Card, Checkbox, Input, Popconfirm, Space, Typography, Upload, message } from 'antd';
import { useState } from 'react';
import { api, saveFile } from '../../api/client.ts';
import { DuesSettingsCard } from './DuesSettingsCard.tsx';

/** the printable tables (§9.3) and the yearly cycle (copy last year's bases as this year's draft) */
export function ExportsTab({ orgId, year, onChanged }: { orgId: number | null; year: number; onChanged: () => void }) {
  const [period, setPeriod] = useState(`${year}-Q1`);
  const [includeBase, setIncludeBase] = useState(false);
  const run = async (fn: () => Promise<{ fileName: string; bytes: Uint8Array; warnings?: string[] }>) => {
    try {
      const file = await fn();
      saveFile(file);
      for (const w of file.warnings ?? []) message.warning(w, 10); // e.g. printed on A3
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title="党费收缴公示表（按支部，月或季度）">
        <Space>
          <Input value={period} onChange={(e) => setPeriod(e.target.value)} style={{ width: 110 }} placeholder="2023-Q1 或 2023-03" />
          <Checkbox checked={includeBase} onChange={(e) => setIncludeBase(e.target.checked)}>包含计算基数（收入）</Checkbox>
          <Button disabled={orgId == null} onClick={() => run(() => api.dues.exportPublicity({ orgId, period, includeBase }))}>导出</Button>
        </Space>
      </Card>
      <Card size="small" title={`${year}年度报表`}>
        <Space wrap>
          <Button onClick={() => run(() => api.dues.exportSummary({ year }))}>党费收缴情况统计表（全部组织）</Button>
          <Button disabled={orgId == null} onClick={() => run(() => api.dues.exportSummary({ year, orgId }))}>统计表（本组织）</Button>
          <Button disabled={orgId == null} onClick={() => run(() => api.dues.exportUsage({ year, orgId }))}>党费使用情况明细表</Button>
          <Button disabled={orgId == null} onClick={() => run(() => api.dues.exportAssessment({ year, orgId }))}>党费基数核定表（供支部填写）</Button>
        </Space>
      </Card>
      <Card size="small" title="年度核定">
        <Space>
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
            disabled={orgId == null}
            beforeUpload={async (file) => {
              try {
                const bytes = new Uint8Array(await file.arrayBuffer());
                const r = await api.dues.importAssessment({ orgId, year, fileName: file.name, bytes });
                message.success(`已导入 ${r.imported} 名党员的${year}年度核定数据`);
                for (const w of r.warnings) message.warning(w);
                onChanged();
              } catch (e) {
                message.error((e as Error).message, 8);
              }
              return Upload.LIST_IGNORE;
            }}
          >
            <Button disabled={orgId == null}>导入填好的核定表</Button>
          </Upload>
          <Typography.Text type="secondary">草稿（暂定）标准在核定前照常计算应交，表中标“暂”。</Typography.Text>
        </Space>
      </Card>
      <DuesSettingsCard orgId={orgId} />
    </Space>
  );
}
