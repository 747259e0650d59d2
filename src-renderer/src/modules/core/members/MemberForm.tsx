import { Alert, App, Button, Checkbox, Col, Divider, Form, Input, Row, Select, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../../api/client.ts';
import type { MemberCheck, MemberDto, OrgDto } from '../../../../../src-main/modules/core/contract.ts';
import type { Issue } from '../../../../../src-main/contract/shared.ts';
import { CATEGORIES, EDUCATIONS, ETHNICITIES, GENDERS, JOB_POSITIONS, NEW_STRATA, PROF_TITLES, STATUSES } from '../../../../../src-main/contract/shared.ts';
import { FIELD_LABELS } from '../../../../../src-main/contract/shared.ts';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect.tsx';
import { PartialDateInput } from '../../../components/PartialDateInput.tsx';
import { toOptions } from '../../../components/options.ts';
import { useDebouncedCallback } from '../../../components/useDebouncedCallback.ts';
import { FormDrawer, freshPerTarget } from '../../../components/freshForm.tsx';
import { useNavigate } from '../../../components/navigation.tsx';
import { formFieldOf, fromMember, toMemberInput, type FormValues } from './memberFormValues.ts';

// The member form checks as the clerk types: every change runs members.check (the same rules as
// save, the CLI and the import — src-main/domain/member-rules.ts) and shows errors in red and
// warnings in orange beside their field. A valid ID number fills 性别 and 出生日期. Each opening is a fresh
// form (freshPerTarget): nothing of the member shown before can appear in it.

export interface MemberFormTarget {
  member?: MemberDto;
  orgId?: number | null;
}

const EMPTY: MemberCheck = { errors: [], warnings: [], derived: {} };
const NEW_DEFAULTS: FormValues = { ethnicity: '汉族', category: '正式党员', status: '正常', isLost: false, isMobile: false, taiwan: false, migrantWorker: false, selfCareUnable: false };
/** what the registry cannot do without (docs/domain/members.md#record-fields); 性别 and 出生日期 come from the ID */
const REQUIRED = new Set(['name', 'idNumber', 'orgId', 'category', 'joinedOn']);

interface Props {
  target: MemberFormTarget | null;
  orgs: OrgDto[];
  onClose: () => void;
  onSaved: (m: MemberDto) => void;
}

export const MemberForm = freshPerTarget<MemberFormTarget, Props>(MemberFormDrawer);

function MemberFormDrawer({ target, open, orgs, onClose, onSaved }: Props & { open: boolean }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [check, setCheck] = useState<MemberCheck>(EMPTY);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const seq = useRef(0);
  const derivedFrom = useRef<string | null>(null);
  const autoFilled = useRef<{ gender?: string; birthDate?: string }>({});
  const editing = target?.member;
  const isLost = Form.useWatch('isLost', form);
  const isMobile = Form.useWatch('isMobile', form);

  const runCheck = useCallback(async (values?: FormValues) => {
    const n = ++seq.current;
    try {
      const res = await api.members.check({ id: editing?.id, member: toMemberInput(values ?? form.getFieldsValue(true)) });
      if (n !== seq.current) return; // a newer check is on its way
      setCheck(res);
      applyDerived(res);
    } catch (e) {
      if (n === seq.current && e instanceof ApiError) setCheck({ ...EMPTY, errors: [{ field: e.field ?? '', message: e.message }] });
    }
  }, [editing?.id, form]);

  /** fills 性别/出生日期 from a newly valid ID, but never over a value the clerk chose */
  const applyDerived = (res: MemberCheck) => {
    const id = res.derived.idNumber;
    if (!id || id === derivedFrom.current) return;
    derivedFrom.current = id;
    let changed = false;
    for (const k of ['gender', 'birthDate'] as const) {
      const want = res.derived[k];
      const cur = form.getFieldValue(k) as string | null | undefined;
      if (want && (!cur || cur === autoFilled.current[k]) && cur !== want) {
        form.setFieldValue(k, want);
        autoFilled.current[k] = want;
        changed = true;
      }
    }
    if (changed) void runCheck();
  };

  const scheduleCheck = useDebouncedCallback(() => void runCheck(), 250);

  const initialValues: FormValues = target?.member ? fromMember(target.member) : { ...NEW_DEFAULTS, orgId: target?.orgId ?? null };
  // mounted once per target (freshPerTarget): set up from it, and check an existing record at once (it may
  // carry warnings worth seeing)
  if (derivedFrom.current === null && target?.member) derivedFrom.current = target.member.idNumber;
  useEffect(() => {
    if (target?.member) void runCheck(fromMember(target.member));
  }, []);

  const visible = (i: Issue) => showAll || touched.has(formFieldOf(i.field)) || Boolean(editing);
  const errors = check.errors.filter(visible);
  const warnings = check.warnings.filter(visible);
  const FORM_FIELDS = new Set(Object.keys(FIELD_LABELS));

  /** validateStatus + help for one field from the latest check */
  const status = (field: string) => {
    const e = errors.filter((i) => formFieldOf(i.field) === field).map((i) => i.message);
    const w = warnings.filter((i) => formFieldOf(i.field) === field).map((i) => i.message);
    if (e.length) return { validateStatus: 'error' as const, help: <span data-testid={`err-${field}`}>{e.join('；')}</span> };
    if (w.length) return { validateStatus: 'warning' as const, help: <span data-testid={`warn-${field}`}>{w.join('；')}</span> };
    return {};
  };
  // issues about fields the form does not show go on top
  const loose = [...errors, ...warnings].filter((i) => !FORM_FIELDS.has(formFieldOf(i.field)));

  const submit = async () => {
    setShowAll(true);
    setSaving(true);
    setRefusal(null);
    try {
      const res = await api.members.save({ id: editing?.id, member: toMemberInput(form.getFieldsValue(true)) });
      if (res.warnings.length) message.warning(`已保存，请注意：${res.warnings.map((w) => w.message).join('；')}`, 6);
      else message.success(`已保存：${res.member.name}`);
      onSaved(res.member);
    } catch (e) {
      const issues = (e instanceof ApiError && (e.details as { issues?: Issue[] } | undefined)?.issues) || null;
      if (issues) setCheck((c) => ({ ...c, errors: issues }));
      setRefusal(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  // a plain function, not a component: a component declared here would remount its input on
  // every render and steal the focus while the clerk types
  const field = (name: string, control: React.ReactNode, span = 8) => (
    <Col span={span} key={name}>
      <Form.Item name={name} label={FIELD_LABELS[name]} required={REQUIRED.has(name)} {...status(name)}>
        {control}
      </Form.Item>
    </Col>
  );
  const sel = (name: string, values: readonly string[], allowClear = true) => (
    <Select data-testid={`m-${name}`} options={toOptions(values)} allowClear={allowClear} showSearch={{ optionFilterProp: 'label' }} placeholder="请选择" />
  );
  const txt = (name: string, placeholder?: string) => <Input data-testid={`m-${name}`} placeholder={placeholder} allowClear />;
  const date = (name: string) => <PartialDateInput data-testid={`m-${name}`} />;

  return (
    <FormDrawer
      open={open}
      form={form}
      onClose={onClose}
      size={800}
      title={editing ? `编辑党员：${editing.name}` : '新增党员'}
      actions={(close) => (
        <Space>
          <Button onClick={close} data-testid="member-cancel">取消</Button>
          <Button type="primary" loading={saving} onClick={submit} data-testid="member-save">保存</Button>
        </Space>
      )}
    >
      {orgs.length === 0 ? (
        <Alert
          type="info"
          showIcon
          data-testid="member-no-orgs"
          title="还没有党组织"
          description={
            <span>
              党员要登记在某个党组织下。请先到“组织架构”新增党委（或党总支、党支部），再回来登记党员；也可以在“导入”中连同组织一起导入花名册。
              <Button type="link" size="small" onClick={() => navigate('orgs')} data-testid="member-go-orgs">去新增组织</Button>
            </span>
          }
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {refusal ? <Alert type="error" showIcon title="未保存" description={<span data-testid="member-refusal">{refusal}</span>} style={{ marginBottom: 12 }} /> : null}
      {editing ? <Alert type="info" showIcon title="人员类别、党籍状态随“登记变动”（转正、延长预备期、停止党籍、恢复党籍）改变，这里不能直接修改" style={{ marginBottom: 12 }} /> : null}
      {loose.length ? <Alert type="warning" showIcon title={loose.map((i) => i.message).join('；')} style={{ marginBottom: 12 }} /> : null}
      {target ? (
      <Form
        form={form}
        initialValues={initialValues}
        layout="vertical"
        size="middle"
        data-testid="member-form"
        onValuesChange={(changed) => {
          setTouched((t) => new Set([...t, ...Object.keys(changed)]));
          setRefusal(null);
          scheduleCheck();
        }}
      >
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>基本信息</Divider>
        <Row gutter={16}>
          {field('name', txt('name'))}
          {field('idNumber', txt('idNumber', '18位，末位可为X；输入后自动带出性别和出生日期'), 10)}
          {field('gender', sel('gender', GENDERS), 6)}
          {field('birthDate', date('birthDate'))}
          {field('ethnicity', sel('ethnicity', ETHNICITIES))}
          {field('nativePlace', txt('nativePlace', '如：山东济南'))}
          {field('education', sel('education', EDUCATIONS))}
          {field('degree', txt('degree', '如：学士'))}
          {field('phone', txt('phone'))}
        </Row>
        <Divider titlePlacement="start">党员信息</Divider>
        <Row gutter={16}>
          {field('orgId', <OrgTreeSelect data-testid="m-orgId" orgs={orgs} disabled={(o) => o.type === '党组'} notFoundContent="还没有党组织：请先到“组织架构”新增" />, 12)}
          {/* 转正 and 党籍状态 change by dated events (登记变动), not by editing the record */}
          {field('category', editing ? <Select data-testid="m-category" disabled options={toOptions(CATEGORIES)} /> : sel('category', CATEGORIES, false), 6)}
          {field('status', editing ? <Select data-testid="m-status" disabled options={toOptions(STATUSES)} /> : sel('status', STATUSES, false), 6)}
          {field('joinedOn', date('joinedOn'))}
          {field('confirmedOn', <PartialDateInput data-testid="m-confirmedOn" disabled={editing?.category === '预备党员'} />)}
          {field('partyPost', txt('partyPost', '如：支部委员'))}
        </Row>
        <Divider titlePlacement="start">工作信息</Divider>
        <Row gutter={16}>
          {field('workUnit', txt('workUnit'), 12)}
          {field('jobPosition', sel('jobPosition', JOB_POSITIONS), 12)}
          {field('workStart', date('workStart'))}
          {field('landline', txt('landline'))}
          {field('householdReg', txt('householdReg'))}
          {field('address', txt('address'), 24)}
        </Row>
        <Divider titlePlacement="start">统计信息</Divider>
        <Row gutter={16}>
          {field('profTitle', sel('profTitle', PROF_TITLES), 8)}
          {field('newStratum', sel('newStratum', NEW_STRATA), 16)}
          {(['taiwan', 'migrantWorker', 'selfCareUnable'] as const).map((k) => (
            <Col span={6} key={k}>
              <Form.Item name={k} valuePropName="checked" {...status(k)}>
                <Checkbox data-testid={`m-${k}`}>{FIELD_LABELS[k]}</Checkbox>
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Divider titlePlacement="start">其他</Divider>
        <Row gutter={16}>
          <Col span={4}>
            <Form.Item name="isLost" valuePropName="checked" label=" " {...status('isLost')}>
              <Checkbox data-testid="m-isLost">失联党员</Checkbox>
            </Form.Item>
          </Col>
          {field('lostOn', <PartialDateInput data-testid="m-lostOn" disabled={!isLost} />)}
          <Col span={4}>
            <Form.Item name="isMobile" valuePropName="checked" label=" " {...status('isMobile')}>
              <Checkbox data-testid="m-isMobile">流动党员</Checkbox>
            </Form.Item>
          </Col>
          {field('outflow', <Input data-testid="m-outflow" disabled={!isMobile} placeholder="外出地点" />)}
          {field('remark', <Input.TextArea data-testid="m-remark" autoSize={{ minRows: 2, maxRows: 5 }} />, 24)}
        </Row>
      </Form>
      ) : null}
    </FormDrawer>
  );
}
