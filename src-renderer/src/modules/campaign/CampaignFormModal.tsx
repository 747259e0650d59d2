import { Alert, App, DatePicker, Form, Input, InputNumber, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { defaultCampaignPeriod, type CampaignDto } from '../../../../src-main/modules/campaign/contract.ts';
import { orgTreeOptions } from '../../components/orgTree.ts';
import { FormModal, freshPerTarget, validated } from '../../components/freshForm.tsx';

interface Values {
  name: string;
  year: number;
  period: [Dayjs, Dayjs];
  orgIds?: number[];
}

/** a new campaign (no campaign given) or one to rename / re-date */
export interface CampaignFormTarget {
  campaign?: CampaignDto;
}

interface Props {
  target: CampaignFormTarget | null;
  orgs: OrgDto[];
  onClose: () => void;
  onSaved: (id: number) => void;
}

/**
 * 新建专项工作 (name, year, period, scope: organizations with their sub-organizations; none = all) and 修改
 * (name, year, period). A new campaign's period starts today (never one already over). A fresh form per
 * opening (components/freshForm.tsx).
 */
export const CampaignFormModal = freshPerTarget<CampaignFormTarget, Props>(CampaignForm);

function CampaignForm({ target, open, orgs, onClose, onSaved }: Props & { open: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const treeData = useMemo(() => orgTreeOptions(orgs), [orgs]);
  const editing = target?.campaign;
  const initialValues = useMemo<Values>(() => {
    if (editing) return { name: editing.name, year: editing.year, period: [dayjs(editing.start), dayjs(editing.end)], orgIds: editing.orgIds };
    const d = defaultCampaignPeriod(dayjs().format('YYYY-MM-DD'));
    return { name: d.name, year: d.year, period: [dayjs(d.start), dayjs(d.end)] };
  }, [editing]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    const start = v.period[0].format('YYYY-MM-DD');
    const end = v.period[1].format('YYYY-MM-DD');
    try {
      if (editing) {
        const r = await api.campaign.update({ campaignId: editing.id, name: v.name, year: v.year, start, end });
        message.success('已保存专项工作');
        for (const w of r.warnings) message.warning(w.message, 8);
        onSaved(editing.id);
      } else {
        const { id } = await api.campaign.create({ name: v.name, year: v.year, start, end, orgIds: v.orgIds ?? [] });
        message.success('已建立专项工作，排查清单已按党员的入党、转入和离开日期生成');
        onSaved(id);
      }
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <FormModal
      open={open}
      form={form}
      title={editing ? `修改专项工作：${editing.name}` : '新建专项工作'}
      onClose={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={editing ? '保存' : '建立'}
      okButtonProps={{ 'data-testid': 'campaign-create-ok' } as never}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="campaign-form">
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input data-testid="campaign-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber data-testid="campaign-year" min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="period" label="工作期间" rules={[{ required: true, message: '请选择开始和结束日期' }]}
          extra={editing ? '改动期间后，排查清单按新的期间重新确定人员；已登记的记录都会保留。' : undefined}>
          <DatePicker.RangePicker data-testid="campaign-period" />
        </Form.Item>
        {editing ? (
          <Alert type="info" showIcon title={`范围：${editing.orgs.length ? editing.orgs.join('、') : '全部组织'}（建立后不能更改）`} />
        ) : (
          <Form.Item name="orgIds" label="范围（含下级组织；不选则为全部组织）">
            <TreeSelect data-testid="campaign-orgs" multiple treeData={treeData} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} placeholder="全部组织" allowClear />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
