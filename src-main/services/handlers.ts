import type { Contract } from '../contract/index.ts';
import type { ModuleHandlers } from './handler-types.ts';
import { coreHandlers } from '../modules/core/handlers.ts';
import { importHandlers } from '../modules/import/handlers.ts';
import { duesHandlers } from '../modules/dues/handlers.ts';
import { campaignHandlers } from '../modules/campaign/handlers.ts';

/** every contract operation's service function; the type makes a missing one a compile error */
export const handlers: ModuleHandlers<Contract> = {
  ...coreHandlers,
  ...importHandlers,
  ...duesHandlers,
  ...campaignHandlers,
};
