import { Button, DatePicker, Empty, InputNumber, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { GridDto, GridRow } from '../../../../src-main/modules/dues/contract.ts';
import { PAYMENT_METHODS } from '../../../../src-main/modules/dues/contract.ts';
import { PayModal, type PayTarget } from './PayModal.tsx';
import { STATUS_COLORS, todayIso, yuan } from './format.ts';

/**
 * The branch grid: members × 12 months (已交/未交/部分/预交/免交). "本月全部按标准已交" records the whole
 * month in one transaction; then the exceptions are fixed cell by cell (Tab to a cell, Enter to pay).
 */
export function GridTab({ orgId, year, onChanged }: { orgId: number | null; year: number; onChanged: () => void }) {
  const [grid, setGrid] = useState<GridDto | null>(null);
  const [loading, setLoading] = useState(false);
  const [month, setMonth] = useState(() => new Date().getMonth() + 1);
  const [paidOn, setPaidOn] = useState(todayIso());
  const [method, setMethod] = useState('现金');
  const [target, setTarget] = useState<PayTarget | null>(null);

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
  }, [orgId, year]);
  useEffect(() => {
    void load();
  }, [load]);

  const monthKey = `${year}-${String(month).padStart(2, '0')}`;
  async function recordWholeMonth() {
    try {
      const r = await api.dues.recordMonth({ orgId: orgId!, month: monthKey, paidOn, method });
      message.success(`${month}月：已登记 ${r.recorded} 人，合计 ${r.amount} 元`);
      await load();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  }

  const columns = useMemo(() => [
    { title: '姓名', dataIndex: 'name', width: 80, fixed: 'left' as const },
    { title: '类别', dataIndex: 'category', width: 72, render: (v: string | null) => v ?? <Typography.Text type="secondary">未核定</Typography.Text> },
    {
      title: '月标准', dataIndex: 'standard', width: 80, align: 'right' as const,
      render: (v: string | null, r: GridRow) => (v ? <Tooltip title={r.provisional ? '沿用上年标准（暂定），待本年核定' : r.rateLabel}>{v}{r.provisional ? <Tag color="gold" style={{ marginLeft: 4 }}>暂</Tag> : null}</Tooltip> : ''),
    },
    ...Array.from({ length: 12 }, (_, i) => ({
      title: `${i + 1}月`, key: `m${i}`, width: 58, align: 'center' as const,
      render: (_: unknown, r: GridRow) => {
        const c = r.cells[i];
        if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
        const owed = Math.max(0, c.dueFen - c.paidFen);
        return (
          <button
            type="button"
            data-testid={`cell-${r.memberId}-${i + 1}`}
            className="dues-cell"
            title={`应交 ${yuan(c.dueFen)}，实交 ${yuan(c.paidFen)}`}
            onClick={() => (owed > 0 ? setTarget({ memberId: r.memberId, name: r.name, months: c.month, amount: yuan(owed) }) : undefined)}
            style={{ border: 'none', background: 'transparent', cursor: owed > 0 ? 'pointer' : 'default', padding: 0 }}
          >
            <Tag color={STATUS_COLORS[c.status]} style={{ marginInlineEnd: 0 }}>{c.status}</Tag>
          </button>
        );
      },
    })),
    { title: '交至', dataIndex: 'paidThrough', width: 76, render: (v: string | null) => (v ? v.replace('-', '.') : '') },
    { title: '欠交', dataIndex: 'owedMonths', width: 56, align: 'right' as const, render: (v: number) => (v ? <Typography.Text type={v >= 3 ? 'danger' : undefined}>{v}</Typography.Text> : '') },
  ], []);

  if (orgId == null) return <Empty description="请先选择党支部" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>月份</span>
        <InputNumber data-testid="grid-month" min={1} max={12} value={month} onChange={(v) => setMonth(v ?? 1)} style={{ width: 70 }} />
        <span>交纳日期</span>
        <DatePicker data-testid="grid-date" value={dayjs(paidOn)} onChange={(d) => setPaidOn(d ? d.format('YYYY-MM-DD') : todayIso())} allowClear={false} />
        <Select value={method} onChange={setMethod} options={PAYMENT_METHODS.map((m) => ({ value: m, label: m }))} style={{ width: 90 }} />
        <Popconfirm title={`${month}月未交的党员全部按标准登记为已交？`} description="随后可逐个修改例外情况" onConfirm={recordWholeMonth} okText="登记" cancelText="取消">
          <Button type="primary" data-testid="record-month">本月全部按标准已交</Button>
        </Popconfirm>
        <Typography.Text type="secondary">点击“未交/部分”格可单独登记（Tab 键移动，回车打开）</Typography.Text>
      </Space>
      <Table<GridRow>
        data-testid="dues-grid"
        rowKey="memberId"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={grid?.rows ?? []}
        pagination={false}
        scroll={{ x: 1060 }}
      />
      <PayModal target={target} onClose={() => setTarget(null)} onDone={() => { setTarget(null); void load(); onChanged(); }} />
    </Space>
  );
}
