import { App, DatePicker, Form, Input, InputNumber, Modal, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { orgTreeOptions } from '../../components/orgTree.ts';

interface Values {
  name: string;
  year: number;
  period: [Dayjs, Dayjs];
  orgIds?: number[];
}

/** a new campaign: name, year, period, scope (organizations with their sub-organizations; none = all) */
export function CreateCampaignModal({ open, orgs, onClose, onCreated }: { open: boolean; orgs: OrgDto[]; onClose: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const treeData = useMemo(() => orgTreeOptions(orgs), [orgs]);
  const year = new Date().getFullYear();
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const { id } = await api.campaign.create({
        name: v.name, year: v.year, start: v.period[0].format('YYYY-MM-DD'), end: v.period[1].format('YYYY-MM-DD'), orgIds: v.orgIds ?? [],
      });
      message.success('已建立专项工作，排查清单已按党员的入党、转入和离开日期生成');
      form.resetFields();
      onCreated(id);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title="新建专项工作" onCancel={onClose} onOk={submit} confirmLoading={saving} okText="建立" okButtonProps={{ 'data-testid': 'campaign-create-ok' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: `${year}年党员信教问题专项整治`, year, period: [dayjs(`${year}-04-01`), dayjs(`${year}-09-30`)] }}>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="period" label="工作期间" rules={[{ required: true, message: '请选择开始和结束日期' }]}>
          <DatePicker.RangePicker data-testid="campaign-period" />
        </Form.Item>
        <Form.Item name="orgIds" label="范围（含下级组织；不选则为全部组织）">
          <TreeSelect data-testid="campaign-orgs" multiple treeData={treeData} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} placeholder="全部组织" allowClear />
        </Form.Item>
      </Form>
    </Modal>
  );
}
