import { Button, Card, Form, Input, Select, Space, message } from 'antd';
import { api } from '../../api/client.ts';
import { WAIVER_TYPES } from '../../../../src-main/modules/dues/contract.ts';
import { todayIso } from './format.ts';

/**
 * 少交/免交 with the approving body and date, and a one-off voluntary payment (≥ 1,000 元 goes upward whole, V21)
 */
export function MemberActionsCard({ memberId, year, onDone }: { memberId: number; year: number; onDone: () => void }) {
  const [waiver] = Form.useForm();
  const [vol] = Form.useForm();
  const run = async (fn: () => Promise<{ info?: string | null } | unknown>, ok: string) => {
    try {
      const r = (await fn()) as { info?: string | null; warnings?: string[] };
      message.success(ok);
      if (r?.info) message.info(r.info, 8);
      for (const w of r?.warnings ?? []) message.warning(w, 8);
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card size="small" title="少交/免交 与 一次性自愿多交">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Form form={waiver} layout="inline" initialValues={{ type: '免交', fromMonth: `${year}-01`, toMonth: `${year}-12`, approvalDate: todayIso() }}
          onFinish={(v) => run(() => api.dues.addWaiver({ memberId, type: v.type, fromMonth: v.fromMonth, toMonth: v.toMonth, reducedAmount: v.reducedAmount || null, approvalBody: v.approvalBody ?? '', approvalDate: v.approvalDate, reason: v.reason || null }), '已登记')}>
          <Form.Item name="type"><Select style={{ width: 76 }} options={WAIVER_TYPES.map((t) => ({ value: t, label: t }))} /></Form.Item>
          <Form.Item name="fromMonth"><Input style={{ width: 90 }} placeholder="起 YYYY-MM" /></Form.Item>
          <Form.Item name="toMonth"><Input style={{ width: 90 }} placeholder="止 YYYY-MM" /></Form.Item>
          <Form.Item name="reducedAmount"><Input style={{ width: 100 }} placeholder="少交后每月" /></Form.Item>
          <Form.Item name="approvalBody"><Input style={{ width: 160 }} placeholder="批准组织" /></Form.Item>
          <Form.Item name="approvalDate"><Input style={{ width: 110 }} /></Form.Item>
          <Button htmlType="submit">登记</Button>
        </Form>
        <Form form={vol} layout="inline" initialValues={{ paidOn: todayIso() }}
          onFinish={(v) => run(() => api.dues.voluntary({ memberId, amount: v.amount ?? '', paidOn: v.paidOn, note: v.note || null }), '已登记自愿多交')}>
          <Form.Item name="amount"><Input style={{ width: 110 }} placeholder="金额（元）" /></Form.Item>
          <Form.Item name="paidOn"><Input style={{ width: 110 }} /></Form.Item>
          <Form.Item name="note"><Input style={{ width: 200 }} placeholder="说明" /></Form.Item>
          <Button htmlType="submit">登记自愿多交</Button>
        </Form>
      </Space>
    </Card>
  );
}
