import { App, Button, DatePicker, Empty, InputNumber, Modal, Popconfirm, Select, Space, Spin, Typography } from 'antd';
import { useVirtualizer } from '@tanstack/react-virtual';
import dayjs from 'dayjs';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { GridDto, GridRow } from '../../../../src-main/modules/dues/contract.ts';
import { PAYMENT_METHODS } from '../../../../src-main/modules/dues/contract.ts';
import { PayModal, type PayTarget } from './PayModal.tsx';
import { thisMonth, todayIso, yuan } from './format.ts';
import './dues.css';

/**
 * The branch grid: members × 12 months (已交/未交/部分/预交/免交). "本月全部按标准已交" records the whole
 * month in one transaction — asking first when members still owe earlier months (docs/domain/dues.md#non-payment);
 * then the exceptions are fixed cell by cell (Tab to a cell, Enter to pay).
 *
 * Only the visible rows exist in the DOM (@tanstack/react-virtual, as the roster), and a cell is one plain
 * button coloured by CSS: a 300-member branch is interactive at once even on a busy office PC.
 */

const ROW_H = 34;
const COLS = { name: 96, category: 76, standard: 84, month: 52, through: 72, owed: 48 };
const WIDTH = COLS.name + COLS.category + COLS.standard + COLS.month * 12 + COLS.through + COLS.owed;

const Row = memo(function Row({ row, top, now, onPay }: { row: GridRow; top: number; now: string; onPay: (t: PayTarget) => void }) {
  return (
    <div className="dues-row" style={{ transform: `translateY(${top}px)`, width: WIDTH }} data-testid={`grid-row-${row.memberId}`}>
      <div className="dues-td dues-sticky" style={{ width: COLS.name }} title={row.note ? `${row.name}：${row.note}` : row.name}>
        {row.name}{row.note ? <span className="dues-note">{row.note.startsWith('已调整') ? '调出' : row.note.slice(1, 3)}</span> : null}
      </div>
      <div className="dues-td" style={{ width: COLS.category }}>{row.category ?? <span className="dues-muted">未核定</span>}</div>
      <div className="dues-td dues-num" style={{ width: COLS.standard }} title={row.provisional ? '沿用上年标准（暂定），待本年核定' : row.rateLabel ?? ''}>
        {row.standard ?? ''}{row.provisional ? <span className="dues-prov">暂</span> : null}
      </div>
      {row.cells.map((c, i) => {
        if (!c) return <div key={i} className="dues-td dues-center dues-muted" style={{ width: COLS.month }}>—</div>;
        const owed = Math.max(0, c.dueFen - c.paidFen);
        // a month not yet come is not in arrears: shown as 待交 (it can still be paid ahead)
        const future = c.status === '未交' && c.month > now;
        return (
          <div key={i} className="dues-td dues-center" style={{ width: COLS.month }}>
            <button
              type="button"
              data-testid={`cell-${row.memberId}-${i + 1}`}
              className={`dues-cell s-${future ? 'future' : c.status}`}
              title={`应交 ${yuan(c.dueFen)}，实交 ${yuan(c.paidFen)}${c.provisional ? '（暂定）' : ''}`}
              onClick={owed > 0 ? () => onPay({ memberId: row.memberId, name: row.name, months: c.month, amount: yuan(owed) }) : undefined}
            >
              {future ? '待交' : c.status}
            </button>
          </div>
        );
      })}
      <div className="dues-td" style={{ width: COLS.through }}>{row.paidThrough ? row.paidThrough.replace('-', '.') : ''}</div>
      <div className={`dues-td dues-num${row.owedMonths >= 3 ? ' dues-danger' : ''}`} style={{ width: COLS.owed }}>{row.owedMonths || ''}</div>
    </div>
  );
});

function Grid({ rows, onPay }: { rows: GridRow[]; onPay: (t: PayTarget) => void }) {
  const now = thisMonth();
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 10 });
  return (
    <div className="dues-grid" data-testid="dues-grid">
      <div className="dues-scroll" ref={scroller}>
        <div className="dues-head" style={{ width: WIDTH }}>
          <div className="dues-th dues-sticky" style={{ width: COLS.name }}>姓名</div>
          <div className="dues-th" style={{ width: COLS.category }}>类别</div>
          <div className="dues-th dues-num" style={{ width: COLS.standard }}>月标准</div>
          {Array.from({ length: 12 }, (_, i) => <div key={i} className="dues-th dues-center" style={{ width: COLS.month }}>{i + 1}月</div>)}
          <div className="dues-th" style={{ width: COLS.through }}>交至</div>
          <div className="dues-th dues-num" style={{ width: COLS.owed }}>欠交</div>
        </div>
        {rows.length ? (
          <div style={{ height: v.getTotalSize(), position: 'relative', width: WIDTH }}>
            {v.getVirtualItems().map((it) => <Row key={rows[it.index].memberId} row={rows[it.index]} top={it.start} now={now} onPay={onPay} />)}
          </div>
        ) : <Empty description="该组织没有需要交纳党费的党员" image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </div>
    </div>
  );
}

