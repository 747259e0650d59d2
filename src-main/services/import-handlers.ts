import type { ModuleHandlers } from './handler-types.ts';
import type { importOps } from '../contract/import.ts';

export const importHandlers: ModuleHandlers<typeof importOps> = {};
