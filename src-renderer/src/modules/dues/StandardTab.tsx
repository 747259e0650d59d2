import { Button, Card, Col, Collapse, Descriptions, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { MemberSelect } from '../../components/MemberSelect.tsx';
import { CATEGORY_RULES, PAYER_CATEGORIES, type PayerCategory } from '../../../../src-main/modules/dues/contract.ts';
import type { OpOutput } from '../../../../src-main/contract/index.ts';
import { computeBaseFromPayslip, WIDE_DEDUCTION_PROFILE } from '../../../../src-main/modules/dues/contract.ts';
import { parseYuan } from '../../../../src-main/contract/shared.ts';
import { MemberActionsCard } from './MemberActionsCard.tsx';
import { validated } from '../../components/freshForm.tsx';

type PayslipItem = { item?: string; amount?: string };
const PAYSLIP_ITEMS = [...WIDE_DEDUCTION_PROFILE.add, ...WIDE_DEDUCTION_PROFILE.subtract];

type Ledger = OpOutput<'dues.memberLedger'>;

/**
 * a member's standard (docs/domain/dues.md#assessment): category, base from a month, upward override with a
 * reason; history and payments with reversal
 */
export function StandardTab({ orgId, year, onChanged }: { orgId: number | null; year: number; onChanged: () => void }) {
  const [memberId, setMemberId] = useState<number | null>(null);
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [preview, setPreview] = useState<string>('');
  const [form] = Form.useForm();
  const category = Form.useWatch('category', form) as PayerCategory | undefined;
  const income = Form.useWatch('income', form) as string | undefined;
  const farmer = Form.useWatch('farmerAmount', form) as string | undefined;
  const [payslip, setPayslip] = useState<PayslipItem[]>([]);
  const payslipItems = payslip.filter((p): p is Required<PayslipItem> => Boolean(p?.item) && parseYuan(p?.amount ?? '') != null);
  // preview with the default caliber; on save the organization's own deduction profile applies (U6)
  const payslipPreview = payslipItems.length
    ? computeBaseFromPayslip(payslipItems.map((p) => ({ item: p.item, fen: parseYuan(p.amount)! })), WIDE_DEDUCTION_PROFILE).text
    : '';

  const load = useCallback(async () => {
    if (memberId == null) return setLedger(null);
    const l = await api.dues.memberLedger({ memberId });
    setLedger(l);
    // nothing of the member shown before stays in the form (components/freshForm.tsx)
    form.resetFields();
    setPayslip([]);
    form.setFieldsValue({ year, fromMonth: `${year}-01`, category: '在职' });
    // start from the member's latest standard (re-assessment usually changes only the base)
    const last = l.standards[l.standards.length - 1];
    if (last) form.setFieldsValue({ category: last.category, income: last.base ?? undefined, farmerAmount: last.base ? undefined : last.ruleAmount });
  }, [memberId, form, year]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    form.setFieldsValue({ year, fromMonth: `${year}-01`, category: '在职' });
  }, [year, form]);

  useEffect(() => {
    if (!category) return;
    const t = setTimeout(async () => {
      try {
        const r = await api.dues.standard({ category, income: income || null, amount: farmer || null });
        setPreview(`${r.rateLabel} → 每月 ${r.amount} 元`);
      } catch (e) {
        setPreview(e instanceof ApiError ? e.message : '');
      }
    }, 200);
    return () => clearTimeout(t);
  }, [category, income, farmer]);

  async function save() {
    const v = await validated(form);
    if (!v) return;
    try {
      const r = await api.dues.setBase({ memberId, year: v.year, fromMonth: v.fromMonth, category: v.category, income: v.income || null, payslip: payslipItems.length ? payslipItems.map((p) => ({ item: p.item, amount: p.amount })) : null, farmerAmount: v.farmerAmount || null, overrideAmount: v.overrideAmount || null, overrideReason: v.overrideReason || null });
      message.success(`已核定：每月 ${r.standard.amount} 元`);
      for (const w of r.warnings) message.warning(w);
      await load();
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.field) form.setFields([{ name: e.field, errors: [e.message] }]);
      else message.error((e as Error).message);
    }
  }

  async function reverse(paymentId: number) {
    try {
      await api.dues.reverse({ paymentId, reason: '录入错误冲正' });
      message.success('已冲正');
      await load();
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  }

  const kind = category ? CATEGORY_RULES[category].kind : 'salary';
  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card size="small" title="核定党费标准">
          <Space orientation="vertical">
            <MemberSelect data-testid="std-member" orgId={orgId} value={memberId} onChange={setMemberId} />
            <Form form={form} layout="vertical" disabled={memberId == null} onValuesChange={(_, all: { payslip?: PayslipItem[] }) => setPayslip(all.payslip ?? [])}>
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
                <Form.Item name="year" label="核定年度"><InputNumber min={2000} max={2100} style={{ width: '100%' }} /></Form.Item>
                <Form.Item name="fromMonth" label="起始月份"><Input placeholder="YYYY-MM" /></Form.Item>
              </div>
              <Form.Item name="category" label="交纳类别"><Select options={PAYER_CATEGORIES.map((c) => ({ value: c, label: c }))} /></Form.Item>
              {(kind === 'salary' || kind === 'retiree') && (
                <Form.Item name="income" label={kind === 'retiree' ? '月离退休费/养老金（元）' : '月收入基数（税后，元）'}><Input data-testid="std-income" /></Form.Item>
              )}
              {(kind === 'salary' || kind === 'retiree') && (
                <Collapse size="small" style={{ marginBottom: 12 }} items={[{ key: 'payslip', label: '按工资条计算基数（可选）', children: (
                  <>
                    <datalist id="payslip-items">{PAYSLIP_ITEMS.map((v) => <option key={v} value={v} />)}</datalist>
                    <Form.List name="payslip">
                      {(fields, { add, remove }) => (
                        <>
                          {fields.map((f) => (
                            <Space key={f.key} align="baseline">
                              <Form.Item name={[f.name, 'item']} style={{ marginBottom: 8 }}><Input className="payslip-item" list="payslip-items" placeholder="工资项目" style={{ width: 150 }} /></Form.Item>
                              <Form.Item name={[f.name, 'amount']} style={{ marginBottom: 8 }}><Input className="payslip-amount" placeholder="金额（元）" style={{ width: 110 }} /></Form.Item>
                              <Button size="small" type="link" onClick={() => remove(f.name)}>删除</Button>
                            </Space>
                          ))}
                          <Button size="small" onClick={() => add({})} data-testid="payslip-add">添加工资项目</Button>
                        </>
                      )}
                    </Form.List>
                    <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="payslip-preview">
                      {payslipPreview ? `计算：${payslipPreview}（保存时按本组织的扣除口径计算，并记入核定记录）` : '填写工资条各项后，基数由工资条计算，上面的基数可不填。'}
                    </Typography.Paragraph>
                  </>
                ) }]} />
              )}
              {kind === 'farmer' && <Form.Item name="farmerAmount" label="每月交纳金额（0.20–1.00元，支部确定）"><Input /></Form.Item>}
              <Typography.Paragraph data-testid="std-preview" type="secondary">按规定：{preview}</Typography.Paragraph>
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
                <Form.Item name="overrideAmount" label="自愿多交标准（元，可空）"><Input /></Form.Item>
                <Form.Item name="overrideReason" label="原因"><Input /></Form.Item>
              </div>
              <Button type="primary" onClick={save} data-testid="std-save">保存</Button>
            </Form>
          </Space>
        </Card>
      </Col>
      <Col span={14}>
        {ledger && (
          <Space orientation="vertical">
            <Descriptions size="small" bordered column={2} items={[{ label: '姓名', children: ledger.member.name }, { label: '党组织', children: ledger.member.org }]} />
            <MemberActionsCard key={ledger.member.id} memberId={ledger.member.id} year={year} onDone={() => { void load(); onChanged(); }} />
            <Table size="small" rowKey="id" pagination={false} dataSource={ledger.standards} columns={[
              { title: '起始月', dataIndex: 'fromMonth' },
              { title: '类别', dataIndex: 'category' },
              { title: '基数', dataIndex: 'base', align: 'right' },
              { title: '比例', dataIndex: 'rateLabel' },
              { title: '计算过程', dataIndex: 'computation', render: (v: string | null) => (v ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v}</Typography.Text> : null) },
              { title: '月标准', dataIndex: 'amount', align: 'right', render: (v: string, r) => <>{v}{r.override ? <Tag style={{ marginLeft: 4 }}>自愿多交</Tag> : null}{r.draft ? <Tag color="gold">草稿</Tag> : null}</> },
            ]} />
            <Table size="small" rowKey="id" pagination={{ pageSize: 8 }} dataSource={ledger.payments} columns={[
              { title: '日期', dataIndex: 'paidOn' },
              { title: '类型', dataIndex: 'kind' },
              { title: '月份', key: 'm', render: (_: unknown, r) => r.months.map((m) => m.month.slice(5)).join('、') },
              { title: '金额', dataIndex: 'amount', align: 'right' },
              { title: '收据号', dataIndex: 'receiptNo' },
              { title: '', key: 'op', render: (_: unknown, r) => (r.kind === '交纳' && !ledger.payments.some((p) => p.reversesId === r.id) ? (
                <Popconfirm title="冲正这笔交纳？（原记录保留）" onConfirm={() => reverse(r.id)}><Button size="small" type="link">冲正</Button></Popconfirm>
              ) : null) },
            ]} />
          </Space>
        )}
      </Col>
    </Row>
  );
}
