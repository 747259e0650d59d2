import { App, Button, Card, Col, DatePicker, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { MemberSelect } from '../../components/MemberSelect.tsx';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import type { ActivityTypeDto, ExcuseDto, FrequencyDto, PanelMemberDto } from '../../../../src-main/modules/orglife/contract.ts';
import { EXCUSE_REASONS, PANEL_KINDS } from '../../../../src-main/modules/orglife/contract.ts';

// What the headcounts and the board depend on: members excused from 应到 (with reason and dates), the
// dated 中心组 / 党组（党委） lists of a committee, the required frequencies, the activity types and their
// abbreviations (docs/domain/org-life.md#who-should-attend, #frequencies).

const UNITS = [
  { value: 'month', label: '每月' },
  { value: 'quarter', label: '每季度' },
  { value: 'half', label: '每半年' },
  { value: 'year', label: '每年' },
  { value: '', label: '不作要求' },
];
const ATTENDEES: Record<string, string> = { all: '全体在册党员', committee: '支部委员', panel: '名单', none: '不计应到' };
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function SettingsTab({ org, types }: { org: OrgDto; types: ActivityTypeDto[] }) {
  return (
    <Row gutter={12}>
      <Col span={12}>
        <Excused org={org} />
        {['党委', '党组', '党总支'].includes(org.type) && <Panels org={org} />}
      </Col>
      <Col span={12}>
        <Frequencies />
        <Card size="small" title="活动类型及简称" style={{ marginTop: 12 }}>
          <Table<ActivityTypeDto>
            size="small" rowKey="name" pagination={false} scroll={{ y: 220 }} dataSource={types}
            columns={[
              { title: '类型', dataIndex: 'name', width: 130 },
              { title: '可用简称', dataIndex: 'aliases', render: (a: string[]) => a.join('、') },
              { title: '应到', dataIndex: 'attendees', width: 90, render: (a: string, t) => (a === 'panel' ? `${t.panel}名单` : ATTENDEES[a]) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function Excused({ org }: { org: OrgDto }) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<ExcuseDto[]>([]);
  const [member, setMember] = useState<number | null>(null);
  const [reason, setReason] = useState<string>(EXCUSE_REASONS[2]);
  const [from, setFrom] = useState<Dayjs | null>(dayjs());
  const [until, setUntil] = useState<Dayjs | null>(null);
  const load = useCallback(() => void api.activity.excused({ org: org.id }).then(setRows, (e: Error) => message.error(e.message)), [org.id, message]);
  useEffect(load, [load]);
  const add = async () => {
    if (!member || !from) return message.warning('请选择党员和起始日期');
    try {
      await api.activity.excuse({ member, reason, from: day(from)!, until: day(until) });
      setMember(null);
      load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card size="small" title="免计应到人员" extra={<Typography.Text type="secondary">经批准不计入应到会人数的党员</Typography.Text>}>
      <Space wrap style={{ marginBottom: 8 }}>
        <div style={{ width: 170 }}><MemberSelect value={member} onChange={setMember} orgId={org.id} placeholder="党员姓名" data-testid="excuse-member" /></div>
        <Select style={{ width: 220 }} value={reason} onChange={setReason} options={EXCUSE_REASONS.map((r) => ({ value: r, label: r }))} />
        <DatePicker value={from} onChange={setFrom} placeholder="起始日期" style={{ width: 130 }} />
        <DatePicker value={until} onChange={setUntil} placeholder="截止日期" style={{ width: 130 }} />
        <Button onClick={() => void add()} data-testid="excuse-add">登记</Button>
      </Space>
      <Table<ExcuseDto>
        size="small" rowKey="id" pagination={false} scroll={{ y: 160 }} dataSource={rows} data-testid="excused-table"
        columns={[
          { title: '姓名', dataIndex: 'name', width: 80 },
          { title: '原因', dataIndex: 'reason', ellipsis: true },
          { title: '期间', key: 'd', width: 190, render: (_: unknown, r) => `${r.from} 至 ${r.until ?? '今'}` },
          { title: '', key: 'x', width: 50, render: (_: unknown, r) => <Popconfirm title="撤销免计？" onConfirm={async () => { await api.activity.unexcuse({ id: r.id }); load(); }}><a>撤销</a></Popconfirm> },
        ]}
      />
    </Card>
  );
}

function Panels({ org }: { org: OrgDto }) {
  const { message } = App.useApp();
  const [kind, setKind] = useState<(typeof PANEL_KINDS)[number]>('中心组');
  const [rows, setRows] = useState<PanelMemberDto[]>([]);
  const [member, setMember] = useState<number | null>(null);
  const [role, setRole] = useState('');
  const [from, setFrom] = useState<Dayjs | null>(dayjs());
  const load = useCallback(() => void api.activity.panel({ org: org.id, kind }).then(setRows, (e: Error) => message.error(e.message)), [org.id, kind, message]);
  useEffect(load, [load]);
  const add = async () => {
    if (!member || !from) return message.warning('请选择党员和起始日期');
    try {
      await api.activity.savePanelMember({ org: org.id, kind, member, role: role || null, from: day(from)! });
      setMember(null);
      setRole('');
      load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card size="small" style={{ marginTop: 12 }} title={<Space>名单<Select size="small" value={kind} onChange={setKind} options={PANEL_KINDS.map((k) => ({ value: k, label: k }))} style={{ width: 120 }} /></Space>} extra={<Typography.Text type="secondary">中心组学习、党组会议、民主生活会的应到人员</Typography.Text>}>
      <Space wrap style={{ marginBottom: 8 }}>
        <div style={{ width: 170 }}><MemberSelect value={member} onChange={setMember} placeholder="党员姓名" data-testid="panel-member" /></div>
        <Input style={{ width: 100 }} placeholder="职务" value={role} onChange={(e) => setRole(e.target.value)} />
        <DatePicker value={from} onChange={setFrom} style={{ width: 120 }} />
        <Button onClick={() => void add()}>加入名单</Button>
      </Space>
      <Table<PanelMemberDto>
        size="small" rowKey="id" pagination={false} scroll={{ y: 160 }} dataSource={rows}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 80 },
          { title: '职务', dataIndex: 'role', width: 90 },
          { title: '期间', key: 'd', render: (_: unknown, r) => `${r.from} 至 ${r.until ?? '今'}` },
          { title: '', key: 'x', width: 50, render: (_: unknown, r) => <Popconfirm title="移出名单？" onConfirm={async () => { await api.activity.removePanelMember({ id: r.id }); load(); }}><a>移出</a></Popconfirm> },
        ]}
      />
    </Card>
  );
}

function Frequencies() {
  const { message } = App.useApp();
  const [rows, setRows] = useState<FrequencyDto[]>([]);
  const load = useCallback(() => void api.activity.frequencies({}).then(setRows), []);
  useEffect(load, [load]);
  return (
    <Card size="small" title="频次要求" extra={<Typography.Text type="secondary">合规看板和首页提醒按此检查</Typography.Text>}>
      <Table<FrequencyDto>
        size="small" rowKey="type" pagination={false} dataSource={rows} data-testid="frequencies"
        columns={[
          { title: '活动类型', dataIndex: 'type', width: 140 },
          {
            title: '频次', dataIndex: 'unit', width: 120,
            render: (u: string | null, r) => (
              <Select size="small" style={{ width: 100 }} value={u ?? ''} options={UNITS} onChange={async (v) => {
                try {
                  await api.activity.saveFrequency({ type: r.type, unit: (v || null) as FrequencyDto['unit'] });
                  message.success(`${r.type}：${UNITS.find((x) => x.value === v)!.label}`);
                  load();
                } catch (e) {
                  message.error((e as Error).message);
                }
              }} />
            ),
          },
          { title: '适用组织', dataIndex: 'orgTypes', render: (t: string[], r) => <>{t.join('、')}{r.needsCommittee && <Tag style={{ marginLeft: 4 }}>设支委会的</Tag>}</> },
        ]}
      />
    </Card>
  );
}
