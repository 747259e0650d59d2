import { Alert, App, Button, Checkbox, Col, Descriptions, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { EDUCATIONS, ETHNICITIES, GENDERS } from '../../../../src-main/contract/shared.ts';
import { REVIEW_KINDS, STAGES, type DevListItem, type DevPersonDto } from '../../../../src-main/modules/development/contract.ts';
import { MemberSelect } from '../../components/MemberSelect.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PartialDateInput } from '../../components/PartialDateInput.tsx';
import { toOptions } from '../../components/options.ts';

// The development register: who is at which stage, the next step under the time rules (a broken rule is
// shown and may be set aside with a reason, which is kept), the record's dates, reviews and training.

const NEXT: Record<string, string | undefined> = { 入党申请人: '入党积极分子', 入党积极分子: '发展对象', 发展对象: '预备党员' };
const STAGE_COLOR: Record<string, string> = { 入党申请人: 'default', 入党积极分子: 'blue', 发展对象: 'gold', 预备党员: 'red' };

export function PeopleTab({ orgId, orgs, version, onChanged }: { orgId: number | null; orgs: OrgDto[]; version: number; onChanged: () => void }) {
  const [stage, setStage] = useState<string>('全部');
  const [rows, setRows] = useState<DevListItem[]>([]);
  const [adding, setAdding] = useState(false);
  const [advancing, setAdvancing] = useState<DevListItem | null>(null);
  const [showing, setShowing] = useState<number | null>(null);
  const { message } = App.useApp();
  const load = useCallback(async () => {
    if (!orgId) return;
    setRows(await api.dev.list({ org: orgId, stage: stage === '全部' ? null : stage }));
  }, [orgId, stage]);
  useEffect(() => {
    void load();
  }, [load, version]);
  const done = () => {
    onChanged();
    void load();
  };
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Segmented data-testid="dev-stage" options={['全部', ...STAGES]} value={stage} onChange={(v) => setStage(String(v))} />
        <Button type="primary" onClick={() => setAdding(true)} data-testid="dev-add">登记入党申请</Button>
      </Space>
      <Table
        size="small"
        rowKey="id"
        data-testid="dev-people"
        dataSource={rows}
        pagination={{ pageSize: 50, size: 'small' }}
        scroll={{ x: 'max-content', y: 420 }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90, fixed: 'left', render: (v, r) => <a onClick={() => setShowing(r.id)}>{v}</a> },
          { title: '所在党组织', dataIndex: 'org', width: 220, ellipsis: true },
          { title: '阶段', dataIndex: 'stage', width: 110, render: (s: string) => <Tag color={STAGE_COLOR[s]}>{s}</Tag> },
          { title: '申请入党', dataIndex: 'appliedOn', width: 100 },
          { title: '积极分子', dataIndex: 'activistOn', width: 100 },
          { title: '发展对象', dataIndex: 'candidateOn', width: 100 },
          { title: '接收预备党员', dataIndex: 'admittedOn', width: 110 },
          {
            title: '待办/特殊情况',
            width: 170,
            render: (_v, r) => (
              <Space size={4}>
                {r.due.map((d) => <Tag key={d.kind} color={d.level === 'error' ? 'red' : d.level === 'warning' ? 'orange' : 'blue'} title={d.message}>{DUE[d.kind]}</Tag>)}
                {r.overrides.length ? <Tag color="purple" title={r.overrides.map((o) => `${o.rule}；理由：${o.reason}`).join('\n')}>特殊 {r.overrides.length}</Tag> : null}
              </Space>
            ),
          },
          {
            title: '',
            width: 140,
            render: (_v, r) => NEXT[r.stage] ? <Button size="small" data-testid={`dev-advance-${r.name}`} onClick={() => setAdvancing(r)}>确定为{NEXT[r.stage]!.replace('入党', '')}</Button> : null,
          },
        ]}
      />
      {adding ? <AddModal orgs={orgs} orgId={orgId} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); message.success('已登记'); done(); }} /> : null}
      {advancing ? <AdvanceModal person={advancing} onClose={() => setAdvancing(null)} onSaved={(w) => { setAdvancing(null); for (const x of w) message.warning(x, 6); done(); }} /> : null}
      <PersonDrawer id={showing} orgs={orgs} onClose={() => setShowing(null)} onChanged={done} />
    </div>
  );
}

