import { Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Space, Table, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { SPENDING_CATEGORIES, SPENDING_KINDS } from '../../../../src-main/modules/dues/contract.ts';
import type { OpOutput } from '../../../../src-main/contract/index.ts';
import { todayIso } from './format.ts';

/**
 * the organization's year: 上年结余 + 收入 − 上缴 − 下拨及使用 = 结余 (docs/domain/dues.md#publication), with the remittance
 * and spending records
 */
export function AccountsTab({ orgId, year, version }: { orgId: number | null; year: number; version: number }) {
  const [acc, setAcc] = useState<OpOutput<'dues.accounts'> | null>(null);
  const [remitForm] = Form.useForm();
  const [spendForm] = Form.useForm();
  const load = useCallback(async () => {
    if (orgId != null) setAcc(await api.dues.accounts({ orgId, year }));
  }, [orgId, year]);
  useEffect(() => {
    void load();
  }, [load, version]);
  if (orgId == null) return <Empty description="请先选择党组织" />;

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const b = acc?.balance;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions data-testid="dues-balance" size="small" bordered column={5} items={[
        { label: '上年结余', children: b?.opening }, { label: '本年收入', children: b?.income }, { label: '上缴', children: b?.remitted },
        { label: '下拨及使用', children: b?.spent }, { label: '结余', children: b?.closing },
      ]} />
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title="登记上缴（§3.8）">
            <Form form={remitForm} layout="inline" initialValues={{ period: `${year}-Q1`, paidOn: todayIso() }}
              onFinish={(v) => run(() => api.dues.remit({ orgId, period: v.period, amount: v.amount || null, toOrg: v.toOrg || null, paidOn: v.paidOn, voucherNo: v.voucherNo || null }), '已登记上缴')}>
              <Form.Item name="period" label="期间"><Input style={{ width: 90 }} /></Form.Item>
              <Form.Item name="amount" label="金额"><Input style={{ width: 90 }} placeholder="按比例" /></Form.Item>
              <Form.Item name="paidOn" label="日期"><Input style={{ width: 110 }} /></Form.Item>
              <Form.Item name="toOrg" label="上缴至"><Input style={{ width: 160 }} /></Form.Item>
              <Form.Item name="voucherNo" label="收据号"><Input style={{ width: 100 }} /></Form.Item>
              <Button htmlType="submit">登记</Button>
            </Form>
            <Table size="small" rowKey="id" pagination={false} dataSource={acc?.remittances ?? []} columns={[
              { title: '期间', dataIndex: 'period' }, { title: '金额', dataIndex: 'amount', align: 'right' }, { title: '日期', dataIndex: 'paidOn' }, { title: '上缴至', dataIndex: 'toOrg' },
            ]} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="登记下拨 / 使用（须集体研究决定，§3.9）">
            <Form form={spendForm} layout="inline" initialValues={{ kind: '使用', spentOn: todayIso() }}
              onFinish={(v) => run(() => api.dues.spend({ orgId, kind: v.kind, category: v.category, amount: v.amount, spentOn: v.spentOn, decisionRef: v.decisionRef ?? '', approver: v.approver ?? '', note: v.note || null }), '已登记')}>
              <Form.Item name="kind"><Select style={{ width: 80 }} options={SPENDING_KINDS.map((k) => ({ value: k, label: k }))} /></Form.Item>
              <Form.Item name="category" rules={[{ required: true, message: '请选择用途' }]}><Select style={{ width: 220 }} placeholder="用途" options={SPENDING_CATEGORIES.map((k) => ({ value: k, label: k }))} /></Form.Item>
              <Form.Item name="amount" rules={[{ required: true, message: '金额' }]}><Input style={{ width: 90 }} placeholder="金额" /></Form.Item>
              <Form.Item name="spentOn"><Input style={{ width: 110 }} /></Form.Item>
              <Form.Item name="decisionRef"><Input style={{ width: 150 }} placeholder="集体研究决定" /></Form.Item>
              <Form.Item name="approver"><Input style={{ width: 90 }} placeholder="审批人" /></Form.Item>
              <Button htmlType="submit">登记</Button>
            </Form>
            <Table size="small" rowKey="id" pagination={false} dataSource={acc?.spending ?? []} columns={[
              { title: '日期', dataIndex: 'spentOn' }, { title: '类型', dataIndex: 'kind' }, { title: '用途', dataIndex: 'category', ellipsis: true }, { title: '金额', dataIndex: 'amount', align: 'right' }, { title: '决定', dataIndex: 'decisionRef', ellipsis: true },
            ]} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
