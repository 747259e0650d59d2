import { Button, Descriptions, Drawer, Empty, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client.ts';
import type { AuditEntryDto, MemberDto, MemberEventDto } from '../../../../../src-main/modules/core/contract.ts';
import { FIELD_LABELS, operatorLabel } from '../../../../../src-main/contract/shared.ts';

// A member's card: the registry fields, the events (转入/转出/死亡/出党…) and every change made.

type Detail = { member: MemberDto; events: MemberEventDto[]; history: AuditEntryDto[] };

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

const ACTIONS: Record<string, string> = { create: '新增登记', update: '修改信息', move: '调整组织', delete: '删除' };
const actionLabel = (a: string) => ACTIONS[a] ?? (a.startsWith('event:') ? `登记${a.slice(6)}` : a);
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

export function MemberDetail({ memberId, version, onClose, onEdit, onRecordEvent }: {
  memberId: number | null;
  /** bumps when the member changed elsewhere (edit, event) so the card reloads */
  version: number;
  onClose: () => void;
  onEdit: (m: MemberDto) => void;
  onRecordEvent: (m: MemberDto) => void;
}) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);

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
        ['category', m.category], ['joinedOn', m.joinedOn], ['confirmedOn', m.confirmedOn], ['org', m.org],
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
        span: ['address', 'remark', 'workUnit', 'org', 'idNumber'].includes(k) ? 2 : 1,
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
          <Button onClick={() => onRecordEvent(m)} data-testid="detail-event">登记变动</Button>
          <Button type="primary" onClick={() => onEdit(m)} data-testid="detail-edit">编辑</Button>
        </Space>
      ) : null}
    >
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : !m ? <Spin /> : (
        <div data-testid="member-detail">
          <Descriptions size="small" bordered column={2} items={items} styles={{ label: { width: 120, whiteSpace: 'nowrap' } }} />
          <Tabs
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'events', label: `变动记录（${detail!.events.length}）`,
                children: detail!.events.length ? (
                  <Table<MemberEventDto>
                    size="small" rowKey="id" pagination={false} dataSource={detail!.events}
                    columns={[
                      { title: '日期', dataIndex: 'date', width: 100 },
                      { title: '类型', dataIndex: 'type', width: 80, render: (t) => <Tag>{t}</Tag> },
                      { title: '说明', key: 'detail', render: (_, e) => [e.fromOrg && `自 ${e.fromOrg}`, e.toOrg && `至 ${e.toOrg}`, e.detail].filter(Boolean).join('，') || '—' },
                      { title: '登记', key: 'rec', width: 150, render: (_, e) => `${operatorLabel(e.recordedBy)} ${e.recordedAt.slice(0, 10)}` },
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
