import { Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ImportPreview, PreviewRow, SkippedRowDto } from '../../../../src-main/modules/import/contract.ts';

// Every row the import would touch, the problem first: the 问题 column comes right after the row number and
// wraps, and the cell it concerns is marked (red = error, the row is not imported; orange = warning,
// imported) with the message on hover. Rows with problems are shown first; skipped rows have their own tab
// with the reason. Paged, inside the page's one scroll area, narrow enough for 1366 px.

const ACTION: Record<string, { label: string; color: string }> = {
  insert: { label: '新增', color: 'green' },
  update: { label: '更新', color: 'blue' },
  unchanged: { label: '跳过', color: 'default' },
  rejected: { label: '有错误', color: 'red' },
};

const FIELDS: [string, string, number][] = [
  ['name', '姓名', 76],
  ['idNumber', '公民身份号码', 166],
  ['gender', '性别', 46],
  ['category', '人员类别', 86],
  ['joinedOn', '入党日期', 88],
  ['confirmedOn', '转正日期', 88],
];

type Filter = 'problems' | 'all' | 'insert' | 'update' | 'skipped';

export function PreviewRows({ preview }: { preview: ImportPreview }) {
  const problems = useMemo(() => preview.rows.filter((r) => r.issues.length), [preview]);
  const [filter, setFilter] = useState<Filter>(problems.length ? 'problems' : 'all');
  const rows = useMemo(() => {
    switch (filter) {
      case 'problems':
        return problems;
      case 'insert':
      case 'update':
        return preview.rows.filter((r) => r.action === filter);
      default:
        return preview.rows;
    }
  }, [preview, filter, problems]);
  const several = preview.sheets.filter((s) => s.rowCount).length > 1;

  /** the issues of one field: matched by the column the file uses for that field */
  const issuesOf = (r: PreviewRow, field: string, label: string) =>
    r.issues.filter((i) => i.column === label || fieldOfColumn(preview, r.sheet, i.column) === field);

  const cell = (r: PreviewRow, field: string, label: string) => {
    const issues = issuesOf(r, field, label);
    const value = r.values[field] ?? '';
    if (!issues.length) return value;
    const error = issues.some((i) => i.level === 'error');
    return (
      <Tooltip title={issues.map((i) => i.message).join('；')}>
        <div
          data-testid={error ? 'cell-error' : 'cell-warning'}
          style={{ background: error ? '#fff1f0' : '#fffbe6', border: `1px solid ${error ? '#ffa39e' : '#ffe58f'}`, padding: '0 4px', minHeight: 22, cursor: 'help' }}
        >
          {value || '（空）'}
        </div>
      </Tooltip>
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        data-testid="row-filter"
        options={[
          { value: 'problems', label: `有问题的行（${problems.length}）` },
          { value: 'all', label: `全部（${preview.counts.total}）` },
          { value: 'insert', label: `新增（${preview.counts.new}）` },
          { value: 'update', label: `更新（${preview.counts.updated}）` },
          { value: 'skipped', label: `跳过的行（${preview.counts.skipped}）` },
        ]}
      />
      {preview.rowsTruncated && filter !== 'skipped' && (
        <Typography.Text type="secondary">行数较多，下表先列出有问题的行和前面的行（共 {preview.counts.total} 行），导入时处理全部行。</Typography.Text>
      )}
      {filter === 'skipped' ? (
        <Table<SkippedRowDto>
          size="small"
          rowKey={(r) => `${r.sheet}#${r.row}`}
          dataSource={preview.skippedRows}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          data-testid="skipped-rows"
          columns={[
            ...(several ? [{ title: '工作表', dataIndex: 'sheet', width: 200, ellipsis: true }] : []),
            { title: '行', dataIndex: 'row', width: 70, render: (n: number) => `第${n}行` },
            { title: '未导入的原因', dataIndex: 'reason' },
          ]}
        />
      ) : (
        <Table<PreviewRow>
          size="small"
          tableLayout="fixed"
          rowKey={(r) => `${r.sheet}#${r.row}`}
          dataSource={rows}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          data-testid="preview-rows"
          columns={[
            {
              title: '行',
              width: several ? 120 : 64,
              render: (_, r) => (
                <Typography.Text ellipsis={{ tooltip: r.sheet }} style={{ width: several ? 110 : 56 }}>
                  {several ? `${r.sheet} ` : ''}第{r.row}行
                </Typography.Text>
              ),
            },
            { title: '处理', width: 68, render: (_, r) => <Tag color={ACTION[r.action].color}>{r.existing ? '已存在' : ACTION[r.action].label}</Tag> },
            {
              title: '问题 / 变化',
              width: 322,
              render: (_, r) => (
                <Space direction="vertical" size={0} data-testid="row-problems">
                  {r.issues.map((i, k) => (
                    <Typography.Text key={k} type={i.level === 'error' ? 'danger' : 'warning'} style={{ fontSize: 13 }}>
                      {i.column}：{i.message}
                    </Typography.Text>
                  ))}
                  {r.changes?.map((c, k) => (
                    <Typography.Text key={`c${k}`} style={{ fontSize: 13 }}>
                      {c.label}：{c.old || '（空）'} → {c.new}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            },
            ...FIELDS.map(([field, label, width]) => ({ title: label, width, render: (_: unknown, r: PreviewRow) => cell(r, field, label) })),
            { title: '所在党组织', ellipsis: true, render: (_: unknown, r: PreviewRow) => (issuesOf(r, 'org', '所在党组织').length ? cell(r, 'org', '所在党组织') : r.org ?? r.values.org) },
          ]}
        />
      )}
    </Space>
  );
}

function fieldOfColumn(preview: ImportPreview, sheet: string, column: string): string | null {
  const s = preview.sheets.find((x) => x.name === sheet);
  const c = s?.columns.find((x) => x.heading === column);
  return c?.target ?? null;
}
