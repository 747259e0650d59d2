import { Alert, App, Checkbox, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { MemberDto, OrgDto } from '../../../../../src-main/modules/core/contract.ts';
import { EXIT_SUBTYPES, EXTENSION_MAX_MONTHS, EXTENSION_MIN_MONTHS } from '../../../../../src-main/modules/core/contract.ts';
import { MEMBER_EVENT_TYPES } from '../../../../../src-main/contract/shared.ts';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect.tsx';
import { PartialDateInput, tidyDateText } from '../../../components/PartialDateInput.tsx';
import { toOptions } from '../../../components/options.ts';
import { FormModal, useFreshTarget, validated } from '../../../components/freshForm.tsx';

// 登记变动 (docs/domain/members.md#lifecycle-events): 转出/死亡/出党 take a member off the roll, 转入 puts one back,
// 调整 moves one to another organization of the tree; the others change 党籍状态, 人员类别 or the 失联/流动 flags.
// Which events may happen is the server's (domain/lifecycle.ts); a refusal is shown as it comes, one sentence.
// The types offered follow the member's standing, so that the usual next step is at hand.

const DETAIL_HINT: Record<string, string> = {
  转入: '从何处转入（原党组织、介绍信编号）',
  转出: '转往何处（接收党组织、介绍信编号、党费已交到年月）',
  调整: '说明（可不填）',
  死亡: '说明（可不填）',
  出党: '批准机关与原因',
  停止党籍: '支部大会日期、批准党委与原因',
  恢复党籍: '批准机关与依据',
  失联: '失去联系的情形（①外出务工经商 … ⑦其他）',
  找回: '取得联系的情况',
  流动: '外出流向（省、市、县）',
  返回: '说明（可不填）',
  转正: '支部大会决议、上级党委审批日期',
  延长预备期: '支部大会决议与理由',
};

const DATE_LABEL: Record<string, string> = {
  转正: '支部大会日期（转正日期自动取预备期满之日）',
  延长预备期: '支部大会决定日期',
  停止党籍: '决定日期',
};

/** the types that fit the member's standing, most likely first */
function typesFor(m: MemberDto | null): string[] {
  if (!m) return [...MEMBER_EVENT_TYPES];
  if (m.roll === '死亡' || m.roll === '出党') return [];
  if (m.roll === '转出') return ['转入'];
  const t: string[] = [];
  if (m.category === '预备党员') t.push('转正', '延长预备期');
  t.push('转出', '调整', '死亡', '出党');
  t.push(m.isLost ? '找回' : '失联');
  t.push(m.isMobile ? '返回' : '流动');
  if (m.status === '停止党籍') t.push('恢复党籍');
  else if (m.category === '正式党员') t.push('停止党籍');
  return t;
}

interface Values { type: string; date: string; detail?: string; subtype?: string; months?: number; wholeOrg?: boolean; toOrgId?: number | null }

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
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const type = Form.useWatch('type', form);
  const types = typesFor(member);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setRefusal(null);
    try {
      const res = await api.members.recordEvent({
        member: member!.id, type: v.type, date: tidyDateText(v.date), detail: v.detail?.trim() || null,
        subtype: v.type === '出党' ? v.subtype ?? null : null,
        months: v.type === '延长预备期' ? v.months ?? null : null,
        wholeOrg: (v.type === '转入' || v.type === '转出') && Boolean(v.wholeOrg),
        toOrg: v.type === '转入' || v.type === '调整' ? v.toOrgId ?? null : null,
      });
      const e = res.event;
      message.success(`已登记：${e.type}${e.subtype ? `（${e.subtype}）` : ''}${e.effectiveOn ? `，${e.type === '转正' ? '转正日期' : '预备期延至'} ${e.effectiveOn}` : ''}`);
      for (const w of res.warnings) message.warning(w, 6);
      onDone(res.member);
    } catch (e) {
      setRefusal(e instanceof Error ? e.message : String(e));
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
      okButtonProps={{ 'data-testid': 'event-ok', disabled: !types.length } as never}
    >
      {!types.length && member ? <Alert type="info" showIcon title={`${member.name}已${member.roll}，不能再登记变动；如属登记错误，可在党员信息中撤销最近一次变动`} /> : null}
      {refusal ? <Alert type="error" showIcon title={<span data-testid="event-refusal">{refusal}</span>} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ type: types[0] }} onValuesChange={() => setRefusal(null)}>
        <Form.Item name="type" label="变动类型" rules={[{ required: true, message: '请选择变动类型' }]}>
          <Select data-testid="event-type" options={toOptions(types)} />
        </Form.Item>
        {type === '出党' ? (
          <Form.Item name="subtype" label="出党方式" rules={[{ required: true, message: '请选择出党方式' }]}>
            <Select data-testid="event-subtype" options={toOptions(EXIT_SUBTYPES.filter((s) => s !== '取消预备党员资格' || member?.category === '预备党员'))} />
          </Form.Item>
        ) : null}
        {type === '延长预备期' ? (
          <Form.Item name="months" label={`延长月数（${EXTENSION_MIN_MONTHS}至${EXTENSION_MAX_MONTHS}个月，只能延长一次）`} rules={[{ required: true, message: '请填写延长月数' }]}>
            <InputNumber data-testid="event-months" min={EXTENSION_MIN_MONTHS} max={EXTENSION_MAX_MONTHS} precision={0} style={{ width: 120 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="date" label={DATE_LABEL[type ?? ''] ?? '日期'} rules={[{ required: true, whitespace: true, message: '请填写日期' }]}>
          <PartialDateInput data-testid="event-date" />
        </Form.Item>
        {type === '转入' || type === '调整' ? (
          <Form.Item name="toOrgId" label={type === '转入' ? '转入到' : '调整到'} rules={[{ required: type === '调整', message: '请选择党组织' }]}>
            <OrgTreeSelect data-testid="event-to-org" orgs={orgs} disabled={(o) => o.type === '党组'} />
          </Form.Item>
        ) : null}
        {type === '转入' || type === '转出' ? (
          <Form.Item name="wholeOrg" valuePropName="checked">
            <Checkbox data-testid="event-whole-org">整建制{type}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="detail" label="说明">
          <Input.TextArea data-testid="event-detail" placeholder={DETAIL_HINT[type ?? ''] ?? ''} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
