import { App, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { MemberDto, OrgDto } from '../../../../../src-main/modules/core/contract.ts';
import { MEMBER_EVENT_TYPES } from '../../../../../src-main/contract/shared.ts';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect.tsx';
import { PartialDateInput, tidyDateText } from '../../../components/PartialDateInput.tsx';
import { toOptions } from '../../../components/options.ts';
import { FormModal, useFreshTarget, validated } from '../../../components/freshForm.tsx';

// 登记变动: 转入 puts a member on the roll (into the chosen organization); 转出/死亡/出党 take them off it; the others
// are flags with a date. Each becomes an event in the member's history
// (docs/domain/members.md#lifecycle-events).

const DETAIL_HINT: Record<string, string> = {
  转入: '从何处转入（原党组织）',
  转出: '转往何处（接收党组织）',
  死亡: '说明（可不填）',
  出党: '方式与原因（如：开除党籍、劝退、除名、自行脱党）',
  停止党籍: '批准机关与原因',
  恢复党籍: '批准机关与依据',
  失联: '失去联系的情况',
  流动: '外出流向',
};

interface Props {
  member: MemberDto | null;
  orgs: OrgDto[];
  onClose: () => void;
  onDone: (m: MemberDto) => void;
}

/** a fresh form for each member (components/freshForm.tsx) */
export function RecordEventModal(props: Props) {
  const { key, shown } = useFreshTarget(props.member);
  return <EventModal key={key} {...props} member={shown} open={props.member !== null} />;
}

function EventModal({ member, open, orgs, onClose, onDone }: Props & { open: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ type: string; date: string; detail?: string; toOrgId?: number | null }>();
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch('type', form);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      const res = await api.members.recordEvent({
        member: member!.id, type: v.type, date: tidyDateText(v.date), detail: v.detail?.trim() || null,
        toOrg: v.type === '转入' ? v.toOrgId ?? null : null,
      });
      message.success(`已登记：${v.type}`);
      onDone(res.member);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormModal
      open={open}
      form={form}
      title={`登记变动：${member?.name ?? ''}`}
      onClose={onClose}
      onOk={submit}
      okText="登记"
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'event-ok' } as never}
    >
      <Form form={form} layout="vertical" initialValues={{ type: '转出' }}>
        <Form.Item name="type" label="变动类型" rules={[{ required: true, message: '请选择变动类型' }]}>
          <Select data-testid="event-type" options={toOptions(MEMBER_EVENT_TYPES)} />
        </Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true, whitespace: true, message: '请填写日期' }]}>
          <PartialDateInput data-testid="event-date" />
        </Form.Item>
        {type === '转入' ? (
          <Form.Item name="toOrgId" label="转入到" rules={[{ required: true, message: '请选择转入的党组织' }]}>
            <OrgTreeSelect orgs={orgs} disabled={(o) => o.type === '党组'} />
          </Form.Item>
        ) : null}
        <Form.Item name="detail" label="说明">
          <Input.TextArea data-testid="event-detail" placeholder={DETAIL_HINT[type ?? ''] ?? ''} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
