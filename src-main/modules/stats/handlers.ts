import type { ModuleHandlers } from '../../services/context.ts';
import type { statsOps } from './contract.ts';
import { finalizeTable, getCover, jobMappings, listTables, mapJob, saveCover, statsTable, unfinalizeTable, unmapJob } from './services/tables.ts';

// Service functions of the statistics operations.
export const handlers: ModuleHandlers<typeof statsOps> = {
  'stats.tables': () => listTables(),
  'stats.table': (ctx, q) => statsTable(ctx, q),
  'stats.finalize': (ctx, q) => finalizeTable(ctx, q),
  'stats.unfinalize': (ctx, q) => unfinalizeTable(ctx, q),
  'stats.cover': (ctx, q) => getCover(ctx, q),
  'stats.saveCover': (ctx, q) => saveCover(ctx, q),
  'stats.jobMappings': (ctx) => jobMappings(ctx),
  'stats.mapJob': (ctx, q) => mapJob(ctx, q),
  'stats.unmapJob': (ctx, q) => unmapJob(ctx, q),
};
