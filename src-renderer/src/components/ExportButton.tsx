import { App, Button, Checkbox, Modal, Space, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, saveFile } from '../api/client.ts';
import type { ExportColumns } from '../../../src-main/modules/core/contract.ts';
import { useJobRunner } from './useJobRunner.tsx';

// The one way the UI exports a table of the registry: runs exports.run as a job (progress, cancel),
// saves the file, shows the layout's hints, and offers the clerk's column choice when the table has one.

interface Props {
  /** registry name, e.g. 'dues-publicity' */
  name: string;
  /** the table's input (its flags on the CLI) */
  input: Record<string, unknown>;
  /** button text; default 导出 Excel */
  children?: ReactNode;
  disabled?: boolean;
  /** why it is disabled (shown on hover) */
  disabledReason?: string;
  type?: 'primary' | 'default';
  /** offer the 列设置 link beside the button (tables with choosable columns) */
  columns?: boolean;
  /** the link's text when 列设置 could be mistaken for another choice on the page */
  columnsLabel?: string;
  /** tables with sensitive findings: ask before saving */
  confidential?: boolean;
  testId?: string;
}

export function ExportButton({ name, input, children, disabled, disabledReason, type = 'default', columns, columnsLabel, confidential, testId }: Props) {
  const { message, modal } = App.useApp();
  const [run, progress] = useJobRunner();
  const [choosing, setChoosing] = useState(false);

  const go = async () => {
    if (confidential) {
      const ok = await modal.confirm({
        title: '导出涉密内容',
        content: '该表含有党员信教排查结果，属内部资料，请注意保密，不得外传。确定导出？',
        okText: '确定导出',
        cancelText: '取消',
      });
      if (!ok) return;
    }
    try {
      const file = await run('正在导出…', () => api.exports.run({ name, input }));
      saveFile(file);
      for (const w of file.warnings ?? []) message.warning(w, 8);
    } catch (e) {
      message.error((e as Error).message, 6);
    }
  };

  const button = (
    <Button type={type} disabled={disabled} onClick={go} data-testid={testId ?? `export-${name}`}>
      {children ?? '导出 Excel'}
    </Button>
  );
  return (
    <Space size={4}>
      {disabled && disabledReason ? <Tooltip title={disabledReason}>{button}</Tooltip> : button}
      {columns && (
        <Button type="link" size="small" onClick={() => setChoosing(true)} data-testid={`columns-${name}`}>
          {columnsLabel ?? '列设置'}
        </Button>
      )}
      {choosing && <ColumnChooser name={name} onClose={() => setChoosing(false)} />}
      {progress}
    </Space>
  );
}

/** which columns, in which order: ticked columns are exported in the listed order; arrows move them */
function ColumnChooser({ name, onClose }: { name: string; onClose: () => void }) {
  const { message } = App.useApp();
  const [cols, setCols] = useState<ExportColumns | null>(null);
  const [loading, setLoading] = useState(false);
  if (!cols && !loading) {
    setLoading(true);
    void api.exports.columns({ name }).then(setCols, (e: Error) => message.error(e.message));
  }
  const save = async () => {
    if (!cols) return;
    try {
      await api.exports.saveColumns({ name, columns: cols.chosen });
      message.success('已保存列设置，以后导出都按此设置');
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Modal open title="选择要导出的列" onCancel={onClose} onOk={save} okText="保存" cancelText="取消" okButtonProps={{ disabled: !cols?.chosen.length }}>
      {cols && <ColumnList cols={cols} onChange={(chosen) => setCols({ ...cols, chosen })} />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        勾选的列按列出的顺序导出；用箭头调整顺序。序号、姓名等必需列总会导出。
      </Typography.Paragraph>
    </Modal>
  );
}

/** ticked columns in the listed order, with arrows to move them (also the roster's on-screen columns) */
export function ColumnList({ cols, onChange, defaults }: { cols: ExportColumns; onChange: (chosen: string[]) => void; defaults?: string[] }) {
  const label = new Map(cols.available.map((c) => [c.key, c]));
  const rest = cols.available.filter((c) => !cols.chosen.includes(c.key)).map((c) => c.key);
  const order = [...cols.chosen, ...rest];
  const move = (key: string, d: -1 | 1) => {
    const i = cols.chosen.indexOf(key);
    const j = i + d;
    if (i < 0 || j < 0 || j >= cols.chosen.length) return;
    const next = [...cols.chosen];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
  };
  return (
    <div style={{ maxHeight: 360, overflow: 'auto', border: '1px solid #f0f0f0', padding: 6 }} data-testid="column-list">
      {order.map((key) => {
        const c = label.get(key)!;
        const on = cols.chosen.includes(key);
        return (
          <div key={key} style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
            <Checkbox
              data-testid={`column-${key}`}
              checked={on || c.required}
              disabled={c.required}
              onChange={(e) => onChange(e.target.checked ? [...cols.chosen, key] : cols.chosen.filter((k) => k !== key))}
            >
              {c.label}
            </Checkbox>
            {on && (
              <span style={{ marginLeft: 'auto' }}>
                <Button size="small" type="text" onClick={() => move(key, -1)} aria-label="上移">↑</Button>
                <Button size="small" type="text" onClick={() => move(key, 1)} aria-label="下移">↓</Button>
              </span>
            )}
          </div>
        );
      })}
      <Button size="small" style={{ marginTop: 6 }} onClick={() => onChange(defaults ?? cols.available.map((c) => c.key))}>恢复默认</Button>
    </div>
  );
}
