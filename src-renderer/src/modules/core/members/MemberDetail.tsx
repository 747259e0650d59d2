import { Alert, App, Button, Descriptions, Drawer, Empty, Popconfirm, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client.ts';
import type { AuditEntryDto, MemberDto, MemberEventDto, ProbationDto } from '../../../../../src-main/modules/core/contract.ts';
import { FIELD_LABELS, operatorLabel } from '../../../../../src-main/contract/shared.ts';

// A member's card: the registry fields, the events (转入/转出/死亡/出党…) and every change made.

type Detail = { member: MemberDto; events: MemberEventDto[]; history: AuditEntryDto[]; probation: ProbationDto | null };

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

const ACTIONS: Record<string, string> = { create: '新增登记', update: '修改信息', move: '调整组织', delete: '删除' };
const actionLabel = (a: string) =>
  ACTIONS[a] ?? (a.startsWith('event:') ? `登记${a.slice(6)}` : a.startsWith('event-undo:') ? `撤销${a.slice(11)}` : a);

/** what an event says beyond its type: from/to, sub-type, months, 转正日期, 整建制, the clerk's note */
const eventText = (e: MemberEventDto) =>
  [
    e.subtype, e.fromOrg && `自 ${e.fromOrg}`, e.toOrg && `至 ${e.toOrg}`, e.months && `延长${e.months}个月`,
    e.effectiveOn && (e.type === '转正' ? `转正日期 ${e.effectiveOn}` : `预备期至 ${e.effectiveOn}`), e.wholeOrg && '整建制', e.detail,
  ].filter(Boolean).join('，') || '—';
/** history snapshots use the database's column names (birth_date); labels use the contract's (birthDate) */
const labelOf = (k: string) => FIELD_LABELS[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] ?? FIELD_LABELS[k] ?? k;

/** "性别：男 → 女" lines for the fields that differ between two snapshots */
function changes(a: AuditEntryDto): string[] {
  const before = a.before ?? {};
  const after = a.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => !['id', 'updatedAt', 'createdAt', 'updated_at', 'created_at', 'path'].includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  if (!a.before) return [];
  return keys.map((k) => `${labelOf(k)}：${show(before[k])} → ${show(after[k])}`);
}

export function MemberDetail({ memberId, version, onClose, onEdit, onRecordEvent, onChanged }: {
  memberId: number | null;
  /** bumps when the member changed elsewhere (edit, event) so the card reloads */
  version: number;
  onClose: () => void;
  onEdit: (m: MemberDto) => void;
  onRecordEvent: (m: MemberDto) => void;
  /** an event undone or the member deleted here */
  onChanged: (deleted: boolean) => void;
}) {
  const { message } = App.useApp();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => setRefusal(null), [memberId]);

  const undo = async () => {
    try {
      const r = await api.members.undoEvent({ member: memberId! });
      message.success(`已撤销：${r.undone.type}（${r.undone.date}）`);
      setRefusal(null);
      onChanged(false);
    } catch (e) {
      setRefusal(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async () => {
    try {
      const r = await api.members.delete({ member: memberId! });
      message.success(`已删除：${r.name}`);
      onChanged(true);
    } catch (e) {
      setRefusal(e instanceof Error ? e.message : String(e));
    }
  };

  useEffect(() => {
    if (memberId == null) return;
    let live = true;
    setError(null);
    api.members.get({ id: memberId }).then(
      (d) => live && setDetail(d),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [memberId, version]);

  const m = detail?.member.id === memberId ? detail.member : null;
  const items = m
    ? ([
        ['name', m.name], ['gender', m.gender], ['ethnicity', m.ethnicity], ['birthDate', m.birthDate],
        ['idNumber', <span key="id">{m.idNumber}{m.idNeedsReview ? <Tag color="orange" style={{ marginLeft: 6 }}>由15位升位，待核对</Tag> : null}</span>],
        ['education', m.education], ['degree', m.degree], ['nativePlace', m.nativePlace],
        ['category', <span key="cat">{m.category}{detail?.probation ? (
          <Tag color={detail.probation.level === 'ok' ? 'blue' : detail.probation.level === 'overdue' ? 'orange' : 'red'} style={{ marginLeft: 6 }} data-testid="detail-probation">
            预备期至 {detail.probation.endsOn}{detail.probation.extensionMonths ? `（已延长${detail.probation.extensionMonths}个月）` : ''}{detail.probation.level === 'overdue' ? '，已到期' : detail.probation.level === 'long-overdue' ? '，已超过两年' : ''}
          </Tag>
        ) : null}</span>],
        ['joinedOn', m.joinedOn], ['confirmedOn', m.confirmedOn], ['org', m.org],
        ['increaseType', m.enteredOn ? `${m.increaseType}（${m.enteredOn}）` : m.increaseType], ['joinType', m.joinType],
        ['partyPost', m.partyPost], ['status', m.status], ['roll', m.leftOn ? `${m.roll}（${m.leftOn}）` : m.roll],
        ['phone', m.phone], ['landline', m.landline], ['workUnit', m.workUnit], ['jobPosition', m.jobPosition],
        ['workStart', m.workStart], ['householdReg', m.householdReg], ['address', m.address],
        ['isLost', m.isLost ? `是${m.lostOn ? `（${m.lostOn}起）` : ''}` : '否'],
        ['isMobile', m.isMobile ? `是${m.outflow ? `（${m.outflow}）` : ''}` : '否'],
        ['profTitle', m.profTitle], ['newStratum', m.newStratum],
        ['taiwan', m.taiwan ? '是' : '否'], ['migrantWorker', m.migrantWorker ? '是' : '否'], ['selfCareUnable', m.selfCareUnable ? '是' : '否'],
        ['remark', m.remark],
      ] as [string, React.ReactNode][]).map(([k, v]) => ({
        key: k, label: FIELD_LABELS[k] ?? k, children: v === '' || v == null ? '—' : v,
        span: ['address', 'remark', 'workUnit', 'org', 'idNumber', 'category'].includes(k) ? 2 : 1,
      }))
    : [];

  return (
    <Drawer
      open={memberId !== null}
      onClose={onClose}
      size={760}
      title={m ? `党员信息：${m.name}` : '党员信息'}
      extra={m ? (
        <Space>
          <Popconfirm
            title={`删除${m.name}？`}
            description="只用于删除误录入的党员；已离开的党员请登记转出、死亡或出党。删除会记入修改历史。"
            okText="删除" okButtonProps={{ danger: true, 'data-testid': 'detail-delete-ok' } as never} cancelText="取消" onConfirm={remove}
          >
            <Button danger data-testid="detail-delete">删除</Button>
          </Popconfirm>
          <Button onClick={() => onRecordEvent(m)} data-testid="detail-event">登记变动</Button>
          <Button type="primary" onClick={() => onEdit(m)} data-testid="detail-edit">编辑</Button>
        </Space>
      ) : null}
    >
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : !m ? <Spin /> : (
        <div data-testid="member-detail">
          {refusal ? <Alert type="error" showIcon closable title={<span data-testid="detail-refusal">{refusal}</span>} style={{ marginBottom: 12 }} onClose={() => setRefusal(null)} /> : null}
          <Descriptions size="small" bordered column={2} items={items} styles={{ label: { width: 120, whiteSpace: 'nowrap' } }} />
          <Tabs
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'events', label: `变动记录（${detail!.events.length}）`,
                children: detail!.events.length ? (
                  <Table<MemberEventDto>
                    size="small" rowKey="id" pagination={false} dataSource={detail!.events} data-testid="detail-events"
                    columns={[
                      { title: '日期', dataIndex: 'date', width: 100 },
                      { title: '类型', dataIndex: 'type', width: 90, render: (t) => <Tag>{t}</Tag> },
                      { title: '说明', key: 'detail', render: (_, e) => eventText(e) },
                      { title: '登记', key: 'rec', width: 130, render: (_, e) => `${operatorLabel(e.recordedBy)} ${e.recordedAt.slice(0, 10)}` },
                      {
                        title: '', key: 'undo', width: 64,
                        // only the latest event can be undone (docs/domain/members.md#undo-and-deletion)
                        render: (_, e) => (e.id === detail!.events[detail!.events.length - 1].id ? (
                          <Popconfirm title={`撤销这次“${e.type}”？`} description="登记的变动将被删除，党员的状态和党费恢复到登记前；撤销会记入修改历史。" okText="撤销" cancelText="取消" onConfirm={undo}
                            okButtonProps={{ 'data-testid': 'event-undo-ok' } as never}>
                            <Button size="small" type="link" data-testid="event-undo">撤销</Button>
                          </Popconfirm>
                        ) : null),
                      },
                    ]}
                  />
                ) : <Empty description="没有变动记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />,
              },
              {
                key: 'history', label: `修改历史（${detail!.history.length}）`,
                children: detail!.history.length ? (
                  <Table<AuditEntryDto>
                    size="small" rowKey="id" pagination={false} dataSource={detail!.history}
                    columns={[
                      { title: '时间', dataIndex: 'at', width: 150, render: (t: string) => t.replace('T', ' ').slice(0, 16) },
                      { title: '操作人', dataIndex: 'actor', width: 110, render: (a: string, h) => <span data-testid="history-actor">{operatorLabel(a, h.machine)}</span> },
                      { title: '操作', dataIndex: 'action', width: 100, render: actionLabel },
                      { title: '变化', key: 'changes', render: (_, a) => {
                        const lines = changes(a);
                        return lines.length ? lines.map((l) => <div key={l}>{l}</div>) : '—';
                      } },
                    ]}
                  />
                ) : <Empty description="没有修改记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />,
              },
            ]}
          />
        </div>
      )}
    </Drawer>
  );
}
