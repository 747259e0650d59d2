import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [
  { key: 'backup', label: '备份与恢复', order: 900, component: lazy(() => import('./BackupPage.tsx')) },
  { key: 'audit', label: '操作记录', order: 910, component: lazy(() => import('./AuditPage.tsx')) },
];
