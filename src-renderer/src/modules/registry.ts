import type { ComponentType, LazyExoticComponent } from 'react';

// The app's pages, gathered from every module folder's pages.ts (src-renderer/src/modules/<name>/pages.ts):
// a module adds pages by having that file, no list to edit here. Menu order by `order`.
export interface PageEntry {
  key: string;
  label: string;
  /** menu position: lower first */
  order: number;
  component: LazyExoticComponent<ComponentType>;
  /** the module folder the page comes from (filled in here) */
  module?: string;
}

const found = import.meta.glob<{ pages: PageEntry[] }>('./*/pages.ts', { eager: true });

export const PAGES: PageEntry[] = Object.entries(found)
  .flatMap(([file, m]) => m.pages.map((p) => ({ ...p, module: file.split('/')[1] })))
  .sort((a, b) => a.order - b.order);
