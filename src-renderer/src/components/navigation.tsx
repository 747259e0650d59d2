import { createContext, useContext } from 'react';

// Moving between the app's pages (the menu keys of src-renderer/src/modules/*/pages.ts) from inside a page:
// the home page's reminders and hints such as "去新增组织" use it. `params` reach the page opened
// (useNavParams), e.g. the organization a reminder is about.

export interface Navigation {
  page: string;
  params: Record<string, unknown>;
  navigate: (page: string, params?: Record<string, unknown>) => void;
  /** the menu's pages: key, label and the module folder each comes from */
  pages: readonly { key: string; label: string; module?: string }[];
}

export const NavigationContext = createContext<Navigation>({ page: '', params: {}, navigate: () => {}, pages: [] });
export const useNavigation = () => useContext(NavigationContext);

export const useNavigate = () => useContext(NavigationContext).navigate;
export const useNavParams = <T extends Record<string, unknown>>() => useContext(NavigationContext).params as Partial<T>;
