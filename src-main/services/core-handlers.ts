import type { ModuleHandlers } from './handler-types.ts';
import type { coreOps } from '../contract/core.ts';
import { getSettings, saveSettings } from './settings.ts';

// Service functions of the core operations (settings, orgs, members, jobs, roster export).
export const coreHandlers: ModuleHandlers<typeof coreOps> = {
  'settings.get': (ctx) => getSettings(ctx.kysely),
  'settings.save': (ctx, input) => saveSettings(ctx, input),
  'jobs.progress': (ctx, { jobId }) => ctx.jobs.progress(jobId),
  'jobs.cancel': (ctx, { jobId }) => ctx.jobs.cancel(jobId),
} as unknown as ModuleHandlers<typeof coreOps>; // orgs/members/exports handlers: being written
