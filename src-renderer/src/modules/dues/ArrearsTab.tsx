import { Alert, App, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { api, ApiError } from '../../api/client.ts';
import type { ArrearsEntry } from '../../../../src-main/modules/dues/contract.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { useOrgLabels } from '../../components/orgNames.tsx';
import { CATEGORY_RULES, PAYER_CATEGORIES, type PayerCategory } from '../../../../src-main/modules/dues/contract.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { FormModal, useFreshTarget, validated } from '../../components/freshForm.tsx';
import { LEVEL_COLORS, thisMonth } from './format.ts';

/** '2026年1-8月、11月' */
function monthsText(months: string[]): string {
  const byYear = new Map<string, number[]>();
  for (const m of months) byYear.set(m.slice(0, 4), [...(byYear.get(m.slice(0, 4)) ?? []), Number(m.slice(5, 7))]);
  return [...byYear].map(([y, ms]) => {
    const parts: string[] = [];
    let start = ms[0];
    let prev = ms[0];
    for (const m of [...ms.slice(1), -1]) {
      if (m === prev + 1) { prev = m; continue; }
      parts.push(start === prev ? `${start}` : `${start}-${prev}`);
      start = m;
      prev = m;
    }
    return `${y}年${parts.join('、')}月`;
  }).join('，');
}

/**
 * the arrears list, 欠交提醒 (docs/domain/dues.md#non-payment): warn at 3, escalate at 5, flag at 6 months in a
 * row — the longest run, wherever it lies; members who left owing months, marked; members without a standard
 * with a one-click 核定. Printable, and exported as the 欠交党费名单. Nobody is removed automatically.
 */
export function ArrearsTab({ orgId, orgs, year, version, onChanged }: { orgId: number | null; orgs: OrgDto[]; year: number; version: number; onChanged: () => void }) {
  const { message } = App.useApp();
  // short names where the column is narrow, the full name on hover
  const orgLabels = useOrgLabels(orgs);
  const [asOf, setAsOf] = useState(thisMonth());
  const [rows, setRows] = useState<ArrearsEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [assess, setAssess] = useState<ArrearsEntry | null>(null);
  const [printing, setPrinting] = useState(false);
  const load = useCallback(async () => {
    if (!/^\d{4}-\d{2}$/.test(asOf)) return;
    setLoading(true);
    setError(null);
    try {
      setRows(await api.dues.arrears({ asOf, orgId }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [asOf, orgId]);
  useEffect(() => {
    void load();
  }, [load, version]);
  useEffect(() => {
    if (!printing) return;
    document.body.classList.add('printing-arrears');
    const done = () => {
      document.body.classList.remove('printing-arrears');
      setPrinting(false);
    };
    window.addEventListener('afterprint', done, { once: true });
    window.print();
    // browsers that print synchronously have already fired afterprint
    const t = setTimeout(done, 500);
    return () => clearTimeout(t);
  }, [printing]);

  const owing = rows.filter((r) => r.monthsOwed.length);
  const risky = rows.filter((r) => r.risk).length;
  const unassessed = rows.filter((r) => r.unassessed).length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>截至月份</span>
        <Input data-testid="arrears-asof" value={asOf} onChange={(e) => setAsOf(e.target.value)} style={{ width: 110 }} placeholder="如 2026-11" />
        <Typography.Text data-testid="arrears-count">
          欠交党员 {owing.length} 名{risky ? `，其中连续6个月以上 ${risky} 名` : ''}{unassessed ? `；未核定党费标准 ${unassessed} 名` : ''}
        </Typography.Text>
        <ExportButton name="dues-arrears" input={{ org: orgId, asOf }} columns testId="arrears-export">导出欠交名单</ExportButton>
        <Button onClick={() => setPrinting(true)} disabled={!rows.length} data-testid="arrears-print">打印</Button>
      </Space>
      {error && <Alert type="error" title={error} />}
      {risky > 0 && <Alert type="warning" showIcon title="连续6个月不交纳党费的，支部应研究是否有正当理由（按规定可视为自行脱党，须经支部大会讨论、报上级批准；本程序不会自动处理任何人）。" />}
      <Table<ArrearsEntry>
        data-testid="arrears-table"
        rowKey="memberId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: '党组织', dataIndex: 'org', width: 180, ellipsis: { showTitle: false }, render: (v: string, r) => orgLabels.render(r.orgId, v) },
          {
            title: '姓名', dataIndex: 'name', width: 120,
            render: (v: string, r) => <>{v}{r.left ? <Tag style={{ marginLeft: 4 }}>{r.left.type}</Tag> : null}</>,
          },
          { title: '交至年月', dataIndex: 'paidThrough', width: 84, render: (v: string | null) => (v ? v.replace('-', '.') : '—') },
          { title: '欠交月份', key: 'months', ellipsis: { showTitle: true }, render: (_: unknown, r) => monthsText(r.monthsOwed) },
          { title: '欠交金额', dataIndex: 'amountOwed', width: 90, align: 'right', render: (v: string, r) => (r.unassessed && !r.monthsOwed.length ? '' : v) },
          { title: '连续未交', dataIndex: 'consecutiveMonths', width: 76, align: 'right', render: (v: number, r) => (r.unassessed && !r.monthsOwed.length ? '' : v) },
          {
            title: '提醒', key: 'level', width: 300,
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                {r.unassessed ? (
                  <>
                    <Tag color="orange">未核定党费标准</Tag>
                    <Button size="small" type="primary" ghost onClick={() => setAssess(r)} data-testid={`assess-${r.memberId}`}>核定</Button>
                  </>
                ) : null}
                {r.left ? <Typography.Text type="secondary">已于{r.left.on}{r.left.type}，离开前欠交</Typography.Text> : null}
                {r.level !== 'none' ? <Tag color={LEVEL_COLORS[r.level]}>{r.levelText}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
      <AssessModal entry={assess} year={Number(asOf.slice(0, 4)) || year} onClose={() => setAssess(null)} onDone={() => {
        setAssess(null);
        message.success('已核定');
        void load();
        onChanged();
      }} />
      {createPortal(
        <div className="arrears-print" data-testid="arrears-print-sheet">
          <h1>欠交党费名单（截至{asOf.slice(0, 4)}年{Number(asOf.slice(5, 7))}月）</h1>
          <div className="meta"><span>欠交 {owing.length} 人{unassessed ? `，未核定 ${unassessed} 人` : ''}</span><span>单位：元</span></div>
          <table>
            <thead><tr><th>序号</th><th>党组织</th><th>姓名</th><th>交至年月</th><th>欠交月份</th><th>欠交金额</th><th>连续未交</th><th>提醒及备注</th></tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.memberId}>
                  <td>{i + 1}</td><td>{r.org}</td><td>{r.name}</td><td>{r.paidThrough ? r.paidThrough.replace('-', '.') : ''}</td>
                  <td>{monthsText(r.monthsOwed)}</td><td style={{ textAlign: 'right' }}>{r.unassessed && !r.monthsOwed.length ? '' : r.amountOwed}</td>
                  <td style={{ textAlign: 'right' }}>{r.unassessed && !r.monthsOwed.length ? '' : r.consecutiveMonths}</td>
                  <td>{[r.unassessed ? '未核定党费标准' : '', r.left ? `已于${r.left.on}${r.left.type}` : '', r.levelText].filter(Boolean).join('；')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="note">注：连续未交为欠交月份中最长的连续月数；连续6个月不交纳党费的，支部应研究是否有正当理由，本表不作任何处理决定。</div>
        </div>,
        document.body,
      )}
    </Space>
  );
}

type AssessProps = { entry: ArrearsEntry | null; year: number; onClose: () => void; onDone: () => void };

/**
 * 核定 in one step from the arrears list: category and base for the year, from its first month; a fresh form
 * for each member (components/freshForm.tsx)
 */
function AssessModal(props: AssessProps) {
  const { key, shown } = useFreshTarget(props.entry);
  return <AssessForm key={key} {...props} entry={shown} open={props.entry !== null} />;
}

function AssessForm({ entry, open, year, onClose, onDone }: AssessProps & { open: boolean }) {
  const [form] = Form.useForm<{ category: PayerCategory; income?: string; amount?: string }>();
  const category = Form.useWatch('category', form);
  const income = Form.useWatch('income', form);
  const amount = Form.useWatch('amount', form);
  const [preview, setPreview] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!category) return;
    const t = setTimeout(() => {
      api.dues.standard({ category, income: income || null, amount: amount || null })
        .then((r) => setPreview(`${r.rateLabel} → 每月 ${r.amount} 元`), (e: Error) => setPreview(e instanceof ApiError ? e.message : ''));
    }, 200);
    return () => clearTimeout(t);
  }, [category, income, amount]);
  const kind = category ? CATEGORY_RULES[category].kind : 'salary';
  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      await api.dues.setBase({ memberId: entry!.memberId, year, fromMonth: `${year}-01`, category: v.category, income: v.income || null, farmerAmount: v.amount || null });
      onDone();
    } catch (e) {
      form.setFields([{ name: e instanceof ApiError && e.field === 'category' ? 'category' : kind === 'farmer' ? 'amount' : 'income', errors: [(e as Error).message] }]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <FormModal open={open} form={form} title={`核定党费标准：${entry?.name ?? ''}（${year}年度）`} onClose={onClose} onOk={save} okText="核定" confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'assess-ok' } as never}>
      <Form form={form} layout="vertical" initialValues={{ category: '在职', income: '', amount: '' }}>
        <Form.Item name="category" label="交纳类别"><Select data-testid="assess-category" options={PAYER_CATEGORIES.map((c) => ({ value: c, label: c }))} /></Form.Item>
        {kind === 'salary' || kind === 'retiree' ? (
          <Form.Item name="income" label={kind === 'retiree' ? '月离退休费/养老金（元）' : '月收入基数（税后，元）'} rules={[{ required: true, message: '请填写月收入基数' }]}>
            <Input data-testid="assess-income" />
          </Form.Item>
        ) : null}
        {kind === 'farmer' ? <Form.Item name="amount" label="每月交纳金额（0.20–1.00元）" rules={[{ required: true, message: '请填写金额' }]}><Input /></Form.Item> : null}
        <Typography.Text type="secondary" data-testid="assess-preview">按规定：{preview}</Typography.Text>
      </Form>
    </FormModal>
  );
}
