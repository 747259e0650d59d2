import { Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ImportPreview, PreviewRow } from '../../../../src-main/modules/import/contract.ts';

// Every row the import would touch, with problems marked on the cell: red = error (the row is not
// imported), orange = warning (imported, worth a look). Filterable to rows with errors.

const ACTION: Record<string, { label: string; color: string }> = {
  insert: { label: '新增', color: 'green' },
  update: { label: '更新', color: 'blue' },
  unchanged: { label: '无变化', color: 'default' },
  rejected: { label: '有错误', color: 'red' },
};

const FIELDS: [string, string, number][] = [
  ['name', '姓名', 90],
  ['idNumber', '公民身份号码', 180],
  ['gender', '性别', 60],
  ['ethnicity', '民族', 80],
  ['birthDate', '出生日期', 100],
  ['education', '学历', 100],
  ['category', '人员类别', 90],
  ['joinedOn', '入党日期', 100],
  ['confirmedOn', '转正日期', 100],
  ['phone', '手机号码', 120],
];

type Filter = 'all' | 'errors' | 'warnings' | 'insert' | 'update';

export function PreviewRows({ preview }: { preview: ImportPreview }) {
  const [filter, setFilter] = useState<Filter>('all');
  const rows = useMemo(() => {
    switch (filter) {
      case 'errors':
        return preview.rows.filter((r) => r.issues.some((i) => i.level === 'error'));
      case 'warnings':
        return preview.rows.filter((r) => r.issues.some((i) => i.level === 'warning'));
      case 'insert':
      case 'update':
        return preview.rows.filter((r) => r.action === filter);
      default:
        return preview.rows;
    }
  }, [preview, filter]);

  /** the issues of one field: matched by the column heading the file uses for that field */
  const issuesOf = (r: PreviewRow, label: string, field: string) =>
    r.issues.filter((i) => i.column === label || fieldOfColumn(preview, r.sheet, i.column) === field);

  const cell = (r: PreviewRow, field: string, label: string) => {
    const issues = issuesOf(r, label, field);
    const value = r.values[field] ?? '';
    if (!issues.length) return value;
    const error = issues.some((i) => i.level === 'error');
    return (
      <Tooltip title={issues.map((i) => i.message).join('；')}>
        <div
          data-testid={error ? 'cell-error' : 'cell-warning'}
          style={{ background: error ? '#fff1f0' : '#fffbe6', border: `1px solid ${error ? '#ffa39e' : '#ffe58f'}`, padding: '0 4px', minHeight: 22 }}
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
          { value: 'all', label: `全部（${preview.rows.length}）` },
          { value: 'errors', label: `有错误（${preview.counts.rejected}）` },
          { value: 'warnings', label: '有提示' },
          { value: 'insert', label: `新增（${preview.counts.new}）` },
          { value: 'update', label: `更新（${preview.counts.updated}）` },
        ]}
      />
      {preview.rowsTruncated && (
        <Typography.Text type="secondary">行数较多，下表先列出有问题的行和前面的行（共 {preview.counts.total} 行），导入时处理全部行。</Typography.Text>
      )}
      <Table<PreviewRow>
        size="small"
        virtual
        rowKey={(r) => `${r.sheet}#${r.row}`}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1500, y: 360 }}
        data-testid="preview-rows"
        columns={[
          { title: '工作表', dataIndex: 'sheet', width: 110, fixed: 'left', ellipsis: true },
          { title: '行', dataIndex: 'row', width: 56, fixed: 'left' },
          { title: '处理', width: 76, render: (_, r) => <Tag color={ACTION[r.action].color}>{r.existing ? '已存在' : ACTION[r.action].label}</Tag> },
          ...FIELDS.map(([field, label, width]) => ({ title: label, width, render: (_: unknown, r: PreviewRow) => cell(r, field, label) })),
          { title: '所在党组织', width: 180, ellipsis: true, render: (_: unknown, r: PreviewRow) => cell(r, 'org', '所在党支部') || r.org },
          {
            title: '问题 / 变化',
            width: 360,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.issues.map((i, k) => (
                  <Typography.Text key={k} type={i.level === 'error' ? 'danger' : 'warning'} style={{ fontSize: 12 }}>
                    {i.column}：{i.message}
                  </Typography.Text>
                ))}
                {r.changes?.map((c, k) => (
                  <Typography.Text key={`c${k}`} style={{ fontSize: 12 }}>
                    {c.label}：{c.old || '（空）'} → {c.new}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

function fieldOfColumn(preview: ImportPreview, sheet: string, column: string): string | null {
  const s = preview.sheets.find((x) => x.name === sheet);
  const c = s?.columns.find((x) => x.heading === column);
  return c?.target ?? null;
}
