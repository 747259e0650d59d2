import { Alert, App, Button, Space, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { DevImportResult } from '../../../../src-main/modules/development/contract.ts';

// An existing applicant / activist list (Excel or CSV): checked first (the columns found, the rows that
// cannot be taken, the history that broke a time rule), then imported. Rows without a 所在党组织 go to
// the organization chosen above.

export function ImportTab({ orgId, onChanged }: { orgId: number | null; onChanged: () => void }) {
  const { message } = App.useApp();
  const inputRef = useRef<HTMLInputElement>(null);
  const file = useRef<{ bytes: Uint8Array<ArrayBuffer>; fileName: string } | null>(null);
  const [result, setResult] = useState<DevImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file.current) return;
    setBusy(true);
    try {
      const r = await api.dev.import({ ...file.current, org: orgId, dryRun });
      setResult(r);
      if (!dryRun) {
        message.success(`已导入 ${r.imported} 人`);
        onChanged();
      }
    } catch (e) {
      setResult(null);
      message.error((e as Error).message, 6);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">表头须含“姓名”“公民身份号码（身份证号）”“申请入党日期”；可含所在党支部、确定入党积极分子日期、确定发展对象日期、谈话日期、性别、民族、学历等。</Typography.Text>
      <Space>
        <input ref={inputRef} type="file" accept=".xlsx,.xls,.csv" style={{ display: 'none' }} data-testid="dev-import-file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            file.current = { bytes: new Uint8Array(await f.arrayBuffer()), fileName: f.name };
            await run(true);
          }} />
        <Button onClick={() => inputRef.current?.click()} loading={busy}>选择文件并检查</Button>
        <Button type="primary" disabled={!result || !result.dryRun || result.rows === result.errors.length} onClick={() => run(false)} data-testid="dev-import-go">导入可导入的行</Button>
      </Space>
      {result ? (
        <>
          <Alert type={result.errors.length ? 'warning' : 'success'} showIcon data-testid="dev-import-summary"
            title={result.dryRun ? `共 ${result.rows} 行，${result.rows - result.errors.length} 行可以导入，${result.errors.length} 行有错误` : `已导入 ${result.imported} 人（共 ${result.rows} 行）`}
            description={`识别的列：${result.mapping.filter((m) => m.field).map((m) => `${m.column}→${m.field}`).join('，')}`} />
          <Table size="small" pagination={false} rowKey={(r) => `${r.kind}-${r.row}`} scroll={{ y: 300 }}
            dataSource={[...result.errors.map((e) => ({ ...e, kind: '未导入' })), ...result.warnings.map((w) => ({ ...w, kind: '提示' }))]}
            columns={[{ title: '行', dataIndex: 'row', width: 60 }, { title: '', dataIndex: 'kind', width: 70 }, { title: '说明', dataIndex: 'message' }]} />
        </>
      ) : null}
    </Space>
  );
}
