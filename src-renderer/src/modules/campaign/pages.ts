import { lazy } from 'react';
import type { PageEntry } from '../registry.ts';

export const pages: PageEntry[] = [{ key: 'campaign', label: '信教排查与承诺书', order: 50, component: lazy(() => import('./CampaignPage.tsx')) }];
