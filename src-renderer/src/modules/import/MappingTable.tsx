import { Select, Table, Tag, Typography } from 'antd';
import type { PreviewSheet } from '../../../../src-main/modules/import/contract.ts';
import { IGNORED_KEY, IMPORT_FIELDS } from '../../../../src-main/modules/import/contract.ts';

// One sheet's columns and the member field each is matched to; the clerk corrects a match here
// (the correction is remembered for the next file with the same headings).

const OPTIONS = [
  ...IMPORT_FIELDS.map((f) => ({ value: f.key as string, label: f.label })),
  { value: IGNORED_KEY, label: '（不导入）' },
];

export function MappingTable(props: { sheet: PreviewSheet; onChange: (key: string, target: string | null) => void }) {
  const { sheet } = props;
  return (
    <Table
      size="small"
      rowKey="index"
      pagination={false}
      dataSource={sheet.columns}
      data-testid={`mapping-${sheet.name}`}
      columns={[
        { title: '文件中的列', dataIndex: 'path', width: 260, render: (h: string) => <Typography.Text>{h.replace(/\s+/g, ' ')}</Typography.Text> },
        {
          title: '对应党员信息',
          width: 260,
          render: (_: unknown, c) => (
            <Select
              size="small"
              style={{ width: 220 }}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="未匹配（不导入）"
              value={c.target ?? undefined}
              options={OPTIONS}
              data-testid={`map-${c.heading.replace(/\s+/g, '')}`}
              onChange={(v) => props.onChange(c.key, (v as string | undefined) ?? null)}
            />
          ),
        },
        {
          title: '说明',
          render: (_: unknown, c) =>
            c.target === null ? (
              <Tag color="warning" style={{ whiteSpace: 'normal' }}>{c.note ?? '未匹配，本列不导入'}</Tag>
            ) : c.note ? (
              <Tag color="blue" style={{ whiteSpace: 'normal' }}>{c.note}</Tag>
            ) : c.manual ? (
              <Tag color="blue">已手动调整</Tag>
            ) : c.target === IGNORED_KEY ? (
              <Tag>不导入</Tag>
            ) : (
              <Tag color="success">自动匹配</Tag>
            ),
        },
      ]}
    />
  );
}
