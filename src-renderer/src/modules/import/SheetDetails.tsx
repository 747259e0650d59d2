import { Checkbox, Descriptions, InputNumber, Table, Tabs, Tag } from 'antd';
import type { ImportPreview } from '../../../../src-main/modules/import/contract.ts';
import { MappingTable } from './MappingTable.tsx';

// Each sheet as it was read: its header rows (correctable), whether it is imported, every column and the
// member field it goes to (correctable), the columns left out, and the sheet's first rows for orientation.

/** 第 [3] 至 [4] 行: a header of one to three rows */
function HeaderRows(props: { first: number | null; last: number | null; testId: string; onChange: (first: number, last: number) => void }) {
  const { first, last } = props;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      第 <InputNumber size="small" min={1} max={30} style={{ width: 64 }} value={first ?? undefined} data-testid={props.testId} onChange={(v) => v && props.onChange(v, v + Math.min(2, Math.max(0, (last ?? v) - (first ?? v))))} /> 至{' '}
      <InputNumber size="small" min={first ?? 1} max={(first ?? 1) + 2} style={{ width: 64 }} value={last ?? undefined} data-testid={`${props.testId}-last`} onChange={(v) => v && first && props.onChange(first, v)} /> 行
      {first && last && last > first && <Tag style={{ marginLeft: 8 }}>{last - first + 1}行表头（已合并）</Tag>}
    </span>
  );
}

export function SheetDetails(props: {
  preview: ImportPreview;
  /** the header's rows, "3" or "3-4" */
  onHeaderRow: (sheet: string, rows: string) => void;
  onSheets: (sheets: string[]) => void;
  onMapping: (key: string, target: string | null) => void;
}) {
  const { preview } = props;
  return (
    <Tabs
      size="small"
      items={preview.sheets.map((s) => ({
        key: s.name,
        label: (
          <span>
            {s.name}{' '}
            {s.refused ? <Tag color="red">未导入</Tag> : s.skipped ? <Tag>{s.skipped}</Tag> : <Tag color="green">{s.kind === 'form' ? '一人一表' : `${s.rowCount} 行`}</Tag>}
          </span>
        ),
        children: (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <Descriptions size="small" column={3}>
              {s.kind !== 'form' && (
                <Descriptions.Item label="表头所在行">
                  <HeaderRows
                    first={s.headerRow}
                    last={s.headerRow ? s.headerRow + Math.max(1, s.headerRowCount) - 1 : null}
                    testId={`header-row-${s.name}`}
                    onChange={(first, last) => props.onHeaderRow(s.name, first === last ? String(first) : `${first}-${last}`)}
                  />
                </Descriptions.Item>
              )}
              <Descriptions.Item label="是否导入">
                <Checkbox
                  checked={!s.skipped || s.skipped !== '未选择'}
                  disabled={!s.headerRow && s.kind !== 'form' && s.skipped !== '未选择'}
                  onChange={(e) => {
                    const all = preview.sheets.filter((x) => x.skipped !== '未选择').map((x) => x.name);
                    props.onSheets(e.target.checked ? [...all, s.name] : all.filter((n) => n !== s.name));
                  }}
                />
              </Descriptions.Item>
              <Descriptions.Item label="未匹配的列">
                <span data-testid={`unmatched-${s.name}`}>{s.unmapped.length ? s.unmapped.map((u) => `${u.column}列${u.heading ? `“${u.heading}”` : '（无表头）'}`).join('、') : '无'}</span>
              </Descriptions.Item>
            </Descriptions>
            {s.columns.length > 0 && <MappingTable sheet={s} onChange={props.onMapping} />}
            {s.topRows.length > 0 && s.kind !== 'form' && (
              <Table<{ i: number; cells: string[] }>
                size="small"
                pagination={false}
                rowKey="i"
                tableLayout="fixed"
                dataSource={s.topRows.map((cells, i) => ({ i, cells }))}
                rowClassName={(r) => (s.headerRow && r.i + 1 >= s.headerRow && r.i + 1 < s.headerRow + s.headerRowCount ? 'ant-table-row-selected' : '')}
                columns={[
                  { title: '行', width: 40, render: (_: unknown, r) => r.i + 1 },
                  ...Array.from({ length: Math.min(12, Math.max(...s.topRows.map((x) => x.length), 0)) }, (_, c) => ({
                    title: String.fromCharCode(65 + c),
                    ellipsis: { showTitle: true },
                    render: (_: unknown, r: { i: number; cells: string[] }) => r.cells[c] ?? '',
                  })),
                ]}
              />
            )}
          </div>
        ),
      }))}
    />
  );
}
