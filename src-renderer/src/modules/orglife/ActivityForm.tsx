import { Alert, App, Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Tag, Tooltip, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, saveFile } from '../../api/client.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import type { ActivityDto, ActivityInput, ActivityTypeDto, AttachmentDto, RosterDto, SaveResult } from '../../../../src-main/modules/orglife/contract.ts';
import { ABSENCE_KINDS, LECTURER_KINDS, VOTE_KINDS } from '../../../../src-main/modules/orglife/contract.ts';
import { fileBytes, todayIso } from './format.ts';

// One activity, entered in under a minute (docs/domain/org-life.md#fast-entry): the type by typing its
// name or abbreviation, the date, who was absent picked from those who should attend that day (everyone
// else counts as present), the rest optional. 复制上次 fills the fields from the last activity of the same
// type; Ctrl+Enter saves, 保存并继续 keeps the type and the people for the next one; Esc closes.

type AbsenceKind = (typeof ABSENCE_KINDS)[number];
interface Absentee {
  memberId: number;
  name: string;
  kind: AbsenceKind;
  reason: string;
}

interface Values {
  type?: string;
  date?: Dayjs;
  start?: string;
  end?: string;
  place?: string;
  chair?: string;
  recorder?: string;
  lecturerName?: string;
  lecturerKind?: string;
  topic?: string;
  firstOn?: boolean;
  firstTopic?: string;
  tags?: string[];
  jointOrgs?: number[];
  guests?: string[];
  hours?: number | null;
  content?: string;
  decisions?: string;
  voteOn?: boolean;
  voteKind?: string;
  votesFor?: number;
  votesAgainst?: number;
  votesAbstain?: number;
}

export interface FormTarget {
  /** the organization holding it (the page's branch) */
  orgId: number;
  /** a new activity on this day, or the activity to edit */
  date?: string;
  id?: number;
  type?: string;
}

const blank = (s: string | undefined | null) => (s && s.trim() ? s.trim() : null);
const HOLDS = (t: ActivityTypeDto, org: OrgDto | undefined) => !org || t.holders.includes(org.type);

