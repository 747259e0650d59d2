import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [
  { key: 'home', label: '工作台', order: 0, component: lazy(() => import('./HomePage.tsx')) },
  { key: 'orgs', label: '组织架构', order: 10, component: lazy(() => import('./OrgsPage.tsx')) },
  { key: 'members', label: '党员花名册', order: 20, component: lazy(() => import('./MembersPage.tsx')) },
  { key: 'settings', label: '设置', order: 1000, component: lazy(() => import('./SettingsPage.tsx')) },
];
