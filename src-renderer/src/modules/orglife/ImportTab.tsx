import { Alert, App, Button, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import type { ImportPreviewDto, ImportRowDto } from '../../../../src-main/modules/orglife/contract.ts';
import { fileBytes } from './format.ts';

// Batch entry of a quarter's worth from the register the clerk already keeps (Excel, WPS, CSV): the header
// is found and mapped automatically, the clerk may correct a column, every row is checked like a meeting
// entered by hand, and the file goes in whole or not at all (docs/domain/org-life.md#batch-entry).

export function ImportTab({ org }: { org: OrgDto }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array<ArrayBuffer> } | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [preview, setPreview] = useState<ImportPreviewDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const analyse = async (f: { name: string; bytes: Uint8Array<ArrayBuffer> }, m: Record<string, string | null>) => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await api.activity.importPreview({ org: org.id, fileName: f.name, bytes: f.bytes, mapping: m }));
    } catch (e) {
      setPreview(null);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await api.activity.importCommit({ org: org.id, fileName: file.name, bytes: file.bytes, mapping });
      message.success(`已登记 ${r.added} 次活动`);
      setPreview(null);
      setFile(null);
      setMapping({});
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        选择本支部已有的“三会一课”登记表（.xlsx / .xls / .csv）。表中没有“党组织”列时，按上方选择的 {org.name} 登记；缺席人员按姓名与当日应到人员对应。
        全部行无误才会登记，有一行不能登记则整个文件都不登记。
      </Typography.Paragraph>
      <Upload
        accept=".xlsx,.xls,.csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={async (f) => {
          const next = { name: f.name, bytes: await fileBytes(f) };
          setFile(next);
          setMapping({});
          await analyse(next, {});
          return false;
        }}
      >
        <Button data-testid="import-file" loading={busy}>选择登记表文件</Button>
      </Upload>
      {error && <Alert type="error" showIcon title={<span style={{ whiteSpace: 'pre-wrap' }}>{error}</span>} data-testid="import-error" />}
      {preview && file && (
        <>
          <Typography.Text>
            {file.name}：第 {preview.headerRow} 行为表头；可登记 <b data-testid="import-ok">{preview.ok}</b> 行，不能登记 <b data-testid="import-failed">{preview.failed}</b> 行。
          </Typography.Text>
          <Space wrap size={[12, 4]}>
            {preview.columns.map((c) => (
              <Space key={c.index} size={2}>
                <Typography.Text type="secondary">{c.heading}</Typography.Text>→
                <Select
                  size="small"
                  style={{ width: 120 }}
                  value={c.field ?? ''}
                  options={[{ value: '', label: '（不导入）' }, ...preview.fields.map((x) => ({ value: x.key, label: x.label }))]}
                  onChange={(v) => {
                    const m = { ...mapping, [c.heading]: v || null };
                    setMapping(m);
                    void analyse(file, m);
                  }}
                />
              </Space>
            ))}
          </Space>
          <Table<ImportRowDto>
            size="small"
            rowKey="row"
            data-testid="import-preview"
            pagination={false}
            scroll={{ y: 300 }}
            dataSource={preview.rows}
            columns={[
              { title: '行', dataIndex: 'row', width: 50 },
              { title: '日期', dataIndex: 'date', width: 100 },
              { title: '类型', dataIndex: 'type', width: 110 },
              { title: '主题/议题', dataIndex: 'topic', ellipsis: true },
              { title: '缺席人员', dataIndex: 'absent', width: 200, render: (a: string[]) => a.join('、') },
              { title: '应到/实到', key: 'n', width: 80, render: (_: unknown, r) => (r.expected === null ? '' : `${r.expected}/${r.present}`) },
              {
                title: '检查', key: 'check', width: 280,
                render: (_: unknown, r) => (r.errors.length
                  ? <Typography.Text type="danger">{r.errors.join('；')}</Typography.Text>
                  : r.warnings.length ? <Typography.Text type="warning">{r.warnings.join('；')}</Typography.Text> : <Tag color="green">可登记</Tag>),
              },
            ]}
          />
          <Button type="primary" disabled={preview.failed > 0 || preview.ok === 0} loading={busy} onClick={() => void commit()} data-testid="import-commit">
            全部登记（{preview.ok} 次）
          </Button>
        </>
      )}
    </Space>
  );
}
