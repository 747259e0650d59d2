import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

// The app's pages in menu order. A module adds its page here with one line.
export interface PageEntry {
  key: string;
  label: string;
  group?: string;
  component: LazyExoticComponent<ComponentType>;
}

export const PAGES: PageEntry[] = [
  { key: 'orgs', label: '组织架构', component: lazy(() => import('../modules/core/OrgsPage.tsx')) },
  { key: 'members', label: '党员花名册', component: lazy(() => import('../modules/core/MembersPage.tsx')) },
  { key: 'import', label: '导入党员', component: lazy(() => import('../modules/import/ImportPage.tsx')) },
  { key: 'import-history', label: '导入记录', component: lazy(() => import('../modules/import/ImportHistoryPage.tsx')) },
  { key: 'dues', label: '党费管理', component: lazy(() => import('../modules/dues/DuesPage.tsx')) },
  { key: 'campaign', label: '信教排查与承诺书', component: lazy(() => import('../modules/campaign/CampaignPage.tsx')) },
  { key: 'settings', label: '设置', component: lazy(() => import('../modules/core/SettingsPage.tsx')) },
];
