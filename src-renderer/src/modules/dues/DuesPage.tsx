import { InputNumber, Space, Tabs } from 'antd';
import { useState } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { AccountsTab } from './AccountsTab.tsx';
import { ArrearsTab } from './ArrearsTab.tsx';
import { ExportsTab } from './ExportsTab.tsx';
import { GridTab } from './GridTab.tsx';
import { StandardTab } from './StandardTab.tsx';

// 党费管理 (docs/domain/dues.md): collection grid per branch, arrears, standards, accounts, tables.
export default function DuesPage() {
  const { orgs } = useOrgs();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  // bumped after every change so that the other tabs reload
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <OrgTreeSelect data-testid="dues-org" orgs={orgs} value={orgId} onChange={setOrgId} style={{ width: 320 }} placeholder="选择党支部" />
        <span>年度</span>
        <InputNumber data-testid="dues-year" min={2000} max={2100} value={year} onChange={(v) => setYear(v ?? year)} />
      </Space>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'grid', label: '收缴登记', children: <GridTab orgId={orgId} year={year} onChanged={changed} /> },
          { key: 'arrears', label: '欠交提醒', children: <ArrearsTab orgId={orgId} orgs={orgs} version={version} /> },
          { key: 'standard', label: '标准核定', children: <StandardTab orgId={orgId} year={year} onChanged={changed} /> },
          { key: 'accounts', label: '上缴与使用', children: <AccountsTab orgId={orgId} year={year} version={version} /> },
          { key: 'exports', label: '报表与设置', children: <ExportsTab orgId={orgId} year={year} onChanged={changed} /> },
        ]}
      />
    </Space>
  );
}
