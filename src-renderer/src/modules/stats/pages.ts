import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [{ key: 'stats', label: '党内统计', order: 60, component: lazy(() => import('./StatsPage.tsx')) }];
