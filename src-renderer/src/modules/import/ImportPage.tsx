import { App, Alert, Button, Card, Checkbox, Col, Descriptions, InputNumber, Radio, Result, Row, Select, Space, Statistic, Steps, Table, Tabs, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, saveFile } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import type { ImportPreview, ImportSummary } from '../../../../src-main/modules/import/contract.ts';
import type { ImportFileInput } from '../../../../src-main/modules/import/contract.ts';
import { MappingTable } from './MappingTable.tsx';
import { PreviewRows } from './PreviewRows.tsx';

// 导入党员: pick a file → sheets and detected header rows → column matching → every row checked with
// problems marked on the cell → the diff the commit would make → mode → progress with cancel →
// summary, error report, undo. Parsing runs as a job in a worker on the main side.

type Options = Pick<ImportFileInput, 'sheets' | 'headerRows' | 'mapping' | 'mode' | 'org' | 'createOrgs'>;

export default function ImportPage() {
  const { message, modal } = App.useApp();
  const [runJob, jobModal] = useJobRunner();
  const { orgs } = useOrgs();
  const fileRef = useRef<{ bytes: Uint8Array<ArrayBuffer>; fileName: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [options, setOptions] = useState<Options>({ mode: 'insert' });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const input = (o: Options = options): ImportFileInput => ({ ...fileRef.current!, ...o });

  const runPreview = async (o: Options) => {
    setOptions(o);
    setError(null);
    try {
      setPreview(await runJob<ImportPreview>('正在读取并检查表格', () => api.import.preview(input(o))));
    } catch (e) {
      setPreview(null);
      setError((e as Error).message);
    }
  };

  const pick = async (file: File | undefined) => {
    if (!file) return;
    fileRef.current = { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name };
    setSummary(null);
    await runPreview({ mode: options.mode, createOrgs: options.createOrgs, org: options.org });
  };

  const commit = async () => {
    try {
      const s = await runJob<ImportSummary>('正在导入', () => api.import.commit(input()));
      setSummary(s);
      message.success(`导入完成：新增 ${s.inserted} 人，更新 ${s.updated} 人`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const errorReport = async () => {
    try {
      saveFile(await runJob('正在生成错误报告', () => api.import.errorReport(input())));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const undo = (batchId: number) =>
    modal.confirm({
      title: '撤销本次导入？',
      content: '将删除本次新增的党员，并把本次更新的党员恢复为导入前的信息。',
      okText: '撤销导入',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await api.import.undo({ batchId });
          message.success(`已撤销：删除 ${r.removed} 人，恢复 ${r.restored} 人`);
          setSummary(null);
          setPreview(null);
          fileRef.current = null;
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });

  const template = async () => {
    try {
      saveFile(await api.import.template({}));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const step = summary ? 3 : preview ? 2 : 0;
  const imported = preview?.sheets.filter((s) => s.headerRow && !s.skipped) ?? [];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="import-page">
      {jobModal}
      <Steps size="small" current={step} items={[{ title: '选择文件' }, { title: '核对表头与列' }, { title: '预览检查' }, { title: '完成' }]} />
      <Card size="small">
        <Space wrap>
          <input
            ref={inputRef}
            type="file"
            accept=".xlsx,.xls,.csv"
            style={{ display: 'none' }}
            data-testid="import-file-input"
            onChange={(e) => {
              void pick(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
          <Button type="primary" onClick={() => inputRef.current?.click()} data-testid="import-pick">选择表格文件（.xlsx / .xls / .csv）</Button>
          <Button onClick={template} data-testid="import-template">下载导入模板</Button>
          <Typography.Text type="secondary">已在库中的党员按公民身份号码识别：</Typography.Text>
          <Radio.Group
            value={options.mode}
            onChange={(e) => (fileRef.current ? runPreview({ ...options, mode: e.target.value }) : setOptions({ ...options, mode: e.target.value }))}
            data-testid="import-mode"
            options={[
              { value: 'insert', label: '仅新增（跳过已有党员）' },
              { value: 'upsert', label: '按身份证号更新' },
            ]}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部导入到指定党组织（可选）"
            style={{ width: 260 }}
            value={options.org}
            options={orgs.filter((o) => o.type !== '党组').map((o) => ({ value: o.name, label: o.name }))}
            onChange={(v) => (fileRef.current ? runPreview({ ...options, org: v }) : setOptions({ ...options, org: v }))}
          />
          <Checkbox
            checked={Boolean(options.createOrgs)}
            onChange={(e) => (fileRef.current ? runPreview({ ...options, createOrgs: e.target.checked }) : setOptions({ ...options, createOrgs: e.target.checked }))}
          >
            自动创建表中不存在的党组织
          </Checkbox>
        </Space>
      </Card>

      {error && <Alert type="error" showIcon message="无法导入该文件" description={error} data-testid="import-error" />}

      {summary && (
        <Result
          status={summary.errors.length ? 'warning' : 'success'}
          title={`导入完成：新增 ${summary.inserted} 人，更新 ${summary.updated} 人，跳过 ${summary.skipped} 人`}
          subTitle={summary.rejected ? `${summary.rejected} 行有错误未导入，可下载错误报告修改后再次导入。` : `导入批次 ${summary.batchId}，可在“导入记录”中查看或撤销。`}
          data-testid="import-summary"
          extra={[
            summary.rejected ? <Button key="r" onClick={errorReport}>下载错误报告</Button> : null,
            summary.batchId ? <Button key="u" danger onClick={() => undo(summary.batchId!)} data-testid="import-undo">撤销本次导入</Button> : null,
          ]}
        />
      )}

      {preview && !summary && (
        <>
          <Card size="small" title={`文件：${preview.fileName}`}>
            <Row gutter={16}>
              <Col span={4}><Statistic title="新增" value={preview.counts.new} valueStyle={{ color: '#389e0d' }} /></Col>
              <Col span={4}><Statistic title="更新" value={preview.counts.updated} valueStyle={{ color: '#1677ff' }} /></Col>
              <Col span={4}><Statistic title="无变化/已存在" value={preview.counts.unchanged} /></Col>
              <Col span={4}><Statistic title="有错误（不导入）" value={preview.counts.rejected} valueStyle={{ color: '#cf1322' }} /></Col>
              <Col span={4}><Statistic title="提示" value={preview.counts.warnings} valueStyle={{ color: '#d48806' }} /></Col>
              <Col span={4}>
                <Space direction="vertical">
                  <Button type="primary" onClick={commit} disabled={preview.counts.new + preview.counts.updated === 0} data-testid="import-commit">
                    导入 {preview.counts.new + preview.counts.updated} 人
                  </Button>
                  {preview.counts.rejected > 0 && <Button size="small" onClick={errorReport} data-testid="import-error-report">下载错误报告</Button>}
                </Space>
              </Col>
            </Row>
            {preview.createOrgs.length > 0 && (
              <Alert style={{ marginTop: 8 }} type="info" showIcon message={`将新建党组织：${preview.createOrgs.map((o) => o.name).join('、')}`} />
            )}
          </Card>

          <Card size="small" title="工作表与列">
            <Tabs
              items={preview.sheets.map((s) => ({
                key: s.name,
                label: (
                  <span>
                    {s.name} {s.skipped ? <Tag>{s.skipped}</Tag> : <Tag color="green">{s.rowCount} 行</Tag>}
                  </span>
                ),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Descriptions size="small" column={3}>
                      <Descriptions.Item label="表头所在行">
                        <InputNumber
                          size="small"
                          min={1}
                          max={30}
                          value={s.headerRow ?? undefined}
                          data-testid={`header-row-${s.name}`}
                          onChange={(v) => v && runPreview({ ...options, headerRows: { ...(options.headerRows ?? {}), [s.name]: v } })}
                        />
                        {s.headerRowCount === 2 && <Tag style={{ marginLeft: 8 }}>两行表头（已合并）</Tag>}
                      </Descriptions.Item>
                      <Descriptions.Item label="是否导入">
                        <Checkbox
                          checked={!s.skipped || s.skipped !== '未选择'}
                          disabled={!s.headerRow && s.skipped !== '未选择'}
                          onChange={(e) => {
                            const all = preview.sheets.filter((x) => x.skipped !== '未选择').map((x) => x.name);
                            const next = e.target.checked ? [...all, s.name] : all.filter((n) => n !== s.name);
                            void runPreview({ ...options, sheets: next });
                          }}
                        />
                      </Descriptions.Item>
                      <Descriptions.Item label="未匹配的列">{s.unmatched.length ? s.unmatched.join('、') : '无'}</Descriptions.Item>
                    </Descriptions>
                    {s.topRows.length > 0 && (
                      <Table<{ i: number; cells: string[] }>
                        size="small"
                        pagination={false}
                        rowKey="i"
                        dataSource={s.topRows.map((cells, i) => ({ i, cells }))}
                        rowClassName={(r) => (s.headerRow && r.i + 1 >= s.headerRow && r.i + 1 < s.headerRow + s.headerRowCount ? 'ant-table-row-selected' : '')}
                        scroll={{ x: true }}
                        columns={[
                          { title: '行', width: 44, render: (_: unknown, r) => r.i + 1 },
                          ...Array.from({ length: Math.min(14, Math.max(...s.topRows.map((x) => x.length), 0)) }, (_, c) => ({
                            title: String.fromCharCode(65 + c),
                            width: 110,
                            ellipsis: true,
                            render: (_: unknown, r: { i: number; cells: string[] }) => r.cells[c] ?? '',
                          })),
                        ]}
                      />
                    )}
                    {s.columns.length > 0 && (
                      <MappingTable sheet={s} onChange={(key, target) => runPreview({ ...options, mapping: { ...(options.mapping ?? {}), [key]: target } })} />
                    )}
                  </Space>
                ),
              }))}
            />
          </Card>

          {imported.length > 0 && (
            <Card size="small" title="逐行检查（红色：错误，该行不导入；黄色：提示，照常导入）">
              <PreviewRows preview={preview} />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}
