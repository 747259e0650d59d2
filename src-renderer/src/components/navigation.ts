import { createContext, useContext } from 'react';

// Going to another page from inside one (去花名册查看 after an import): the app shell provides the function,
// pages call it with a page key of src-renderer/src/modules/*/pages.ts.
export const NavigateContext = createContext<(pageKey: string) => void>(() => {});

export const useNavigate = (): ((pageKey: string) => void) => useContext(NavigateContext);
