import { App, Button, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { api, saveFile } from '../api/client.ts';
import type { FileResult, MemberDto } from '../../../src-main/contract/core.ts';
import { useJobRunner } from '../components/useJobRunner.tsx';
import { useOrgs } from '../components/useOrgs.ts';
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
  const [runJob, jobModal] = useJobRunner();

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

  const exportRoster = async () => {
    try {
      const file = await runJob<FileResult>('导出党员花名册', () => api.exports.roster(query.filter));
      saveFile(file);
      message.success(`已导出：${file.fileName}`);
      for (const w of file.warnings ?? []) message.warning(w, 10); // e.g. too wide for one page: which columns to drop
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
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
            <Button onClick={exportRoster} disabled={!total} data-testid="member-export">导出花名册</Button>
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
      {jobModal}
    </div>
  );
}
