import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { SPENDING_CATEGORIES, SPENDING_KINDS } from '../../../../src-main/modules/dues/contract.ts';
import type { OpOutput } from '../../../../src-main/contract/index.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { todayIso } from './format.ts';

/** the quarter a month falls in, as a period key (2026-Q4) */
export function quarterOf(year: number): string {
  const now = new Date();
  return year === now.getFullYear() ? `${year}-Q${Math.floor(now.getMonth() / 3) + 1}` : `${year}-Q4`;
}

/**
 * the organization's year across levels (docs/domain/dues.md#accounts-across-levels): 上年结余 + 收入 − 上缴 −
 * 下拨及使用 = 结余, where a branch's 上缴 is the committee's income and a 下拨 the receiving organization's;
 * voluntary one-offs of 1,000 元 or more are kept apart as due to the Centre
 */
export function AccountsTab({ orgId, year, version, orgs }: { orgId: number | null; year: number; version: number; orgs: OrgDto[] }) {
  const { message } = App.useApp();
  const [acc, setAcc] = useState<OpOutput<'dues.accounts'> | null>(null);
  const [remitForm] = Form.useForm();
  const [spendForm] = Form.useForm();
  const [openingForm] = Form.useForm();
  const kind = Form.useWatch('kind', spendForm) as string | undefined;
  const load = useCallback(async () => {
    if (orgId != null) setAcc(await api.dues.accounts({ orgId, year }));
  }, [orgId, year]);
  useEffect(() => {
    void load();
  }, [load, version]);
  const org = orgs.find((o) => o.id === orgId);
  useEffect(() => {
    remitForm.setFieldsValue({ period: quarterOf(year), paidOn: todayIso(), toOrgId: org?.parentId ?? undefined, amount: '', voucherNo: '' });
    openingForm.setFieldsValue({ amount: acc?.balance.opening ?? '' });
  }, [org?.parentId, year, remitForm, openingForm, acc?.balance.opening]);
  if (orgId == null) return <Empty description="请先选择党组织" />;

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await load();
    } catch (e) {
      message.error((e as Error).message, 6);
    }
  };
  const b = acc?.balance;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions data-testid="dues-balance" size="small" bordered column={4} items={[
        { label: '上年结余', children: b?.opening }, { label: '本年收入', children: b?.income }, { label: '上缴', children: b?.remitted },
        { label: '下拨及使用', children: b ? `${b.spent}（其中下拨 ${b.allocated}）` : '' },
        { label: '结余', children: <Typography.Text strong data-testid="dues-closing">{b?.closing}</Typography.Text> },
        { label: '应上缴中央', children: <span title="一次自愿多交1000元以上的党费全部上缴中央，不计入收入和结余">{b?.dueToCentre}</span> },
        {
          label: '设置上年结余', span: 2, children: (
            <Form form={openingForm} layout="inline" onFinish={(v) => run(() => api.dues.setOpening({ orgId, year, amount: v.amount }), '已设置上年结余')}>
              <Form.Item name="amount" style={{ marginBottom: 0 }}><Input style={{ width: 110 }} data-testid="opening-amount" /></Form.Item>
              <Button htmlType="submit" size="small">保存</Button>
            </Form>
          ),
        },
      ]} />
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title="登记上缴（交上级党组织）">
            <Form form={remitForm} layout="inline" style={{ rowGap: 8 }}
              onFinish={(v) => run(() => api.dues.remit({ orgId, period: v.period, amount: v.amount || null, toOrg: v.toOrgId === '' ? null : v.toOrgId ?? null, paidOn: v.paidOn, voucherNo: v.voucherNo || null }), '已登记上缴')}>
              <Form.Item name="period" label="期间"><Input style={{ width: 90 }} placeholder="如 2026-Q4" /></Form.Item>
              <Form.Item name="amount" label="金额"><Input style={{ width: 90 }} placeholder="按比例" /></Form.Item>
              <Form.Item name="paidOn" label="日期"><Input style={{ width: 110 }} /></Form.Item>
              {/* the top committee remits outside the tree: its receiver is named, not chosen */}
              <Form.Item name="toOrgId" label="上缴至">
                {org?.parentId == null ? <Input style={{ width: 200 }} placeholder="上级党组织名称" data-testid="remit-to-name" /> : <OrgTreeSelect orgs={orgs} style={{ width: 200 }} placeholder="上级党组织" />}
              </Form.Item>
              <Form.Item name="voucherNo" label="收据号"><Input style={{ width: 100 }} /></Form.Item>
              <Button htmlType="submit">登记</Button>
            </Form>
            <Table size="small" rowKey="id" pagination={false} dataSource={acc?.remittances ?? []} style={{ marginTop: 8 }} columns={[
              { title: '方向', dataIndex: 'direction', width: 80, render: (d: string) => <Tag color={d === '上缴' ? 'default' : 'green'}>{d}</Tag> },
              { title: '期间', dataIndex: 'period', width: 80 }, { title: '金额', dataIndex: 'amount', align: 'right', width: 90 }, { title: '日期', dataIndex: 'paidOn', width: 100 },
              { title: '对方', key: 'other', ellipsis: true, render: (_: unknown, r) => (r.direction === '上缴' ? r.toOrg : r.fromOrg) },
            ]} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="登记下拨 / 使用（须集体研究决定）">
            <Form form={spendForm} layout="inline" style={{ rowGap: 8 }} initialValues={{ kind: '使用', spentOn: todayIso() }}
              onFinish={(v) => run(() => api.dues.spend({
                orgId, kind: v.kind, category: v.category ?? null, amount: v.amount, spentOn: v.spentOn, toOrgId: v.kind === '下拨' ? v.toOrgId ?? null : null,
                decisionRef: v.decisionRef ?? '', approver: v.approver ?? '', note: v.note || null,
              }), v.kind === '下拨' ? '已登记下拨' : '已登记使用')}>
              <Form.Item name="kind"><Select data-testid="spend-kind" style={{ width: 80 }} options={SPENDING_KINDS.map((k) => ({ value: k, label: k }))} /></Form.Item>
              {kind === '下拨' ? (
                <Form.Item name="toOrgId" rules={[{ required: true, message: '请选择接收下拨的党组织' }]}>
                  <OrgTreeSelect data-testid="spend-to-org" orgs={orgs} style={{ width: 200 }} placeholder="下拨给" disabled={(o) => o.id === orgId} />
                </Form.Item>
              ) : null}
              <Form.Item name="category" rules={[{ required: kind !== '下拨', message: '请选择用途' }]}>
                <Select style={{ width: 200 }} placeholder={kind === '下拨' ? '用途（可不选）' : '用途'} allowClear options={SPENDING_CATEGORIES.map((k) => ({ value: k, label: k }))} />
              </Form.Item>
              <Form.Item name="amount" rules={[{ required: true, message: '金额' }]}><Input data-testid="spend-amount" style={{ width: 90 }} placeholder="金额" /></Form.Item>
              <Form.Item name="spentOn"><Input style={{ width: 110 }} /></Form.Item>
              <Form.Item name="decisionRef"><Input data-testid="spend-decision" style={{ width: 150 }} placeholder="集体研究决定" /></Form.Item>
              <Form.Item name="approver"><Input data-testid="spend-approver" style={{ width: 90 }} placeholder="审批人" /></Form.Item>
              <Button htmlType="submit" data-testid="spend-submit">登记</Button>
            </Form>
            <Table size="small" rowKey="id" pagination={false} dataSource={acc?.spending ?? []} style={{ marginTop: 8 }} columns={[
              { title: '日期', dataIndex: 'spentOn', width: 100 },
              { title: '类型', dataIndex: 'kind', width: 86, render: (k: string) => <Tag color={k === '收到下拨' ? 'green' : undefined}>{k}</Tag> },
              { title: '用途', dataIndex: 'category', ellipsis: true },
              { title: '对方', key: 'other', ellipsis: true, render: (_: unknown, r) => r.toOrg ?? r.fromOrg ?? '' },
              { title: '金额', dataIndex: 'amount', align: 'right', width: 90 },
            ]} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
