import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [{ key: 'dues', label: '党费管理', order: 40, component: lazy(() => import('./DuesPage.tsx')) }];
