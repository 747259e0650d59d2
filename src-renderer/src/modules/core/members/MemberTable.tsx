import { Checkbox, Empty, Spin, Tag } from 'antd';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { MemberDto } from '../../../../../src-main/modules/core/contract.ts';
import type { MemberQuery, SortField } from './query.ts';
import { isPending, rowKey, type RosterRow } from './useMemberPages.ts';
import type { OrgLabels } from '../../../components/orgNames.tsx';

// The roster grid, virtualized with @tanstack/react-virtual: only the visible rows exist in the DOM
// and finding them is a binary search, so a scroll frame costs the same at 100 or 100,000 rows
// (antd's virtual table walks every row on each scroll). Rows come from the sparse array of
// useMemberPages (looked up by index); a visible row whose page has not arrived asks for it. Sorting is done by SQL.

const ROW_H = 36;
const HEAD_H = 38;
const CHECK_W = 40;
const NAME_W = 96;

const ROLL_COLORS: Record<string, string> = { 转出: 'default', 死亡: 'default', 出党: 'red' };

export interface RosterColumn {
  key: SortField | 'phone' | 'workUnit' | 'jobPosition' | 'partyPost' | 'nativePlace' | 'degree' | 'landline';
  title: string;
  width: number;
  /** the column can be sorted by SQL (memberSortFields) */
  sortable: boolean;
  render?: (m: MemberDto, org: OrgLabels) => React.ReactNode;
}

/**
 * Every column the on-screen roster can show, in catalogue order. The clerk chooses and orders them (kept in
 * settings.rosterColumns); by default the set below fits a 1366-pixel screen beside the organization tree.
 */
export const ROSTER_SCREEN_COLUMNS: RosterColumn[] = [
  { key: 'gender', title: '性别', width: 56, sortable: true },
  { key: 'ethnicity', title: '民族', width: 76, sortable: true },
  { key: 'birthDate', title: '出生日期', width: 100, sortable: true },
  { key: 'idNumber', title: '公民身份号码', width: 178, sortable: true, render: (m) => <><span className="roster-mono">{m.idNumber}</span>{m.idNeedsReview ? <Tag color="orange" style={{ marginLeft: 4 }}>待核</Tag> : null}</> },
  { key: 'education', title: '学历', width: 104, sortable: true },
  { key: 'degree', title: '学位', width: 72, sortable: false },
  { key: 'category', title: '人员类别', width: 88, sortable: true, render: (m) => (m.category === '预备党员' ? <Tag color="gold">预备党员</Tag> : m.category) },
  { key: 'joinedOn', title: '入党日期', width: 100, sortable: true },
  { key: 'confirmedOn', title: '转正日期', width: 100, sortable: true },
  { key: 'org', title: '所在党组织', width: 150, sortable: true, render: (m, org) => org.render(m.orgId, m.org) },
  { key: 'partyPost', title: '党内职务', width: 100, sortable: false },
  { key: 'phone', title: '手机号码', width: 118, sortable: false },
  { key: 'landline', title: '固定电话', width: 118, sortable: false },
  { key: 'workUnit', title: '工作单位', width: 160, sortable: false },
  { key: 'jobPosition', title: '工作岗位', width: 120, sortable: false },
  { key: 'nativePlace', title: '籍贯', width: 96, sortable: false },
  { key: 'status', title: '党籍状态', width: 88, sortable: true, render: (m) => (m.status === '正常' ? m.status : <Tag color="red">{m.status}</Tag>) },
  { key: 'roll', title: '在册情况', width: 88, sortable: true, render: (m) => (m.roll === '在册' ? m.roll : <Tag color={ROLL_COLORS[m.roll]}>{m.roll}</Tag>) },
];

/** shown until the clerk chooses: what identifies a member and how to reach them, within 1366 pixels */
export const DEFAULT_ROSTER_COLUMNS = ['gender', 'birthDate', 'idNumber', 'category', 'org', 'phone'];

const BY_KEY = new Map(ROSTER_SCREEN_COLUMNS.map((c) => [c.key as string, c]));

/** the chosen keys as columns (unknown keys dropped; none chosen → the default set) */
export function rosterColumns(chosen: readonly string[] | undefined, withRoll: boolean): RosterColumn[] {
  const keys = chosen && chosen.length ? chosen : DEFAULT_ROSTER_COLUMNS;
  const cols = keys.map((k) => BY_KEY.get(k)).filter((c): c is RosterColumn => Boolean(c));
  // members off the roll are listed: say which, even when the column is not chosen
  if (withRoll && !cols.some((c) => c.key === 'roll')) cols.push(BY_KEY.get('roll')!);
  return cols;
}

