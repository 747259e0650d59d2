import { Alert, Form, Input, Select, Typography, message } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { PAYMENT_METHODS } from '../../../../src-main/modules/dues/contract.ts';
import { todayIso } from './format.ts';
import { FormModal, useFreshTarget, validated } from '../../components/freshForm.tsx';

export interface PayTarget {
  memberId: number;
  name: string;
  months: string;
  amount: string;
}

/**
 * one member's payment: months (range or list), total, date, method, receipt; confirmation when the rules ask
 * for it (docs/domain/dues.md#who-when-where)
 */
type Props = { target: PayTarget | null; onClose: () => void; onDone: () => void };

/** a fresh form per member (components/freshForm.tsx) */
export function PayModal(props: Props) {
  const { key, shown } = useFreshTarget(props.target);
  return <PayForm key={key} {...props} target={shown} open={props.target !== null} />;
}

function PayForm({ target, open, onClose, onDone }: Props & { open: boolean }) {
  const [form] = Form.useForm();
  const [confirmText, setConfirmText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      const r = await api.dues.pay({ memberId: target!.memberId, months: v.months, amount: v.amount, paidOn: v.paidOn, method: v.method, receiptNo: v.receiptNo || null, confirm: confirmText !== null });
      message.success(`已登记，收据号 ${r.payment.receiptNo}`);
      for (const w of r.warnings) message.warning(w);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NEEDS_CONFIRMATION') setConfirmText(e.message.replace(/。确认无误请加.*$/, ''));
      else if (e instanceof ApiError) {
        if (e.field) form.setFields([{ name: e.field === 'paidOn' ? 'paidOn' : e.field === 'amount' ? 'amount' : 'months', errors: [e.message] }]);
        else message.error(e.message);
      } else throw e;
    } finally {
      setBusy(false);
    }
  }

  return (
    <FormModal
      open={open}
      form={form}
      title={`登记交纳：${target?.name ?? ''}`}
      onClose={onClose}
      onOk={submit}
      okText={confirmText ? '确认登记' : '登记'}
      confirmLoading={busy}
    >
      <Form form={form} layout="vertical" initialValues={target ? { months: target.months, amount: target.amount, paidOn: todayIso(), method: '现金', receiptNo: '' } : undefined} onKeyDown={(e) => { if (e.key === 'Enter') void submit(); }}>
        <Form.Item name="months" label="交纳月份（如 2023-01..2023-03）" rules={[{ required: true, message: '请填写交纳月份' }]}>
          <Input data-testid="pay-months" autoFocus />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
          <Form.Item name="amount" label="交纳金额合计（元）" rules={[{ required: true, message: '请填写金额' }]}>
            <Input data-testid="pay-amount" />
          </Form.Item>
          <Form.Item name="paidOn" label="交纳日期" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式 YYYY-MM-DD' }]}>
            <Input data-testid="pay-date" />
          </Form.Item>
        </div>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
          <Form.Item name="method" label="交纳方式">
            <Select options={PAYMENT_METHODS.map((m) => ({ value: m, label: m }))} />
          </Form.Item>
          <Form.Item name="receiptNo" label="收据号（留空自动编号）">
            <Input />
          </Form.Item>
        </div>
      </Form>
      {confirmText && <Alert type="warning" showIcon title={confirmText} description={<Typography.Text>确认无误请点“确认登记”。</Typography.Text>} />}
    </FormModal>
  );
}