export function ActivityForm({ target, orgs, types, onClose, onSaved }: {
  target: FormTarget | null;
  orgs: OrgDto[];
  types: ActivityTypeDto[];
  onClose: () => void;
  /** after every save (and delete); `type` is the type just saved, for the next new one */
  onSaved: (r: SaveResult, type?: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [roster, setRoster] = useState<RosterDto | null>(null);
  const [absent, setAbsent] = useState<Absentee[]>([]);
  const [initialAbsent, setInitialAbsent] = useState<string>('[]');
  const [files, setFiles] = useState<{ uid: string; fileName: string; bytes: Uint8Array<ArrayBuffer> }[]>([]);
  const [stored, setStored] = useState<ActivityDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [tags, setTags] = useState<string[]>([]);
  /** the result of the last 保存并继续, shown in the form (a toast would cover its first row) */
  const [lastSaved, setLastSaved] = useState<string | null>(null);
  const typeRef = useRef<{ focus: () => void } | null>(null);
  const dateRef = useRef<{ focus: () => void } | null>(null);

  const org = orgs.find((o) => o.id === target?.orgId);
  const type = Form.useWatch('type', form);
  const date = Form.useWatch('date', form);
  const jointOrgs = Form.useWatch('jointOrgs', form);
  const voteOn = Form.useWatch('voteOn', form);
  const firstOn = Form.useWatch('firstOn', form);
  const typeDef = types.find((t) => t.name === type);
  const editing = Boolean(target?.id);

  // open: a new activity (type remembered from the last one entered) or the stored one
  useEffect(() => {
    if (!target) return;
    setError(null);
    setFiles([]);
    setStored(null);
    setLastSaved(null);
    void api.activity.tags({}).then((t) => setTags(t.map((x) => x.name)), () => undefined);
    if (target.id) {
      void api.activity.get({ id: target.id }).then((a) => {
        setStored(a);
        fill(a, true);
        const abs = a.attendance.filter((x) => (ABSENCE_KINDS as readonly string[]).includes(x.status)).map((x) => ({ memberId: x.memberId, name: x.name, kind: x.status as AbsenceKind, reason: x.reason ?? '' }));
        setAbsent(abs);
        setInitialAbsent(JSON.stringify(abs.map((x) => [x.memberId, x.kind, x.reason])));
      }, (e: Error) => setError(e.message));
    } else {
      form.resetFields();
      form.setFieldsValue({ type: target.type, date: dayjs(target.date ?? todayIso()), lecturerKind: '书记', voteKind: '一般事项' });
      setAbsent([]);
      setInitialAbsent('[]');
      setTimeout(() => (target.type ? dateRef.current : typeRef.current)?.focus(), 120);
    }
  }, [target]); // eslint-disable-line react-hooks/exhaustive-deps

  function fill(a: ActivityDto, withDate: boolean) {
    const others = a.orgs.filter((o) => o.id !== target?.orgId).map((o) => o.id);
    form.setFieldsValue({
      type: a.type,
      ...(withDate ? { date: dayjs(a.date), jointOrgs: others } : {}),
      start: a.start ?? undefined, end: a.end ?? undefined, place: a.place ?? undefined, chair: a.chair ?? undefined, recorder: a.recorder ?? undefined,
      lecturerName: a.lecturer?.name, lecturerKind: a.lecturer?.kind ?? '书记', topic: a.topic ?? undefined,
      firstOn: Boolean(a.firstTopic), firstTopic: a.firstTopic ?? undefined, tags: a.tags, guests: withDate ? a.guests : undefined, hours: a.hours,
      ...(withDate
        ? {
            content: a.content ?? undefined, decisions: a.decisions ?? undefined, voteOn: Boolean(a.votes), voteKind: a.votes?.kind ?? '一般事项',
            votesFor: a.votes?.for, votesAgainst: a.votes?.against, votesAbstain: a.votes?.abstain,
          }
        : {}),
    });
  }

  // who should attend: loaded again whenever the type, the day or the organizations change
  const dateText = date ? date.format('YYYY-MM-DD') : null;
  const jointKey = JSON.stringify(jointOrgs ?? []);
  useEffect(() => {
    if (!target || !type || !dateText) {
      setRoster(null);
      return;
    }
    const ids = [target.orgId, ...((jointOrgs as number[] | undefined) ?? [])];
    let live = true;
    const input = ids.length > 1 ? { orgs: ids, type, date: dateText } : { org: target.orgId, type, date: dateText };
    void api.activity.roster(input).then(
      (r) => {
        if (!live) return;
        setRoster(r);
        const expected = new Set(r.members.filter((m) => !m.excused).map((m) => m.memberId));
        setAbsent((cur) => cur.filter((x) => expected.has(x.memberId)));
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [target, type, dateText, jointKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const absentIds = useMemo(() => new Set(absent.map((a) => a.memberId)), [absent]);
  const expected = roster?.members.filter((m) => !m.excused) ?? [];
  const counts = {
    expected: expected.length,
    onLeave: absent.filter((a) => a.kind !== '缺席').length,
    absent: absent.filter((a) => a.kind === '缺席').length,
  };
  const present = counts.expected - counts.onLeave - counts.absent;

  const toggle = (memberId: number, name: string) =>
    setAbsent((cur) => (cur.some((a) => a.memberId === memberId) ? cur.filter((a) => a.memberId !== memberId) : [...cur, { memberId, name, kind: '请假', reason: '' }]));

  const copyLast = async () => {
    if (!target || !type) return message.info('请先选择活动类型');
    const last = await api.activity.last({ org: target.orgId, type, before: dateText });
    if (!last) return message.info(`没有找到本组织以前的${type}`);
    fill(last, false);
    message.success(`已复制 ${last.date} 的${last.type}`);
  };

  const save = useCallback(async (next: boolean) => {
    if (!target) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const joint = v.jointOrgs ?? [];
    const input: ActivityInput = {
      ...(joint.length ? { orgs: [target.orgId, ...joint] } : { org: target.orgId }),
      type: v.type!,
      date: v.date!.format('YYYY-MM-DD'),
      start: blank(v.start), end: blank(v.end), place: blank(v.place), chair: blank(v.chair), recorder: blank(v.recorder),
      lecturer: blank(v.lecturerName) ? { name: v.lecturerName!.trim(), kind: (v.lecturerKind ?? '其他') as (typeof LECTURER_KINDS)[number] } : null,
      topic: blank(v.topic), firstTopic: v.firstOn ? blank(v.firstTopic) : null, tags: v.tags ?? [], guests: v.guests ?? [],
      hours: v.hours ?? null, content: blank(v.content), decisions: blank(v.decisions),
      votes: v.voteOn ? { kind: (v.voteKind ?? '一般事项') as (typeof VOTE_KINDS)[number], for: v.votesFor ?? 0, against: v.votesAgainst ?? 0, abstain: v.votesAbstain ?? 0 } : null,
      absent: absent.map((a) => ({ memberId: a.memberId, kind: a.kind, reason: blank(a.reason) })),
      attachments: files.map((f) => ({ fileName: f.fileName, bytes: f.bytes })),
    };
    setSaving(true);
    setError(null);
    try {
      let r: SaveResult;
      if (target.id && stored) {
        // the stored headcount is history: sent again only when what it depends on was changed here
        const sameAbsent = JSON.stringify(absent.map((x) => [x.memberId, x.kind, x.reason || null])) === JSON.stringify(JSON.parse(initialAbsent).map((x: [number, string, string]) => [x[0], x[1], x[2] || null]));
        const sameOrgs = JSON.stringify(stored.orgs.map((o) => o.id).sort()) === JSON.stringify([target.orgId, ...joint].sort());
        const { org: _o, orgs: _os, absent: abs, date: d, type: t, ...rest } = input;
        r = await api.activity.edit({
          id: target.id, ...rest,
          ...(sameOrgs ? {} : joint.length ? { orgs: [target.orgId, ...joint] } : { org: target.orgId }),
          ...(d !== stored.date ? { date: d } : {}),
          ...(t !== stored.type ? { type: t } : {}),
          ...(sameAbsent ? {} : { absent: abs }),
        });
      } else r = await api.activity.add(input);
      const said = `已保存 ${input.date} ${input.type}：应到 ${r.expected} 人，实到 ${r.present} 人，请假 ${r.onLeave} 人，缺席 ${r.absent} 人`;
      onSaved(r, input.type);
      if (next && !target.id) {
        setLastSaved([said, ...r.warnings].join('；'));
        form.setFieldsValue({ topic: undefined, firstOn: false, firstTopic: undefined, content: undefined, decisions: undefined, voteOn: false, votesFor: undefined, votesAgainst: undefined, votesAbstain: undefined, guests: [] });
        setAbsent([]);
        setFiles([]);
        setTimeout(() => dateRef.current?.focus(), 50);
      } else {
        message.success(said);
        for (const w of r.warnings) message.warning(w, 6);
        onClose();
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }, [target, form, absent, files, stored, initialAbsent, message, onSaved, onClose]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save(e.shiftKey);
    }
  };

  const removeStored = async (a: AttachmentDto) => {
    await api.activity.detach({ id: a.id });
    setStored((s) => (s ? { ...s, attachmentList: s.attachmentList.filter((x) => x.id !== a.id) } : s));
  };

  const jointChoices = orgs.filter((o) => o.id !== target?.orgId && ['党支部', '联合党支部', '党总支', '党小组'].includes(o.type));
  const typeOptions = types.filter((t) => HOLDS(t, org)).map((t) => ({ value: t.name, label: t.name, search: [t.name, ...t.aliases].join(' ') }));

  return (
    <Drawer
      open={Boolean(target)}
      onClose={onClose}
      size={760}
      title={`${editing ? '修改' : '登记'}组织生活 · ${org?.name ?? ''}`}
      destroyOnHidden
      extra={
        <Space>
          {editing && target?.id && <ExportButton name="meeting-record" input={{ id: target.id }}>打印会议记录</ExportButton>}
          {editing && (
            <Popconfirm title="删除这条记录？" description="删除后可在变更记录中查到" okText="删除" cancelText="取消" onConfirm={async () => {
              await api.activity.delete({ id: target!.id! });
              message.success('已删除');
              onSaved({ id: target!.id!, expected: 0, present: 0, onLeave: 0, absent: 0, excused: 0, quorumMet: null, votePassed: null, warnings: [] });
              onClose();
            }}>
              <Button danger data-testid="form-delete">删除</Button>
            </Popconfirm>
          )}
        </Space>
      }
      footer={
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text type="secondary">Ctrl+Enter 保存，Ctrl+Shift+Enter 保存并继续，Esc 关闭</Typography.Text>
          <Space>
            <Button onClick={onClose} data-testid="form-cancel">取消</Button>
            {!editing && <Button onClick={() => void save(true)} loading={saving} data-testid="form-save-next">保存并继续</Button>}
            <Button type="primary" onClick={() => void save(false)} loading={saving} data-testid="form-save">保存</Button>
          </Space>
        </Space>
      }
    >
      <div onKeyDown={onKeyDown} data-testid="activity-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
        {lastSaved && !error && <Alert type={lastSaved.includes('不足法定人数') ? 'warning' : 'success'} showIcon title={lastSaved} style={{ marginBottom: 12 }} data-testid="form-last-saved" />}
        <Form form={form} layout="vertical" size="small" requiredMark={false} className="ol-form">
          <Space.Compact block style={{ gap: 8 }}>
            <Form.Item name="type" label="活动类型" rules={[{ required: true, message: '请选择活动类型' }]} style={{ flex: 2 }}>
              <Select
                ref={typeRef as never}
                data-testid="form-type"
                showSearch={{ filterOption: (input, o) => String((o as { search?: string })?.search ?? '').includes(input.trim()) }}
                options={typeOptions}
                placeholder="输入类型或简称，如 支委会"
              />
            </Form.Item>
            <Form.Item name="date" label="日期" rules={[{ required: true, message: '请填写日期' }]} style={{ flex: 1 }}>
              <DatePicker ref={dateRef as never} data-testid="form-date" format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="start" label="开始" style={{ width: 76 }}><Input placeholder="09:00" data-testid="form-start" /></Form.Item>
            <Form.Item name="end" label="结束" style={{ width: 76 }}><Input placeholder="11:00" data-testid="form-end" /></Form.Item>
            <Form.Item label=" " style={{ flex: 'none' }}>
              <Tooltip title="把本组织上一次同类活动的地点、主持人、记录人、主讲人、议题、第一议题、标签、学时填进来">
                <Button onClick={() => void copyLast()} data-testid="form-copy-last">复制上次</Button>
              </Tooltip>
            </Form.Item>
          </Space.Compact>
          <Space.Compact block style={{ gap: 8 }}>
            <Form.Item name="place" label="地点" style={{ flex: 1 }}><Input data-testid="form-place" /></Form.Item>
            <Form.Item name="chair" label="主持人" style={{ flex: 1 }}><Input data-testid="form-chair" /></Form.Item>
            <Form.Item name="recorder" label="记录人" style={{ flex: 1 }}><Input data-testid="form-recorder" /></Form.Item>
            <Form.Item name="lecturerName" label="主讲人" style={{ flex: 1 }}><Input data-testid="form-lecturer" /></Form.Item>
            <Form.Item name="lecturerKind" label="主讲人类别" style={{ width: 100 }}><Select options={LECTURER_KINDS.map((k) => ({ value: k, label: k }))} /></Form.Item>
          </Space.Compact>
          <Form.Item name="topic" label="主题/议题"><Input data-testid="form-topic" /></Form.Item>
          <Space.Compact block style={{ gap: 8, alignItems: 'flex-end' }}>
            <Form.Item name="firstOn" valuePropName="checked" style={{ flex: 'none' }}><Checkbox data-testid="form-first-on">第一议题</Checkbox></Form.Item>
            <Form.Item name="firstTopic" style={{ flex: 1 }}><Input disabled={!firstOn} placeholder="学习的讲话、指示或中央决策部署" data-testid="form-first" /></Form.Item>
          </Space.Compact>
          <Space.Compact block style={{ gap: 8 }}>
            <Form.Item name="tags" label="专题标签" style={{ flex: 2 }}>
              <Select mode="tags" options={tags.map((t) => ({ value: t, label: t }))} placeholder="如 二十大精神、主题教育" data-testid="form-tags" />
            </Form.Item>
            <Form.Item name="jointOrgs" label="联合开展的其他组织" style={{ flex: 2 }}>
              <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={jointChoices.map((o) => ({ value: o.id, label: o.name }))} data-testid="form-joint" maxTagCount="responsive" />
            </Form.Item>
            <Form.Item name="hours" label="学时" style={{ width: 90 }}><InputNumber min={0} max={100} step={0.5} style={{ width: '100%' }} data-testid="form-hours" /></Form.Item>
          </Space.Compact>

          <Form.Item label={<span>缺席人员 <Typography.Text type="secondary">（只登记没到的，其余按出席计）</Typography.Text></span>}>
            <Typography.Text data-testid="form-counts" strong>
              应到 {counts.expected} 人，实到 {present} 人，请假 {counts.onLeave} 人，缺席 {counts.absent} 人
            </Typography.Text>
            {roster?.note && <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{roster.note}</Typography.Text>}
            <Select
              style={{ width: '100%', margin: '6px 0' }}
              data-testid="form-absent-pick"
              placeholder="输入姓名添加缺席人员（回车）"
              showSearch={{ optionFilterProp: 'label' }}
              value={null}
              options={expected.filter((m) => !absentIds.has(m.memberId)).map((m) => ({ value: m.memberId, label: m.name }))}
              onChange={(id: number) => {
                const m = expected.find((x) => x.memberId === id);
                if (m) toggle(m.memberId, m.name);
              }}
            />
            {absent.map((a) => (
              <div className="ol-abs-row" key={a.memberId} data-testid={`absent-${a.name}`}>
                <span style={{ width: 72 }}>{a.name}</span>
                <Select size="small" value={a.kind} style={{ width: 84 }} options={ABSENCE_KINDS.map((k) => ({ value: k, label: k }))} onChange={(k) => setAbsent((cur) => cur.map((x) => (x.memberId === a.memberId ? { ...x, kind: k } : x)))} />
                <Input size="small" placeholder="原因（如 出差）" value={a.reason} style={{ flex: 1 }} onChange={(e) => setAbsent((cur) => cur.map((x) => (x.memberId === a.memberId ? { ...x, reason: e.target.value } : x)))} />
                <Button size="small" type="link" onClick={() => toggle(a.memberId, a.name)}>移除</Button>
              </div>
            ))}
            {roster && roster.members.length > 0 && (
              <div className="ol-roster" data-testid="form-roster">
                {roster.members.map((m) =>
                  m.excused ? (
                    <Tooltip key={m.memberId} title={`免计应到：${m.excused}`}><Tag>{m.name}（免计）</Tag></Tooltip>
                  ) : (
                    <Tag key={m.memberId} color={absentIds.has(m.memberId) ? 'red' : m.voting ? 'green' : 'gold'} onClick={() => toggle(m.memberId, m.name)}>
                      {m.name}{m.voting ? '' : '（预备）'}
                    </Tag>
                  ),
                )}
              </div>
            )}
          </Form.Item>
          <Form.Item name="guests" label="列席人员"><Select mode="tags" placeholder="输入姓名后回车" data-testid="form-guests" open={false} /></Form.Item>
          <Form.Item name="content" label="会议内容"><Input.TextArea rows={4} data-testid="form-content" /></Form.Item>
          {typeDef?.votes && (
            <>
              <Form.Item name="decisions" label="决议事项"><Input.TextArea rows={2} /></Form.Item>
              <Space wrap align="center" style={{ marginBottom: 12 }}>
                <Form.Item name="voteOn" valuePropName="checked" noStyle><Checkbox data-testid="form-vote-on">表决</Checkbox></Form.Item>
                {voteOn && (
                  <>
                    <Form.Item name="voteKind" noStyle><Select style={{ width: 130 }} options={VOTE_KINDS.map((k) => ({ value: k, label: k }))} /></Form.Item>
                    赞成<Form.Item name="votesFor" noStyle><InputNumber min={0} style={{ width: 64 }} data-testid="form-votes-for" /></Form.Item>
                    反对<Form.Item name="votesAgainst" noStyle><InputNumber min={0} style={{ width: 64 }} /></Form.Item>
                    弃权<Form.Item name="votesAbstain" noStyle><InputNumber min={0} style={{ width: 64 }} /></Form.Item>
                  </>
                )}
              </Space>
            </>
          )}
          <Form.Item label="附件（签到表、照片等，单个不超过 10 MB）">
            <Upload
              multiple
              data-testid="form-upload"
              beforeUpload={async (file) => {
                setFiles((cur) => [...cur, { uid: file.uid, fileName: file.name, bytes: new Uint8Array() }]);
                const bytes = await fileBytes(file);
                setFiles((cur) => cur.map((f) => (f.uid === file.uid ? { ...f, bytes } : f)));
                return false;
              }}
              fileList={files.map((f) => ({ uid: f.uid, name: f.fileName, status: 'done' as const }))}
              onRemove={(f) => setFiles((cur) => cur.filter((x) => x.uid !== f.uid))}
            >
              <Button size="small">选择文件</Button>
            </Upload>
            {stored?.attachmentList.map((a) => (
              <div key={a.id} style={{ marginTop: 4 }}>
                <a onClick={async () => saveFile(await api.activity.attachment({ id: a.id }))}>{a.fileName}</a>
                <Typography.Text type="secondary"> {Math.max(1, Math.round(a.size / 1024))} KB</Typography.Text>
                <Button size="small" type="link" danger onClick={() => void removeStored(a)}>删除</Button>
              </div>
            ))}
          </Form.Item>
          {stored && stored.history.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              变更记录：{stored.history.map((h) => `${h.at.slice(0, 16).replace('T', ' ')} ${h.actor} ${h.action}`).join('；')}
            </Typography.Paragraph>
          )}
        </Form>
      </div>
    </Drawer>
  );
}
