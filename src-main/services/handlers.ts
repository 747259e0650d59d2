import type { Contract } from '../contract/index.ts';
import type { ModuleHandlers } from './handler-types.ts';
import { coreHandlers } from './core-handlers.ts';
import { importHandlers } from './import-handlers.ts';
import { duesHandlers } from './dues-handlers.ts';
import { campaignHandlers } from './campaign-handlers.ts';

/** every contract operation's service function; the type makes a missing one a compile error */
export const handlers: ModuleHandlers<Contract> = {
  ...coreHandlers,
  ...importHandlers,
  ...duesHandlers,
  ...campaignHandlers,
};
