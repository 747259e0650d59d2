import { Alert, App, AutoComplete, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useDebouncedCallback } from '../../components/useDebouncedCallback.ts';
import { useOrgs } from '../../components/useOrgs.ts';
import type { MemberHoursDto, TargetDto, TrainingRowDto } from '../../../../src-main/modules/orglife/contract.ts';
import { TRAINING_KINDS, TRAINING_LEVELS } from '../../../../src-main/modules/orglife/contract.ts';
import { todayIso } from './format.ts';
import './orglife.css';

// 培训学时 (docs/domain/org-life.md#training-hours): training classes with their participants (人次) and
// every member's hours of the year — classes plus the study hours of activities attended — against the
// targets (32 / 56 by default, editable).

export default function TrainingPage() {
  const { orgs } = useOrgs();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [year, setYear] = useState(Number(todayIso().slice(0, 4)));
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (orgId === null && orgs.length) setOrgId((orgs.find((o) => o.parentId === null) ?? orgs[0]).id);
  }, [orgs, orgId]);
  return (
    <div className="ol-page">
      <Space wrap>
        <OrgTreeSelect data-testid="training-org" orgs={orgs} value={orgId} onChange={setOrgId} style={{ width: 300 }} />
        <InputNumber data-testid="training-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} style={{ width: 90 }} />
        <ExportButton name="training-stats" input={{ org: orgId, year }} disabled={!orgId}>导出人次及学时统计表</ExportButton>
      </Space>
      {orgId && (
        <Tabs
          destroyOnHidden
          items={[
            { key: 'classes', label: '培训班次', children: <Classes orgId={orgId} year={year} version={version} onChanged={() => setVersion((v) => v + 1)} /> },
            { key: 'hours', label: '党员学时', children: <Hours orgId={orgId} year={year} version={version} /> },
          ]}
        />
      )}
    </div>
  );
}

function Classes({ orgId, year, version, onChanged }: { orgId: number; year: number; version: number; onChanged: () => void }) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<TrainingRowDto[] | null>(null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  useEffect(() => {
    void api.training.list({ org: orgId, year }).then(setRows, (e: Error) => message.error(e.message));
  }, [orgId, year, version, message]);
  const total = (rows ?? []).reduce((s, r) => s + r.personTimes, 0);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="training-new">登记培训</Button>
        <Typography.Text type="secondary" data-testid="training-total">{year} 年共 {rows?.length ?? 0} 期、{total} 人次</Typography.Text>
      </Space>
      <Table<TrainingRowDto>
        size="small" rowKey="id" loading={!rows} dataSource={rows ?? []} pagination={false} scroll={{ y: 440 }} data-testid="training-table"
        onRow={(r) => ({ onClick: () => setEditing(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '培训名称', dataIndex: 'title', ellipsis: true },
          { title: '类别', dataIndex: 'kind', width: 120 },
          { title: '层级', dataIndex: 'level', width: 60 },
          { title: '组织', dataIndex: 'org', width: 200, ellipsis: true },
          { title: '日期', key: 'd', width: 190, render: (_: unknown, r) => (r.start === r.end ? r.start : `${r.start} 至 ${r.end}`) },
          { title: '学时', dataIndex: 'hours', width: 60, align: 'right' },
          { title: '人次', dataIndex: 'personTimes', width: 60, align: 'right' },
          { title: '总学时', dataIndex: 'totalHours', width: 70, align: 'right' },
        ]}
      />
      {editing !== null && <TrainingModal id={editing === 'new' ? null : editing} orgId={orgId} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); onChanged(); }} />}
    </Space>
  );
}

interface TValues {
  title: string;
  kind: string;
  level: string;
  org: number;
  dates: [Dayjs, Dayjs];
  hours: number;
  place?: string;
}

