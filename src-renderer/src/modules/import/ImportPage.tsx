import { App, Alert, Button, Card, Checkbox, Collapse, Radio, Result, Select, Space, Statistic, Steps, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, saveFile } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { useNavigate } from '../../components/navigation.tsx';
import type { ImportPreview, ImportSummary } from '../../../../src-main/modules/import/contract.ts';
import type { ImportFileInput } from '../../../../src-main/modules/import/contract.ts';
import { ImportIssues } from './ImportIssues.tsx';
import { PreviewRows } from './PreviewRows.tsx';
import { SheetDetails } from './SheetDetails.tsx';

// 导入党员 at 1366×768: pick one or more files → what was found, problems first (sheets refused, columns left
// out, rows with errors, where new organizations go) → every row checked, the problem on the row and on the
// cell → commit → summary with 去花名册查看, error report and undo. One scroll area: the page itself.
// Parsing runs as a job in a worker on the main side.

type Options = Pick<ImportFileInput, 'sheets' | 'headerRows' | 'mapping' | 'mode' | 'org' | 'createOrgs' | 'parent' | 'defaultCategory'>;
type Files = Pick<ImportFileInput, 'bytes' | 'fileName' | 'moreFiles'>;

export default function ImportPage() {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [runJob, jobModal] = useJobRunner();
  const { orgs } = useOrgs();
  const filesRef = useRef<Files | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [options, setOptions] = useState<Options>({ mode: 'insert' });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const input = (o: Options = options): ImportFileInput => ({ ...filesRef.current!, ...o });
  /** where new organizations go unless the clerk says otherwise: the one top-level committee, if there is one */
  const defaultParent = () => {
    const roots = orgs.filter((o) => o.parentId == null && o.type !== '党组');
    return roots.length === 1 ? roots[0].name : undefined;
  };

  /** the latest preview asked for: an earlier one that finishes later is dropped */
  const latest = useRef(0);
  const runPreview = async (o: Options) => {
    setOptions(o);
    setError(null);
    if (!filesRef.current) return;
    const mine = ++latest.current;
    try {
      const p = await runJob<ImportPreview>('正在读取并检查表格', () => api.import.preview(input(o)));
      if (mine === latest.current) setPreview(p);
    } catch (e) {
      if (mine !== latest.current) return;
      setPreview(null);
      setError((e as Error).message);
    }
  };

  const pick = async (list: FileList | null) => {
    if (!list?.length) return;
    const files = await Promise.all(Array.from(list, async (f) => ({ bytes: new Uint8Array(await f.arrayBuffer()), fileName: f.name })));
    filesRef.current = { ...files[0], moreFiles: files.length > 1 ? files.slice(1) : undefined };
    setSummary(null);
    await runPreview({ mode: options.mode, createOrgs: options.createOrgs, parent: options.parent, org: options.org });
  };

  const commit = async () => {
    try {
      const s = await runJob<ImportSummary>('正在导入', () => api.import.commit(input()));
      setSummary(s);
      if (s.batchId) message.success(`导入完成：新增 ${s.inserted} 人，更新 ${s.updated} 人`);
      else message.warning('没有可以导入的行，党员库未作修改');
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
          filesRef.current = null;
        } catch (e) {
          modal.error({ title: '本次导入未撤销', content: <span data-testid="undo-refused">{(e as Error).message}</span>, okText: '知道了', width: 560 });
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

  const again = () => {
    setSummary(null);
    setPreview(null);
    filesRef.current = null;
    inputRef.current?.click();
  };

  const step = summary ? 3 : preview ? 2 : 0;
  const orgOptions = orgs.filter((o) => o.type !== '党组').map((o) => ({ value: o.name, label: o.name }));
  const toWrite = preview ? preview.counts.new + preview.counts.updated : 0;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="import-page">
      {jobModal}
      <Steps size="small" current={step} items={[{ title: '选择文件' }, { title: '核对问题与列' }, { title: '预览检查' }, { title: '完成' }]} />
      <Card size="small">
        <Space wrap size={[12, 8]}>
          <input
            ref={inputRef}
            type="file"
            multiple
            accept=".xlsx,.xls,.csv,.htm,.html,.et"
            style={{ display: 'none' }}
            data-testid="import-file-input"
            onChange={(e) => {
              void pick(e.target.files);
              e.target.value = '';
            }}
          />
          <Button type="primary" onClick={() => inputRef.current?.click()} data-testid="import-pick">选择表格文件（可多选）</Button>
          <Button onClick={template} data-testid="import-template">下载导入模板</Button>
          <span>
            <Typography.Text type="secondary">已在库中的党员（按公民身份号码识别）：</Typography.Text>
            <Radio.Group
              value={options.mode}
              onChange={(e) => void runPreview({ ...options, mode: e.target.value })}
              data-testid="import-mode"
              options={[
                { value: 'insert', label: '跳过' },
                { value: 'upsert', label: '用表中信息更新' },
              ]}
            />
          </span>
          <span>
            <Typography.Text type="secondary">表中未写党组织的行导入到：</Typography.Text>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="不指定"
              style={{ width: 240 }}
              value={options.org}
              options={orgOptions}
              data-testid="import-org"
              onChange={(v) => void runPreview({ ...options, org: v })}
            />
          </span>
          <Checkbox
            checked={Boolean(options.createOrgs)}
            data-testid="import-create-orgs"
            onChange={(e) => void runPreview({ ...options, createOrgs: e.target.checked, parent: e.target.checked ? (options.parent ?? defaultParent()) : undefined })}
          >
            自动创建表中不存在的党组织
          </Checkbox>
        </Space>
      </Card>

      {error && <Alert type="error" showIcon message="无法导入该文件" description={error} data-testid="import-error" />}

      {summary && (
        <Result
          status={summary.batchId ? (summary.rejected ? 'warning' : 'success') : 'error'}
          title={
            summary.batchId
              ? `导入完成：新增 ${summary.inserted} 人，更新 ${summary.updated} 人，跳过 ${summary.skipped} 行`
              : '没有导入任何党员：所有行都有错误或不是党员信息'
          }
          subTitle={
            summary.rejected
              ? `${summary.rejected} 行有错误未导入，可下载错误报告，修改后再次导入。${summary.batchId ? `导入批次 ${summary.batchId}，可在“导入记录”中查看或撤销。` : ''}`
              : `导入批次 ${summary.batchId}，可在“导入记录”中查看或撤销。`
          }
          data-testid="import-summary"
          extra={[
            summary.batchId ? (
              <Button key="m" type="primary" onClick={() => navigate('members')} data-testid="import-go-roster">去花名册查看</Button>
            ) : null,
            summary.rejected ? <Button key="r" onClick={errorReport} data-testid="import-summary-report">下载错误报告</Button> : null,
            summary.batchId ? <Button key="u" danger onClick={() => undo(summary.batchId!)} data-testid="import-undo">撤销本次导入</Button> : null,
            <Button key="a" onClick={again}>继续导入其他文件</Button>,
          ]}
        />
      )}

      {preview && !summary && (
        <>
          <Card size="small" data-testid="import-overview" title={<Typography.Text ellipsis style={{ maxWidth: 560 }}>文件：{preview.fileName}</Typography.Text>}
            extra={
              <Space>
                {preview.counts.rejected > 0 && <Button onClick={errorReport} data-testid="import-error-report">下载错误报告</Button>}
                <Button type="primary" onClick={commit} disabled={toWrite === 0} data-testid="import-commit">导入 {toWrite} 人</Button>
              </Space>
            }
          >
            <Space size={40} wrap>
              <Statistic title="新增" value={preview.counts.new} valueStyle={{ color: '#389e0d' }} />
              <Statistic title="更新" value={preview.counts.updated} valueStyle={{ color: '#1677ff' }} />
              <Statistic title="有错误（不导入）" value={preview.counts.rejected} valueStyle={{ color: '#cf1322' }} />
              <Statistic title="提示" value={preview.counts.warnings} valueStyle={{ color: '#d48806' }} />
              <Statistic title="跳过的行" value={preview.counts.skipped} />
            </Space>
          </Card>

          <ImportIssues
            preview={preview}
            options={options}
            orgOptions={orgOptions}
            onDefaultCategory={(v) => void runPreview({ ...options, defaultCategory: v })}
            onParent={(v) => void runPreview({ ...options, parent: v })}
          />

          <Card size="small" title="逐行检查（红色：错误，该行不导入；黄色：提示，照常导入）">
            <PreviewRows preview={preview} />
          </Card>

          <Collapse
            size="small"
            data-testid="import-sheets"
            defaultActiveKey={preview.sheets.some((s) => s.unmapped.length || s.refused || (!s.headerRow && s.kind !== 'form') || s.columns.some((c) => c.manual)) ? ['sheets'] : []}
            items={[
              {
                key: 'sheets',
                label: `工作表与列的对应（${preview.sheets.length} 个工作表）`,
                children: (
                  <SheetDetails
                    preview={preview}
                    onHeaderRow={(sheet, rows) => void runPreview({ ...options, headerRows: { ...(options.headerRows ?? {}), [sheet]: rows } })}
                    onSheets={(sheets) => void runPreview({ ...options, sheets })}
                    onMapping={(key, target) => void runPreview({ ...options, mapping: { ...(options.mapping ?? {}), [key]: target } })}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
