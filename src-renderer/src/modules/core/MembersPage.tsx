import { App, Button, Modal, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { describeRosterFilter, type MemberDto } from '../../../../src-main/modules/core/contract.ts';
import { ColumnList, ExportButton } from '../../components/ExportButton.tsx';
import { useOrgLabels } from '../../components/orgNames.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { MemberDetail } from './members/MemberDetail.tsx';
import { MemberFilterBar } from './members/MemberFilterBar.tsx';
import { MemberForm, type MemberFormTarget } from './members/MemberForm.tsx';
import { DEFAULT_ROSTER_COLUMNS, MemberTable, ROSTER_SCREEN_COLUMNS, rosterColumns } from './members/MemberTable.tsx';
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
  const orgLabels = useOrgLabels(orgs);
  // the on-screen columns: the clerk's kept choice and order (settings.rosterColumns)
  const [chosenColumns, setChosenColumns] = useState<string[] | null>(null);
  const [choosing, setChoosing] = useState<string[] | null>(null);
  useEffect(() => {
    api.settings.get({}).then((s) => setChosenColumns(s.rosterColumns), () => setChosenColumns([]));
  }, []);
  const withRoll = query.filter.roll != null && query.filter.roll !== '在册';
  const columns = useMemo(() => rosterColumns(chosenColumns ?? undefined, withRoll), [chosenColumns, withRoll]);
  const saveColumns = async (keys: string[]) => {
    try {
      const s = await api.settings.save({ rosterColumns: keys });
      setChosenColumns(s.rosterColumns);
      setChoosing(null);
      message.success('已保存显示的列');
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const filterWords = describeRosterFilter(query.filter);

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
            <ExportButton name="roster" input={query.filter} disabled={!total} columns columnsLabel="导出的列" testId="member-export">
              {filterWords.length ? '导出花名册（筛选结果）' : '导出花名册'}
            </ExportButton>
            <Button onClick={() => setMoving(selected)} disabled={selected.length === 0} data-testid="member-move">
              批量调整组织{selected.length ? `（${selected.length}）` : ''}
            </Button>
          </Space>
          <Typography.Text type="secondary" style={{ marginLeft: 'auto' }} data-testid="member-total">
            {orgName ? `${orgName}（含下级）` : '全部组织'}
            {filterWords.length ? ` · 筛选：${filterWords.join('、')}` : ''} · 共 {total ?? '…'} 人
          </Typography.Text>
          <Button size="small" onClick={() => setChoosing(chosenColumns?.length ? chosenColumns : DEFAULT_ROSTER_COLUMNS)} data-testid="member-columns">
            显示列
          </Button>
        </div>
        <MemberFilterBar filter={query.filter} onChange={setFilter} />
        {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
        <MemberTable
          columns={columns}
          orgLabels={orgLabels}
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
      {choosing ? (
        <Modal open title="花名册显示的列" onCancel={() => setChoosing(null)} onOk={() => void saveColumns(choosing)} okText="保存" cancelText="取消" okButtonProps={{ disabled: !choosing.length, 'data-testid': 'member-columns-ok' } as never}>
          <ColumnList
            cols={{ name: 'roster-screen', available: ROSTER_SCREEN_COLUMNS.map((c) => ({ key: c.key, label: c.title, required: false })), chosen: choosing }}
            onChange={setChoosing}
            defaults={DEFAULT_ROSTER_COLUMNS}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            姓名总在最前。勾选的列按列出的顺序显示；用箭头调整顺序。列多时表格可左右滚动。导出的花名册用“列设置”另行选择。
          </Typography.Paragraph>
        </Modal>
      ) : null}
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