const cell = (width: number): React.CSSProperties => ({ width, flex: 'none' });

export function MemberTable({ count, rowAt, loaded, loading, query, onSort, ensure, selected, onSelect, onOpen, columns, orgLabels }: {
  columns: RosterColumn[];
  orgLabels: OrgLabels;
  count: number;
  rowAt: (i: number) => RosterRow;
  loaded: MemberDto[];
  loading: boolean;
  query: MemberQuery;
  onSort: (sortBy?: SortField, order?: 'asc' | 'desc') => void;
  ensure: (i: number) => void;
  selected: number[];
  onSelect: (ids: number[]) => void;
  onOpen: (m: MemberDto) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const WIDTH = CHECK_W + NAME_W + columns.reduce((sum, c) => sum + c.width, 0);
  const v = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 12 });
  const items = v.getVirtualItems();
  const chosen = useMemo(() => new Set(selected), [selected]);

  // the visible rows whose page is missing ask for it (deduplicated in useMemberPages)
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    for (let i = first; i <= last; i++) if (isPending(rowAt(i))) ensure(i);
  }, [first, last, rowAt, ensure]);

  // a new query starts at the top
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  const allLoadedChosen = loaded.length > 0 && loaded.every((m) => chosen.has(m.id));
  const toggle = (id: number, on: boolean) => onSelect(on ? [...selected, id] : selected.filter((x) => x !== id));

  const sortHead = (key: SortField, title: string, width: number, sticky?: React.CSSProperties) => {
    const active = query.sortBy === key ? query.sortOrder ?? 'asc' : null;
    const next = () => (active === null ? onSort(key, 'asc') : active === 'asc' ? onSort(key, 'desc') : onSort(undefined, undefined));
    return (
      <div key={key} className="roster-th roster-sortable" style={{ ...cell(width), ...sticky }} onClick={next} title="点击排序" data-testid={`sort-${key}`}>
        {title}
        <span className={`roster-sort${active ? ' on' : ''}`}>{active === 'desc' ? '▼' : active === 'asc' ? '▲' : '▲▼'}</span>
      </div>
    );
  };

  return (
    <div className="roster" data-testid="member-table">
      <div ref={scroller} className="roster-scroll">
        <div className="roster-head" style={{ width: WIDTH, height: HEAD_H }}>
          <div className="roster-th roster-sticky" style={{ ...cell(CHECK_W), left: 0, justifyContent: 'center' }}>
            <Checkbox
              aria-label="选择已加载的全部党员"
              checked={allLoadedChosen}
              indeterminate={!allLoadedChosen && selected.length > 0}
              onChange={(e) => onSelect(e.target.checked ? loaded.map((m) => m.id) : [])}
            />
          </div>
          {sortHead('name', '姓名', NAME_W, { position: 'sticky', left: CHECK_W, zIndex: 3 })}
          {columns.map((c) => (c.sortable
            ? sortHead(c.key as SortField, c.title, c.width)
            : <div key={c.key} className="roster-th" style={cell(c.width)}>{c.title}</div>))}
        </div>
        <div style={{ height: v.getTotalSize(), width: WIDTH, position: 'relative' }}>
          {items.map((it) => {
            const r = rowAt(it.index);
            const pending = isPending(r);
            return (
              <div
                key={rowKey(r)}
                className={`roster-row${!pending && chosen.has(r.id) ? ' chosen' : ''}`}
                style={{ transform: `translateY(${it.start}px)`, height: ROW_H, width: WIDTH }}
                onDoubleClick={() => !pending && onOpen(r)}
                data-testid={pending ? undefined : 'member-row'}
              >
                <div className="roster-td roster-sticky" style={{ ...cell(CHECK_W), left: 0, justifyContent: 'center' }}>
                  {pending ? null : (
                    <Checkbox data-testid="member-check" aria-label={`选择 ${r.name}`} checked={chosen.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                  )}
                </div>
                <div className="roster-td roster-sticky" style={{ ...cell(NAME_W), left: CHECK_W }}>
                  {pending ? <span style={{ color: '#bbb' }}>加载中…</span> : <a onClick={() => onOpen(r)} data-testid="member-name" title={r.name}>{r.name}</a>}
                </div>
                {pending ? null : columns.map((c) => (
                  <div key={c.key} className="roster-td" style={cell(c.width)}>
                    {c.render ? c.render(r, orgLabels) : (r[c.key as keyof MemberDto] as string) || ''}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {count === 0 ? (
          <div style={{ position: 'sticky', left: 0, width: '100%', padding: 32 }}>
            {loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的党员" />}
          </div>
        ) : null}
      </div>
    </div>
  );
}