const DUE: Record<string, string> = { talk: '谈话', review: '考察', candidate: '满一年', training: '培训', approval: '审批' };

function AddModal({ orgs, orgId, onClose, onSaved }: { orgs: OrgDto[]; orgId: number | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [needsReason, setNeedsReason] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api.dev.add({ ...v, org: v.org ?? orgId, override: needsReason ? Boolean(v.override) : undefined, reason: v.reason ?? null });
      onSaved();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setRefusal(e.message);
      if (e.code === 'NEEDS_CONFIRMATION') setNeedsReason(true);
    }
  };
  return (
    <Modal open title="登记入党申请" onCancel={onClose} onOk={submit} okText="登记" cancelText="取消" width={720} okButtonProps={{ 'data-testid': 'dev-add-ok' } as never}>
      {refusal ? <Alert type={needsReason ? 'warning' : 'error'} showIcon title={refusal} style={{ marginBottom: 12 }} data-testid="dev-refusal" /> : null}
      <Form form={form} layout="vertical" initialValues={{ org: orgId }}>
        <Row gutter={12}>
          <Col span={6}><Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input data-testid="dev-name" /></Form.Item></Col>
          <Col span={10}><Form.Item name="idNumber" label="公民身份号码" rules={[{ required: true, message: '请填写公民身份号码' }]}><Input data-testid="dev-id" /></Form.Item></Col>
          <Col span={8}><Form.Item name="appliedOn" label="申请入党日期" rules={[{ required: true, message: '请填写申请入党日期' }]}><PartialDateInput data-testid="dev-applied" placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={12}><Form.Item name="org" label="所在党组织"><OrgTreeSelect orgs={orgs} disabled={(o) => o.type === '党组'} /></Form.Item></Col>
          <Col span={6}><Form.Item name="talkedOn" label="谈话日期"><PartialDateInput placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={6}><Form.Item name="gender" label="性别"><Select allowClear options={toOptions(GENDERS)} /></Form.Item></Col>
          <Col span={6}><Form.Item name="ethnicity" label="民族"><Select allowClear showSearch options={toOptions(ETHNICITIES)} /></Form.Item></Col>
          <Col span={6}><Form.Item name="education" label="学历"><Select allowClear showSearch options={toOptions(EDUCATIONS)} /></Form.Item></Col>
          <Col span={6}><Form.Item name="phone" label="联系电话"><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="workUnit" label="工作单位及职务"><Input /></Form.Item></Col>
        </Row>
        {needsReason ? (
          <Row gutter={12}>
            <Col span={6}><Form.Item name="override" valuePropName="checked" label=" "><Checkbox data-testid="dev-override">确属特殊情况</Checkbox></Form.Item></Col>
            <Col span={18}><Form.Item name="reason" label="理由（将记入发展材料）"><Input data-testid="dev-reason" /></Form.Item></Col>
          </Row>
        ) : null}
      </Form>
    </Modal>
  );
}

