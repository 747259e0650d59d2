import type { ModuleHandlers } from './handler-types.ts';
import type { duesOps } from '../contract/dues.ts';

export const duesHandlers: ModuleHandlers<typeof duesOps> = {};