function TrainingModal({ id, orgId, onClose, onSaved }: { id: number | null; orgId: number; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const { orgs } = useOrgs();
  const [form] = Form.useForm<TValues>();
  const [people, setPeople] = useState<{ value: number; label: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(Boolean(id));
  useEffect(() => {
    if (!id) {
      form.setFieldsValue({ kind: TRAINING_KINDS[0], level: '单位', org: orgId, dates: [dayjs(), dayjs()], hours: 8 });
      return;
    }
    void api.training.get({ id }).then((t) => {
      form.setFieldsValue({ title: t.title, kind: t.kind, level: t.level, org: t.orgId, dates: [dayjs(t.start), dayjs(t.end)], hours: t.hours, place: t.place ?? undefined });
      setPeople(t.participants.map((p) => ({ value: p.memberId, label: `${p.name}（${p.org}）` })));
      setLoading(false);
    });
  }, [id, orgId, form]);
  const save = async () => {
    let v: TValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const input = {
      title: v.title, kind: v.kind, level: v.level, org: v.org, start: v.dates[0].format('YYYY-MM-DD'), end: v.dates[1].format('YYYY-MM-DD'),
      hours: v.hours, place: v.place ?? null, participants: people.map((p) => p.value),
    };
    try {
      const r = id ? await api.training.edit({ id, ...input }) : await api.training.add(input);
      message.success(`已保存：${r.personTimes} 人次`);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const addAll = async () => {
    const o = form.getFieldValue('org') as number;
    const { rows } = await api.members.list({ orgId: o, limit: null });
    setPeople((cur) => {
      const have = new Set(cur.map((c) => c.value));
      return [...cur, ...rows.filter((m) => !have.has(m.id)).map((m) => ({ value: m.id, label: `${m.name}（${m.org}）` }))];
    });
  };
  return (
    <Modal open title={id ? '修改培训' : '登记培训'} onCancel={onClose} onOk={() => void save()} okText="保存" cancelText="取消" width={680}
      footer={(orig) => (
        <Space>
          {id && (
            <Popconfirm title="删除这期培训？" onConfirm={async () => { await api.training.delete({ id }); onSaved(); }}>
              <Button danger>删除</Button>
            </Popconfirm>
          )}
          {orig}
        </Space>
      )}>
      {loading ? <Spin /> : (
        <Form form={form} layout="vertical" size="small" data-testid="training-form">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
          <Form.Item name="title" label="培训名称" rules={[{ required: true, message: '请填写培训名称' }]}><Input data-testid="training-title" /></Form.Item>
          <Space.Compact block style={{ gap: 8 }}>
            <Form.Item name="kind" label="类别" style={{ flex: 1 }}><AutoComplete options={TRAINING_KINDS.map((k) => ({ value: k }))} /></Form.Item>
            <Form.Item name="level" label="举办层级" style={{ width: 100 }}><Select options={TRAINING_LEVELS.map((k) => ({ value: k, label: k }))} /></Form.Item>
            <Form.Item name="dates" label="起止日期" style={{ width: 240 }}><DatePicker.RangePicker format="YYYY-MM-DD" /></Form.Item>
            <Form.Item name="hours" label="学时" style={{ width: 80 }}><InputNumber min={0.5} step={0.5} style={{ width: '100%' }} data-testid="training-hours" /></Form.Item>
          </Space.Compact>
          <Form.Item name="org" label="举办（选派）组织"><OrgTreeSelect orgs={orgs} /></Form.Item>
          <Form.Item label={<span>参训人员（{people.length} 人）<Button type="link" size="small" onClick={() => void addAll()}>加入该组织全部在册党员</Button></span>}>
            <MembersPicker value={people} onChange={setPeople} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** several members by name, pinyin initials or ID fragment */
function MembersPicker({ value, onChange }: { value: { value: number; label: string }[]; onChange: (v: { value: number; label: string }[]) => void }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const search = useDebouncedCallback(async (text: string) => {
    const { rows } = await api.members.list({ search: text || null, limit: 20 });
    setOptions(rows.map((m) => ({ value: m.id, label: `${m.name}（${m.org}）` })));
  }, 250);
  useEffect(() => search(''), [search]);
  return (
    <Select
      mode="multiple"
      labelInValue
      data-testid="training-people"
      value={value}
      onChange={(v) => onChange(v as { value: number; label: string }[])}
      options={options}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder="输入姓名查找"
      maxTagCount={30}
    />
  );
}

function Hours({ orgId, year, version }: { orgId: number; year: number; version: number }) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<MemberHoursDto[] | null>(null);
  const [targets, setTargets] = useState<TargetDto[]>([]);
  const [onlyMissing, setOnlyMissing] = useState(false);
  const load = useCallback(() => {
    setRows(null);
    void api.training.hours({ org: orgId, year }).then(setRows, (e: Error) => message.error(e.message));
    void api.training.targets({}).then(setTargets);
  }, [orgId, year, message]);
  useEffect(load, [load, version]);
  const shown = useMemo(() => (rows ?? []).filter((r) => !onlyMissing || !r.met), [rows, onlyMissing]);
  const met = (rows ?? []).filter((r) => r.met).length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text data-testid="hours-summary">共 {rows?.length ?? 0} 人，达标 {met} 人</Typography.Text>
        <Checkbox checked={onlyMissing} onChange={(e) => setOnlyMissing(e.target.checked)}>只看未达标</Checkbox>
        {targets.map((t) => (
          <Space key={t.key} size={4}>
            <Typography.Text type="secondary">{t.label}年度目标</Typography.Text>
            <InputNumber size="small" min={0} step={1} defaultValue={t.hours} style={{ width: 70 }} onBlur={async (e) => {
              const h = Number(e.target.value);
              if (!Number.isFinite(h) || h === t.hours) return;
              await api.training.saveTarget({ key: t.key as 'member' | 'committee', hours: h });
              load();
            }} />
            <Typography.Text type="secondary">学时</Typography.Text>
          </Space>
        ))}
      </Space>
      <Table<MemberHoursDto>
        size="small" rowKey="memberId" loading={!rows} dataSource={shown} virtual pagination={false} scroll={{ y: 430 }} data-testid="hours-table"
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '所在党组织', dataIndex: 'org', ellipsis: true },
          { title: '党内职务', dataIndex: 'post', width: 100 },
          { title: '培训学时', dataIndex: 'trainingHours', width: 80, align: 'right' },
          { title: '组织生活学时', dataIndex: 'activityHours', width: 100, align: 'right' },
          { title: '合计', dataIndex: 'hours', width: 70, align: 'right' },
          { title: '目标', dataIndex: 'target', width: 60, align: 'right' },
          { title: '达标', dataIndex: 'met', width: 70, render: (m: boolean) => (m ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>) },
        ]}
      />
    </Space>
  );
}