type Earlier = { memberId: number; name: string; months: string[] };

export function GridTab({ orgId, year, onChanged }: { orgId: number | null; year: number; onChanged: () => void }) {
  const { message } = App.useApp();
  const [grid, setGrid] = useState<GridDto | null>(null);
  const [loading, setLoading] = useState(false);
  const [month, setMonth] = useState(() => new Date().getMonth() + 1);
  const [paidOn, setPaidOn] = useState(todayIso());
  const [method, setMethod] = useState('现金');
  const [target, setTarget] = useState<PayTarget | null>(null);
  const [earlier, setEarlier] = useState<{ text: string; members: Earlier[] } | null>(null);
  const [recording, setRecording] = useState(false);

  const load = useCallback(async () => {
    if (orgId == null) return;
    setLoading(true);
    try {
      setGrid(await api.dues.grid({ orgId, year }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [orgId, year, message]);
  useEffect(() => {
    void load();
  }, [load]);

  const monthKey = `${year}-${String(month).padStart(2, '0')}`;
  async function recordWholeMonth(earlierOpen?: 'oldest-first' | 'this-month') {
    setRecording(true);
    try {
      const r = await api.dues.recordMonth({ orgId: orgId!, month: monthKey, paidOn, method, earlierOpen: earlierOpen ?? null });
      setEarlier(null);
      const extra = r.olderFirst ? `，其中 ${r.olderFirst} 人按最早未交月份登记` : r.stillOwingEarlier ? `；仍有 ${r.stillOwingEarlier} 人欠交更早的月份` : '';
      // one toast for the action, replaced month after month (a stack of them would cover the toolbar)
      message.success({ key: 'whole-month', content: `${month}月：已登记 ${r.recorded} 人，合计 ${r.amount} 元${extra}`, duration: 4 });
      await load();
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NEEDS_CONFIRMATION') {
        setEarlier({ text: e.message, members: ((e.details as { members?: Earlier[] } | undefined)?.members ?? []) });
      } else message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRecording(false);
    }
  }
  const onPay = useCallback((t: PayTarget) => setTarget(t), []);

  if (orgId == null) return <Empty description="请先选择党支部" />;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, height: '100%', minHeight: 0 }}>
      <Space wrap>
        <span>月份</span>
        <InputNumber data-testid="grid-month" min={1} max={12} value={month} onChange={(v) => setMonth(v ?? 1)} style={{ width: 70 }} />
        <span>交纳日期</span>
        <DatePicker data-testid="grid-date" value={dayjs(paidOn)} onChange={(d) => setPaidOn(d ? d.format('YYYY-MM-DD') : todayIso())} allowClear={false}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        <Select value={method} onChange={setMethod} options={PAYMENT_METHODS.map((m) => ({ value: m, label: m }))} style={{ width: 90 }} />
        <Popconfirm placement="bottomLeft" title={`${month}月未交的党员全部按标准登记为已交？`} description="随后可逐个修改例外情况" onConfirm={() => recordWholeMonth()} okText="登记" cancelText="取消">
          <Button type="primary" data-testid="record-month" loading={recording}>本月全部按标准已交</Button>
        </Popconfirm>
        <Typography.Text type="secondary">点击“未交/部分”格可单独登记（Tab 键移动，回车打开）</Typography.Text>
        {loading ? <Spin size="small" /> : null}
      </Space>
      <Grid rows={grid?.orgId === orgId && grid.year === year ? grid.rows : []} onPay={onPay} />
      <PayModal target={target} onClose={() => setTarget(null)} onDone={() => { setTarget(null); void load(); onChanged(); }} />
      <Modal
        open={earlier !== null}
        title="有党员还欠交更早的月份"
        onCancel={() => setEarlier(null)}
        footer={[
          <Button key="cancel" onClick={() => setEarlier(null)}>取消</Button>,
          <Button key="this" onClick={() => recordWholeMonth('this-month')} data-testid="earlier-this-month" loading={recording}>仍登记{month}月</Button>,
          <Button key="oldest" type="primary" onClick={() => recordWholeMonth('oldest-first')} data-testid="earlier-oldest-first" loading={recording}>按最早未交月份登记</Button>,
        ]}
      >
        <Typography.Paragraph data-testid="earlier-text">{earlier?.text}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          按最早未交月份登记：这些党员本次交的一个月党费记入其最早欠交的月份，本月仍显示未交，欠交提醒照常；其他党员照常登记{month}月。
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
