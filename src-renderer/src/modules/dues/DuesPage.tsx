import { InputNumber, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { AccountsTab } from './AccountsTab.tsx';
import { ArrearsTab } from './ArrearsTab.tsx';
import { ExportsTab } from './ExportsTab.tsx';
import { GridTab } from './GridTab.tsx';
import { StandardTab } from './StandardTab.tsx';

// the organization and year chosen last, kept when the clerk leaves the page and comes back
const KEPT = 'dangwu-dues-choice';
function kept(): { orgId: number | null; year: number } {
  try {
    const v = JSON.parse(localStorage.getItem(KEPT) ?? 'null') as { orgId?: number | null; year?: number } | null;
    return { orgId: v?.orgId ?? null, year: v?.year ?? new Date().getFullYear() };
  } catch {
    return { orgId: null, year: new Date().getFullYear() };
  }
}

// 党费管理 (docs/domain/dues.md): collection grid per branch, arrears, standards, accounts, tables.
export default function DuesPage() {
  const { orgs } = useOrgs();
  const [orgId, setOrgId] = useState<number | null>(() => kept().orgId);
  const [year, setYear] = useState(() => kept().year);
  // bumped after every change so that the other tabs reload
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  useEffect(() => {
    localStorage.setItem(KEPT, JSON.stringify({ orgId, year }));
  }, [orgId, year]);
  // an organization deleted since is forgotten
  useEffect(() => {
    if (orgId != null && orgs.length && !orgs.some((o) => o.id === orgId)) setOrgId(null);
  }, [orgs, orgId]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <OrgTreeSelect data-testid="dues-org" orgs={orgs} value={orgs.length ? orgId : null} onChange={setOrgId} style={{ width: 320 }} placeholder="选择党支部" />
        <span>年度</span>
        <InputNumber data-testid="dues-year" min={2000} max={2100} value={year} onChange={(v) => setYear(v ?? year)} />
      </Space>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'grid', label: '收缴登记', children: <GridTab orgId={orgId} year={year} onChanged={changed} /> },
          { key: 'arrears', label: '欠交提醒', children: <ArrearsTab orgId={orgId} orgs={orgs} year={year} version={version} onChanged={changed} /> },
          { key: 'standard', label: '标准核定', children: <StandardTab orgId={orgId} year={year} onChanged={changed} /> },
          { key: 'accounts', label: '上缴与使用', children: <AccountsTab orgId={orgId} year={year} version={version} orgs={orgs} /> },
          { key: 'exports', label: '报表与设置', children: <ExportsTab orgId={orgId} year={year} onChanged={changed} /> },
        ]}
      />
    </Space>
  );
}
