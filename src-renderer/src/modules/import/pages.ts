import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [
  { key: 'import', label: '导入党员', order: 30, component: lazy(() => import('./ImportPage.tsx')) },
  { key: 'import-history', label: '导入记录', order: 31, component: lazy(() => import('./ImportHistoryPage.tsx')) },
];
