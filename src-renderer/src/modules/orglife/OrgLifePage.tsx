import { Empty, Space, Spin, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import type { ActivityTypeDto } from '../../../../src-main/modules/orglife/contract.ts';
import { ImportTab } from './ImportTab.tsx';
import { RegisterTab } from './RegisterTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import './orglife.css';

// 组织生活 (docs/domain/org-life.md): the register of 三会一课, 主题党日, 中心组 … per organization — a month
// calendar with one-click entry beside the list, batch entry of a quarter from the clerk's own register,
// and the lists the headcounts depend on (excused members, 中心组 / 党组) with the required frequencies.

const KEY = 'orglife-org';

export default function OrgLifePage() {
  const { orgs, loading } = useOrgs();
  const [orgId, setOrgId] = useState<number | null>(() => Number(sessionStorage.getItem(KEY)) || null);
  const [types, setTypes] = useState<ActivityTypeDto[]>([]);

  useEffect(() => {
    void api.activity.types({}).then(setTypes);
  }, []);
  // the first branch when none is chosen yet
  useEffect(() => {
    if (loading || (orgId && orgs.some((o) => o.id === orgId))) return;
    const branch = orgs.find((o) => o.type === '党支部' || o.type === '联合党支部') ?? orgs[0];
    if (branch) setOrgId(branch.id);
  }, [orgs, loading, orgId]);
  const choose = (id: number | null) => {
    setOrgId(id);
    if (id) sessionStorage.setItem(KEY, String(id));
  };
  const org = orgs.find((o) => o.id === orgId);

  return (
    <div className="ol-page">
      <Space>
        <OrgTreeSelect data-testid="orglife-org" orgs={orgs} value={orgId} onChange={choose} style={{ width: 340 }} placeholder="选择党组织" />
        {org && <Typography.Text type="secondary">{org.type}，在册党员 {org.memberCount} 名（本级）</Typography.Text>}
      </Space>
      {loading || !types.length ? (
        <Spin />
      ) : !org ? (
        <Empty description="请先在“组织架构”中建立党组织" />
      ) : (
        <Tabs
          destroyOnHidden
          items={[
            { key: 'register', label: '日历登记', children: <RegisterTab key={org.id} orgId={org.id} orgs={orgs} types={types} /> },
            { key: 'import', label: '批量登记', children: <ImportTab org={org} /> },
            { key: 'settings', label: '名单与频次', children: <SettingsTab org={org} types={types} /> },
          ]}
        />
      )}
    </div>
  );
}
