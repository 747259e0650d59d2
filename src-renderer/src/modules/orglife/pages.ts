import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [
  { key: 'orglife', label: '组织生活', order: 60, component: lazy(() => import('./OrgLifePage.tsx')) },
  { key: 'orglife-board', label: '合规看板', order: 61, component: lazy(() => import('./BoardPage.tsx')) },
  { key: 'orglife-training', label: '培训学时', order: 62, component: lazy(() => import('./TrainingPage.tsx')) },
];
