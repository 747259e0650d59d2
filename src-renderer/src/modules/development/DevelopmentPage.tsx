import { Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { BoardTab } from './BoardTab.tsx';
import { ImportTab } from './ImportTab.tsx';
import { PeopleTab } from './PeopleTab.tsx';

// 发展党员 (docs/domain/development.md): the board per branch with what is due this month, the register of
// applicants, activists and candidates with their steps under the time rules, and the import of an
// existing list.
export default function DevelopmentPage() {
  const { orgs } = useOrgs();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (orgId === null && orgs.length) setOrgId(orgs.find((o) => o.parentId === null && o.type !== '党组')?.id ?? orgs[0].id);
  }, [orgs, orgId]);
  const changed = () => setVersion((v) => v + 1);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <span>党组织</span>
        <OrgTreeSelect data-testid="dev-org" orgs={orgs} value={orgId} onChange={setOrgId} style={{ width: 320 }} disabled={(o) => o.type === '党组'} />
      </Space>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'board', label: '看板', children: <BoardTab orgId={orgId} version={version} /> },
          { key: 'people', label: '发展名册', children: <PeopleTab orgId={orgId} orgs={orgs} version={version} onChanged={changed} /> },
          { key: 'import', label: '导入名单', children: <ImportTab orgId={orgId} onChanged={changed} /> },
        ]}
      />
    </Space>
  );
}
