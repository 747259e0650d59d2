import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [{ key: 'development', label: '发展党员', order: 55, component: lazy(() => import('./DevelopmentPage.tsx')) }];
