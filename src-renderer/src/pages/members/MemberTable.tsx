import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SorterResult, SortOrder } from 'antd/es/table/interface';
import { useEffect, useMemo } from 'react';
import type { MemberDto } from '../../../../src-main/contract/core.ts';
import { useElementSize } from '../../components/useElementSize.ts';
import type { MemberQuery, SortField } from './query.ts';
import { isPending, rowKey, type PendingRow, type RosterRow } from './useMemberPages.ts';

// The roster grid: antd's virtual table (only the visible rows exist in the DOM) over the sparse
// row array of useMemberPages; sorting is done by SQL, so the sorter is controlled.

/** drawn for a row whose page has not arrived; asking for the page when it becomes visible */
function Pending({ row, ensure }: { row: PendingRow; ensure: (i: number) => void }) {
  useEffect(() => ensure(row.index), [row.index, ensure]);
  return <span style={{ color: '#bbb' }}>加载中…</span>;
}

const ROLL_COLORS: Record<string, string> = { 转出: 'default', 死亡: 'default', 出党: 'red' };

interface Col {
  key: SortField | 'phone';
  title: string;
  width: number;
  render?: (m: MemberDto) => React.ReactNode;
}

const COLS: Col[] = [
  { key: 'gender', title: '性别', width: 64 },
  { key: 'ethnicity', title: '民族', width: 76 },
  { key: 'birthDate', title: '出生日期', width: 108 },
  { key: 'idNumber', title: '公民身份号码', width: 186, render: (m) => <span style={{ fontFamily: 'Consolas, "DejaVu Sans Mono", monospace' }}>{m.idNumber}{m.idNeedsReview ? <Tag color="orange" style={{ marginLeft: 4 }}>待核</Tag> : null}</span> },
  { key: 'education', title: '学历', width: 110 },
  { key: 'category', title: '人员类别', width: 96, render: (m) => (m.category === '预备党员' ? <Tag color="gold">预备党员</Tag> : m.category) },
  { key: 'joinedOn', title: '入党日期', width: 108 },
  { key: 'confirmedOn', title: '转正日期', width: 108 },
  { key: 'org', title: '所在党组织', width: 200 },
  { key: 'phone', title: '手机号码', width: 126 },
  { key: 'status', title: '党籍状态', width: 96, render: (m) => (m.status === '正常' ? m.status : <Tag color="red">{m.status}</Tag>) },
  { key: 'roll', title: '在册情况', width: 92, render: (m) => (m.roll === '在册' ? m.roll : <Tag color={ROLL_COLORS[m.roll]}>{m.roll}</Tag>) },
];

export const TABLE_WIDTH = 110 + COLS.reduce((s, c) => s + c.width, 0) + 48;

export function MemberTable({ rows, loading, query, onSort, ensure, selected, onSelect, onOpen }: {
  rows: RosterRow[];
  loading: boolean;
  query: MemberQuery;
  onSort: (sortBy?: SortField, order?: 'asc' | 'desc') => void;
  ensure: (i: number) => void;
  selected: number[];
  onSelect: (ids: number[]) => void;
  onOpen: (m: MemberDto) => void;
}) {
  const [box, size] = useElementSize<HTMLDivElement>();
  const order = (k: string): SortOrder => (query.sortBy === k ? (query.sortOrder === 'desc' ? 'descend' : 'ascend') : null);

  // memoized: a new columns array makes antd redo its per-column work over every row
  const columns = useMemo<ColumnsType<RosterRow>>(() => [
    {
      key: 'name', title: '姓名', width: 110, fixed: 'left', sorter: true, sortOrder: order('name'), ellipsis: true,
      render: (_, r) => (isPending(r) ? <Pending row={r} ensure={ensure} /> : <a onClick={() => onOpen(r)} data-testid="member-name">{r.name}</a>),
    },
    ...COLS.map((c) => ({
      key: c.key, title: c.title, width: c.width, ellipsis: true,
      sorter: c.key !== 'phone', sortOrder: c.key !== 'phone' ? order(c.key) : undefined,
      render: (_: unknown, r: RosterRow) => (isPending(r) ? null : c.render ? c.render(r) : (r[c.key as keyof MemberDto] as string) || ''),
    })),
  ], [query.sortBy, query.sortOrder, ensure, onOpen]); // eslint-disable-line react-hooks/exhaustive-deps

  // header ≈ 39px in the small table; the rest of the box is the scrolling viewport
  const y = Math.max(120, size.height - 40);
  return (
    <div ref={box} style={{ flex: 1, minHeight: 0 }} data-testid="member-table">
      {size.height > 0 ? (
        <Table<RosterRow>
          virtual
          size="small"
          bordered
          rowKey={rowKey}
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          scroll={{ x: TABLE_WIDTH, y }}
          showSorterTooltip={false}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => onSelect(keys.filter((k): k is number => typeof k === 'number')),
            getCheckboxProps: (r) => ({ disabled: isPending(r) }),
            columnWidth: 40,
            fixed: true,
          }}
          onChange={(_p, _f, sorter) => {
            const s = sorter as SorterResult<RosterRow>;
            if (!s.order) onSort(undefined, undefined);
            else onSort(s.columnKey as SortField, s.order === 'descend' ? 'desc' : 'asc');
          }}
          onRow={(r) => ({ onDoubleClick: () => !isPending(r) && onOpen(r) })}
          locale={{ emptyText: '没有符合条件的党员' }}
        />
      ) : null}
    </div>
  );
}
