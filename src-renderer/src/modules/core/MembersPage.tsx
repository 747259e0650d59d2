import { App, Button, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import type { MemberDto } from '../../../../src-main/modules/core/contract.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { MemberDetail } from './members/MemberDetail.tsx';
import { MemberFilterBar } from './members/MemberFilterBar.tsx';
import { MemberForm, type MemberFormTarget } from './members/MemberForm.tsx';
import { MemberTable } from './members/MemberTable.tsx';
import { MoveMembersModal } from './members/MoveMembersModal.tsx';
import { OrgFilterTree } from './members/OrgFilterTree.tsx';
import { RecordEventModal } from './members/RecordEventModal.tsx';
import { DEFAULT_FILTER, type MemberQuery } from './members/query.ts';
import { useMemberPages } from './members/useMemberPages.ts';

const PANEL: React.CSSProperties = { background: '#fff', borderRadius: 8, padding: 12, display: 'flex', minHeight: 0 };

// 党员花名册: org tree on the left, search + filters on top, the virtualized roster below.
export default function MembersPage() {
  const { message } = App.useApp();
  const { orgs, reload: reloadOrgs } = useOrgs();
  const [query, setQuery] = useState<MemberQuery>({ filter: DEFAULT_FILTER });
  const { count, rowAt, loaded, total, loading, error, ensure, refresh } = useMemberPages(query);
  const [selected, setSelected] = useState<number[]>([]);
  const [formTarget, setFormTarget] = useState<MemberFormTarget | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [detailVersion, setDetailVersion] = useState(0);
  const [eventFor, setEventFor] = useState<MemberDto | null>(null);
  const [moving, setMoving] = useState<number[] | null>(null);

  const openDetail = useCallback((m: MemberDto) => setDetailId(m.id), []);
  const setFilter = (filter: MemberQuery['filter']) => {
    setSelected([]);
    setQuery((q) => ({ ...q, filter }));
  };
  const changed = () => {
    refresh();
    void reloadOrgs(); // member counts in the tree
    setDetailVersion((v) => v + 1);
  };


  const orgName = query.filter.orgId != null ? orgs.find((o) => o.id === query.filter.orgId)?.name : null;
  return (
    <div style={{ flex: 1, minHeight: 0, display: 'flex', gap: 12 }}>
      <div style={PANEL}>
      <OrgFilterTree orgs={orgs} value={query.filter.orgId ?? null} onChange={(orgId) => setFilter({ ...query.filter, orgId })} />
      </div>
      <div style={{ ...PANEL, flex: 1, minWidth: 0, flexDirection: 'column', gap: 8 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          <Space size={8}>
            <Button type="primary" onClick={() => setFormTarget({ orgId: query.filter.orgId })} data-testid="member-add">新增党员</Button>
            <ExportButton name="roster" input={query.filter} disabled={!total} columns testId="member-export">导出花名册</ExportButton>
            <Button onClick={() => setMoving(selected)} disabled={selected.length === 0} data-testid="member-move">
              批量调整组织{selected.length ? `（${selected.length}）` : ''}
            </Button>
          </Space>
          <Typography.Text type="secondary" style={{ marginLeft: 'auto' }} data-testid="member-total">
            {orgName ? `${orgName}（含下级）` : '全部组织'} · 共 {total ?? '…'} 人
          </Typography.Text>
        </div>
        <MemberFilterBar filter={query.filter} onChange={setFilter} />
        {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
        <MemberTable
          count={count}
          rowAt={rowAt}
          loaded={loaded}
          loading={loading}
          query={query}
          onSort={(sortBy, sortOrder) => setQuery((q) => ({ ...q, sortBy, sortOrder }))}
          ensure={ensure}
          selected={selected}
          onSelect={setSelected}
          onOpen={openDetail}
        />
      </div>
      <MemberForm
        target={formTarget}
        orgs={orgs}
        onClose={() => setFormTarget(null)}
        onSaved={() => {
          setFormTarget(null);
          changed();
        }}
      />
      <MemberDetail
        memberId={detailId}
        version={detailVersion}
        onClose={() => setDetailId(null)}
        onEdit={(m) => setFormTarget({ member: m })}
        onRecordEvent={setEventFor}
        onChanged={(deleted) => {
          if (deleted) setDetailId(null);
          changed();
        }}
      />
      <RecordEventModal
        member={eventFor}
        orgs={orgs}
        onClose={() => setEventFor(null)}
        onDone={() => {
          setEventFor(null);
          changed();
        }}
      />
      <MoveMembersModal
        ids={moving}
        orgs={orgs}
        onClose={() => setMoving(null)}
        onDone={() => {
          setMoving(null);
          setSelected([]);
          changed();
        }}
      />
    </div>
  );
}
