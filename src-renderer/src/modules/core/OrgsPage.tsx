import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { buildOrgTree, subtreeMemberCounts, type OrgNode } from '../../components/orgTree.ts';
import { useOrgs } from '../../components/useOrgs.ts';
import { useNavParams } from '../../components/navigation.tsx';
import { OrgForm, type OrgFormTarget } from './orgs/OrgForm.tsx';
import { TermReminderTag } from './orgs/TermReminderTag.tsx';

// 组织架构: the committee's organizations as a tree with their 换届 state.
export default function OrgsPage() {
  const { message } = App.useApp();
  const { orgs, loading, reload } = useOrgs();
  const [target, setTarget] = useState<OrgFormTarget | null>(null);
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const tree = useMemo(() => buildOrgTree(orgs), [orgs]);
  const totals = useMemo(() => subtreeMemberCounts(orgs), [orgs]);
  /** how deep each organization sits (the table indents 15 px a level) */
  const depth = useMemo(() => {
    const parent = new Map(orgs.map((o) => [o.id, o.parentId]));
    const d = new Map<number, number>();
    for (const o of orgs) {
      let n = 0;
      for (let p = o.parentId; p != null && n < 20; p = parent.get(p) ?? null) n++;
      d.set(o.id, n);
    }
    return d;
  }, [orgs]);
  // opened from a reminder on the home page: that organization's row stands out
  const { orgId: highlighted } = useNavParams<{ orgId: number }>();
  const attention = orgs.filter((o) => o.termReminder !== 'ok' && o.termReminder !== 'none').length;

  const remove = async (o: OrgDto) => {
    try {
      await api.orgs.delete({ org: o.id });
      message.success(`已删除：${o.name}`);
      await reload();
    } catch (e) {
      // refusals (has members / sub-organizations) come back as a Chinese sentence
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const columns: ColumnsType<OrgNode> = [
    {
      // the full name is what this page is for: wrapped, never cut (the tree's indent eats the width)
      title: '组织全称', dataIndex: 'name', key: 'name',
      render: (name: string, o) => (
        // an inline block: a wrapped name stays beside the tree's indent instead of running under it
        <a onClick={() => setTarget({ org: o })} data-testid={`org-row-${o.name}`}
          style={{ display: 'inline-block', verticalAlign: 'middle', maxWidth: `calc(100% - ${(depth.get(o.id) ?? 0) * 15 + 30}px)` }}>{name}</a>
      ),
    },
    { title: '简称', dataIndex: 'shortName', key: 'shortName', width: 130, ellipsis: true, render: (s) => s || '—' },
    { title: '类型', dataIndex: 'type', key: 'type', width: 96, render: (t: string) => <Tag>{t}</Tag> },
    { title: '书记', dataIndex: 'secretary', key: 'secretary', width: 88, render: (s) => s || '—' },
    {
      title: '党员数', key: 'memberCount', width: 90, align: 'right',
      render: (_, o) => {
        const total = totals.get(o.id) ?? o.memberCount;
        return total === o.memberCount ? total : <span title={`本级 ${o.memberCount} 人，含下级共 ${total} 人`}>{o.memberCount} / {total}</span>;
      },
    },
    {
      title: '任期届满', key: 'termDeadline', width: 110,
      render: (_, o) => o.termDeadline ? (
        <span title={o.postponedUntil ? `原届满 ${o.termEnd ?? '—'}，延期至 ${o.postponedUntil}${o.postponementNote ? `（${o.postponementNote}）` : ''}` : undefined}>
          {o.termDeadline}{o.postponedUntil ? <Typography.Text type="secondary">（延）</Typography.Text> : null}
        </span>
      ) : '—',
    },
    { title: '换届提醒', key: 'termReminder', width: 150, render: (_, o) => <TermReminderTag org={o} /> },
    {
      title: '操作', key: 'actions', width: 170,
      render: (_, o) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setTarget({ org: o })}>编辑</Button>
          {o.type !== '党小组' && o.type !== '党组' ? (
            <Button size="small" type="link" onClick={() => setTarget({ parentId: o.id })} data-testid={`org-add-child-${o.name}`}>加下级</Button>
          ) : null}
          <Popconfirm
            title={`删除“${o.name}”？`}
            description="有党员或下级组织的不能删除。"
            okText="删除"
            okButtonProps={{ danger: true, ...({ 'data-testid': 'org-delete-ok' } as object) }}
            cancelText="取消"
            onConfirm={() => remove(o)}
          >
            <Button size="small" type="link" danger data-testid={`org-delete-${o.name}`}>删除</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Button type="primary" onClick={() => setTarget({})} data-testid="org-add">新增组织</Button>
          <Typography.Text type="secondary">共 {orgs.length} 个组织</Typography.Text>
          {attention > 0 ? <Tag color="orange">{attention} 个组织需尽快换届</Tag> : null}
        </Space>
      </Space>
      <Table<OrgNode>
        data-testid="org-table"
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={tree}
        pagination={false}
        expandable={{
          // everything open by default (new organizations too); the clerk may fold branches
          expandedRowKeys: orgs.filter((o) => !collapsed.has(o.id)).map((o) => o.id),
          onExpand: (open, o) => setCollapsed((c) => {
            const next = new Set(c);
            if (open) next.delete(o.id);
            else next.add(o.id);
            return next;
          }),
        }}
        tableLayout="fixed"
        rowClassName={(o) => (o.id === highlighted ? 'row-highlight' : '')}
        locale={{ emptyText: '还没有组织。点“新增组织”，从党委（或党总支、党支部）开始建立组织架构。' }}
      />
      <OrgForm
        target={target}
        orgs={orgs}
        onClose={() => setTarget(null)}
        onSaved={async () => {
          setTarget(null);
          await reload();
        }}
      />
    </div>
  );
}
