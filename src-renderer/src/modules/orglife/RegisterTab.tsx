import { App, Button, Empty, Input, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import type { ActivityRowDto, ActivityTypeDto } from '../../../../src-main/modules/orglife/contract.ts';
import { ActivityForm, type FormTarget } from './ActivityForm.tsx';
import { addMonth, monthGrid, shortType, todayIso } from './format.ts';
import { useActivityPages } from './useActivityPages.ts';

// The branch's month calendar (one click on a day opens the entry form for that day, a click on an
// activity opens it) beside the register: every activity of the branch and the organizations under
// it, newest first, paged in SQL and virtualized.

const ROW_H = 40;
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

export function RegisterTab({ orgId, orgs, types }: { orgId: number; orgs: OrgDto[]; types: ActivityTypeDto[] }) {
  const { message } = App.useApp();
  const today = todayIso();
  const [month, setMonth] = useState(today.slice(0, 7));
  const [monthRows, setMonthRows] = useState<ActivityRowDto[]>([]);
  const [target, setTarget] = useState<FormTarget | null>(null);
  const [lastType, setLastType] = useState<string | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [year, setYear] = useState<string | null>(today.slice(0, 4));
  const [type, setType] = useState<string | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  const [search, setSearch] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    api.activity.list({ org: orgId, period: month, limit: 500 }).then((r) => live && setMonthRows(r.rows), (e: Error) => message.error(e.message));
    void api.activity.tags({}).then((t) => live && setTags(t.map((x) => x.name)), () => undefined);
    return () => {
      live = false;
    };
  }, [orgId, month, version, message]);

  const byDay = useMemo(() => {
    const m = new Map<string, ActivityRowDto[]>();
    for (const r of monthRows) (m.get(r.date) ?? m.set(r.date, []).get(r.date)!).push(r);
    return m;
  }, [monthRows]);

  const query = useMemo(() => ({ org: orgId, period: year, type, tag, search }), [orgId, year, type, tag, search]);
  const pages = useActivityPages(query, version);
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: pages.count, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 10 });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    for (let i = first; i <= last; i++) if (!pages.rowAt(i)) pages.ensure(i);
  }, [first, last, pages]);

  const open = (t: FormTarget) => setTarget(t);
  const years = Array.from({ length: 6 }, (_, i) => String(Number(today.slice(0, 4)) - i));

  return (
    <div className="ol-register">
      <div className="ol-cal">
        <div className="ol-cal-head">
          <Button size="small" onClick={() => setMonth(addMonth(month, -1))} data-testid="cal-prev">‹ 上月</Button>
          <Typography.Text strong data-testid="cal-month" style={{ minWidth: 90, textAlign: 'center' }}>{Number(month.slice(0, 4))}年{Number(month.slice(5))}月</Typography.Text>
          <Button size="small" onClick={() => setMonth(addMonth(month, 1))} disabled={month >= today.slice(0, 7)} data-testid="cal-next">下月 ›</Button>
          <Button size="small" onClick={() => setMonth(today.slice(0, 7))}>本月</Button>
          <Typography.Text type="secondary" style={{ marginLeft: 'auto', fontSize: 12 }}>点击日期登记，点击活动修改</Typography.Text>
        </div>
        <div className="ol-cal-grid" data-testid="calendar">
          {WEEKDAYS.map((w) => <div key={w} className="ol-cal-wd">{w}</div>)}
          {monthGrid(month).map(({ date, inMonth }) => {
            const acts = byDay.get(date) ?? [];
            const future = date > today;
            return (
              <div
                key={date}
                role="button"
                tabIndex={inMonth && !future ? 0 : -1}
                data-testid={`day-${date}`}
                className={`ol-day${inMonth ? '' : ' other'}${date === today ? ' today' : ''}${future ? ' future' : ''}`}
                onClick={() => !future && inMonth && open({ orgId, date, type: lastType })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !future && inMonth) open({ orgId, date, type: lastType });
                }}
              >
                <span className="ol-day-n">{Number(date.slice(8))}</span>
                {acts.slice(0, 3).map((a) => (
                  <Tooltip key={a.id} title={`${a.type}${a.topic ? `：${a.topic}` : ''}（应到 ${a.expected}，实到 ${a.present}）`}>
                    <span
                      className={`ol-chip${a.quorumMet === false ? ' flag' : ''}`}
                      data-testid={`chip-${a.id}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        open({ orgId, id: a.id });
                      }}
                    >
                      {shortType(a.type)}
                    </span>
                  </Tooltip>
                ))}
                {acts.length > 3 && <span className="ol-chip">+{acts.length - 3}</span>}
              </div>
            );
          })}
        </div>
        <Space style={{ marginTop: 8 }} wrap>
          <Button type="primary" onClick={() => open({ orgId, date: today, type: lastType })} data-testid="new-activity">登记活动</Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            本月 {monthRows.length} 次{monthRows.some((r) => r.quorumMet === false) ? '，橙色为不足法定人数' : ''}
          </Typography.Text>
        </Space>
      </div>

      <div className="ol-list">
        <Space wrap style={{ marginBottom: 6 }}>
          <Select size="small" style={{ width: 92 }} value={year ?? ''} onChange={(y) => setYear(y || null)} options={[{ value: '', label: '全部年份' }, ...years.map((y) => ({ value: y, label: `${y}年` }))]} data-testid="list-year" />
          <Select size="small" style={{ width: 130 }} allowClear placeholder="全部类型" value={type} onChange={(t) => setType(t ?? null)} options={types.map((t) => ({ value: t.name, label: t.name }))} data-testid="list-type" />
          <Select size="small" style={{ width: 120 }} allowClear placeholder="专题标签" value={tag} onChange={(t) => setTag(t ?? null)} options={tags.map((t) => ({ value: t, label: t }))} />
          <Input.Search size="small" style={{ width: 150 }} allowClear placeholder="议题、主持人" onSearch={(s) => setSearch(s.trim() || null)} />
          <Typography.Text type="secondary" data-testid="list-total">共 {pages.total ?? '…'} 次</Typography.Text>
        </Space>
        <div className="ol-list-scroll" ref={scroller} data-testid="activity-list">
          {pages.total === 0 && <Empty style={{ marginTop: 60 }} description="还没有登记的活动：点击左边日历上的日期登记" />}
          {pages.total === null && !pages.error && <Spin style={{ margin: 40 }} />}
          <div style={{ height: v.getTotalSize(), position: 'relative' }}>
            {items.map((it) => {
              const r = pages.rowAt(it.index);
              return (
                <div
                  key={it.key}
                  className="ol-row"
                  style={{ top: it.start, height: ROW_H }}
                  data-testid={r ? `row-${r.id}` : undefined}
                  onClick={() => r && open({ orgId, id: r.id })}
                >
                  {r ? (
                    <>
                      <span className="ol-row-date">{r.date}</span>
                      <span className="ol-row-type"><Tag color={r.quorumMet === false ? 'orange' : 'red'} bordered={false}>{shortType(r.type)}</Tag></span>
                      <span className="ol-row-topic">
                        {r.orgs.length > 1 && <Tag bordered={false}>联合</Tag>}
                        {r.topic ?? <Typography.Text type="secondary">（未填议题）</Typography.Text>}
                        {r.firstTopic && <Tag color="blue" bordered={false} style={{ marginLeft: 4 }}>第一议题</Tag>}
                        {r.attachments > 0 && <Typography.Text type="secondary"> · 附件{r.attachments}</Typography.Text>}
                      </span>
                      <span className="ol-row-count">{r.expected || r.present ? `${r.present}/${r.expected}人` : ''}</span>
                    </>
                  ) : (
                    <Typography.Text type="secondary">…</Typography.Text>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>

      <ActivityForm
        target={target}
        orgs={orgs}
        types={types}
        onClose={() => setTarget(null)}
        onSaved={(_r, t) => {
          setVersion((x) => x + 1);
          if (t) setLastType(t);
        }}
      />
    </div>
  );
}
