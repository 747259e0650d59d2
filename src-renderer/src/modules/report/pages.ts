import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [{ key: 'report', label: '工作总结', order: 70, component: lazy(() => import('./ReportPage.tsx')) }];