/** the next stage on a date; for 预备党员 the sponsors and the admission meeting's vote */
function AdvanceModal({ person, onClose, onSaved }: { person: DevListItem; onClose: () => void; onSaved: (warnings: string[]) => void }) {
  const [form] = Form.useForm();
  const [refusal, setRefusal] = useState<{ text: string; overridable: boolean } | null>(null);
  const to = NEXT[person.stage]!;
  const submit = async () => {
    const v = await form.validateFields();
    const votes = to === '预备党员' && v.expected != null
      ? { expected: v.expected, present: v.present ?? 0, for: v.for ?? 0, against: v.against ?? 0, abstain: v.abstain ?? 0 }
      : null;
    try {
      const r = await api.dev.advance({
        person: person.id, stage: to, date: v.date, votes,
        contacts: [v.contact1, v.contact2].filter((x): x is number => typeof x === 'number'),
        sponsors: [v.sponsor1, v.sponsor2].filter((x): x is number => typeof x === 'number'),
        override: Boolean(v.override), reason: v.reason ?? null,
      });
      onSaved(r.warnings);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setRefusal({ text: e.message, overridable: e.code === 'NEEDS_CONFIRMATION' || Boolean(refusal?.overridable && v.override) });
    }
  };
  return (
    <Modal open title={`确定为${to}：${person.name}`} onCancel={onClose} onOk={submit} okText="确定" cancelText="取消" width={680} okButtonProps={{ 'data-testid': 'dev-advance-ok' } as never}>
      {refusal ? <Alert type={refusal.overridable ? 'warning' : 'error'} showIcon title={refusal.text} style={{ marginBottom: 12 }} data-testid="dev-advance-refusal" /> : null}
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="date" label={to === '预备党员' ? '支部大会接收日期（入党日期）' : to === '发展对象' ? '确定发展对象日期' : '确定入党积极分子日期'} rules={[{ required: true, message: '请填写日期' }]}>
              <PartialDateInput data-testid="dev-advance-date" placeholder="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          {to === '入党积极分子' ? (
            <>
              <Col span={8}><Form.Item name="contact1" label="培养联系人"><MemberSelect data-testid="dev-contact1" /></Form.Item></Col>
              <Col span={8}><Form.Item name="contact2" label="培养联系人（第二名）"><MemberSelect /></Form.Item></Col>
            </>
          ) : null}
          {to === '预备党员' ? (
            <>
              <Col span={8}><Form.Item name="sponsor1" label="入党介绍人"><MemberSelect data-testid="dev-sponsor1" /></Form.Item></Col>
              <Col span={8}><Form.Item name="sponsor2" label="入党介绍人"><MemberSelect data-testid="dev-sponsor2" /></Form.Item></Col>
            </>
          ) : null}
        </Row>
        {to === '预备党员' ? (
          <>
            <Typography.Text type="secondary">支部大会表决情况（有表决权的正式党员）</Typography.Text>
            <Row gutter={12} style={{ marginTop: 8 }}>
              {(['expected', 'present', 'for', 'against', 'abstain'] as const).map((k) => (
                <Col span={4} key={k}>
                  <Form.Item name={k} label={{ expected: '应到', present: '实到', for: '赞成', against: '反对', abstain: '弃权' }[k]}>
                    <InputNumber min={0} style={{ width: '100%' }} data-testid={`dev-vote-${k}`} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </>
        ) : null}
        {refusal?.overridable ? (
          <Row gutter={12}>
            <Col span={7}><Form.Item name="override" valuePropName="checked" label=" "><Checkbox data-testid="dev-advance-override">确属特殊情况</Checkbox></Form.Item></Col>
            <Col span={17}><Form.Item name="reason" label="理由（将记入发展材料）"><Input data-testid="dev-advance-reason" /></Form.Item></Col>
          </Row>
        ) : null}
      </Form>
    </Modal>
  );
}

/** one person: dates, training, reviews, overrides; edits are audited */
function PersonDrawer({ id, orgs, onClose, onChanged }: { id: number | null; orgs: OrgDto[]; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const [p, setP] = useState<DevPersonDto | null>(null);
  const [form] = Form.useForm();
  const [review] = Form.useForm();
  useEffect(() => {
    if (id === null) return setP(null);
    void api.dev.get({ person: id }).then((x) => {
      setP(x);
      form.setFieldsValue({ ...x, trainingHours: x.trainingHours });
    });
  }, [id, form]);
  if (!p) return <Drawer open={false} onClose={onClose} />;
  const save = async () => {
    const v = await form.getFieldsValue();
    try {
      const patch: Record<string, unknown> = {};
      for (const k of ['talkedOn', 'politicalReviewOn', 'politicalReviewResult', 'trainingFrom', 'trainingTo', 'trainingCert', 'preReviewOn', 'volunteerFormNo', 'approvalOn', 'oathOn', 'phone', 'remark']) {
        patch[k] = v[k] === '' ? null : (v[k] ?? null);
      }
      patch.trainingHours = v.trainingHours ?? null;
      const r = await api.dev.edit({ person: p.id, patch });
      setP(r.person);
      for (const w of r.warnings) message.warning(w, 6);
      message.success('已保存');
      onChanged();
    } catch (e) {
      message.error((e as Error).message, 6);
    }
  };
  const addReview = async () => {
    const v = await review.validateFields();
    try {
      setP(await api.dev.addReview({ person: p.id, ...v }));
      review.resetFields();
      onChanged();
    } catch (e) {
      message.error((e as Error).message, 6);
    }
  };
  const remove = async () => {
    try {
      await api.dev.delete({ person: p.id });
      message.success('已删除');
      onClose();
      onChanged();
    } catch (e) {
      message.error((e as Error).message, 6);
    }
  };
  void orgs;
  return (
    <Drawer open={id !== null} onClose={onClose} size={720} title={`${p.name}（${p.stage}）`} data-testid="dev-drawer"
      extra={!p.memberId ? <Popconfirm title="删除该发展党员记录？" onConfirm={remove} okText="删除" cancelText="取消"><Button danger size="small">删除</Button></Popconfirm> : null}>
      <Descriptions size="small" column={3} items={[
        { label: '公民身份号码', children: p.idNumber, span: 2 }, { label: '性别', children: p.gender || '—' },
        { label: '所在党组织', children: p.org, span: 2 }, { label: '学历', children: p.education || '—' },
        { label: '申请入党', children: p.appliedOn }, { label: '积极分子', children: p.activistOn ?? '—' }, { label: '发展对象', children: p.candidateOn ?? '—' },
        { label: '培养联系人', children: p.contacts.map((c) => c.name).join('、') || '—' }, { label: '入党介绍人', children: p.sponsors.map((c) => c.name).join('、') || '—' },
        { label: '接收预备党员', children: p.admittedOn ?? '—' },
      ]} />
      {p.overrides.length ? (
        <Alert type="warning" showIcon style={{ margin: '8px 0' }} title="越过时间规定的特殊情况"
          description={<ul style={{ margin: 0, paddingLeft: 18 }}>{p.overrides.map((o) => <li key={`${o.code}-${o.date}`}>{o.date} {o.rule}；理由：{o.reason}</li>)}</ul>} />
      ) : null}
      {p.due.map((d) => <Alert key={d.kind} type={d.level === 'error' ? 'error' : d.level === 'warning' ? 'warning' : 'info'} showIcon title={d.message} style={{ marginBottom: 6 }} />)}
      <Form form={form} layout="vertical" size="small" style={{ marginTop: 8 }}>
        <Row gutter={12}>
          <Col span={6}><Form.Item name="talkedOn" label="谈话日期"><PartialDateInput placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={6}><Form.Item name="politicalReviewOn" label="政治审查日期"><PartialDateInput placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={12}><Form.Item name="politicalReviewResult" label="政治审查结论"><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="trainingFrom" label="集中培训开始"><PartialDateInput data-testid="dev-training-from" placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={6}><Form.Item name="trainingTo" label="集中培训结束"><PartialDateInput data-testid="dev-training-to" placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={4}><Form.Item name="trainingHours" label="学时"><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={8}><Form.Item name="trainingCert" label="结业证书编号"><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="preReviewOn" label="上级党委预审"><PartialDateInput placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={6}><Form.Item name="volunteerFormNo" label="入党志愿书编号"><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="approvalOn" label="上级党委审批"><PartialDateInput placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={6}><Form.Item name="oathOn" label="入党宣誓"><PartialDateInput placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={8}><Form.Item name="phone" label="联系电话"><Input /></Form.Item></Col>
          <Col span={16}><Form.Item name="remark" label="备注"><Input /></Form.Item></Col>
        </Row>
        <Button type="primary" size="small" onClick={save} data-testid="dev-save">保存</Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 16 }}>培养考察与思想汇报</Typography.Title>
      <Table size="small" pagination={false} rowKey="id" dataSource={p.reviews} locale={{ emptyText: '尚无记录' }}
        columns={[{ title: '日期', dataIndex: 'date', width: 100 }, { title: '类别', dataIndex: 'kind', width: 90 }, { title: '考察人', dataIndex: 'reviewer', width: 90 }, { title: '情况', dataIndex: 'summary' }]} />
      <Form form={review} layout="inline" size="small" style={{ marginTop: 8 }} initialValues={{ kind: '培养考察' }}>
        <Form.Item name="kind"><Select style={{ width: 110 }} options={toOptions(REVIEW_KINDS)} /></Form.Item>
        <Form.Item name="date" rules={[{ required: true, message: '日期' }]}><PartialDateInput placeholder="YYYY-MM-DD" /></Form.Item>
        <Form.Item name="reviewer"><Input placeholder="考察人" style={{ width: 90 }} /></Form.Item>
        <Form.Item name="summary"><Input placeholder="考察情况" style={{ width: 160 }} /></Form.Item>
        <Button size="small" onClick={addReview}>登记</Button>
      </Form>
    </Drawer>
  );
}
