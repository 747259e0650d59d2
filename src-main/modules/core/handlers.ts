import type { ModuleHandlers } from '../../services/handler-types.ts';
import type { coreOps } from './contract.ts';
import { getSettings, saveSettings } from '../../services/settings.ts';
import { deleteOrg, listOrgs, saveOrg } from './services/orgs.ts';
import { checkMemberInput, getMember, listMembers, moveMembers, recordEvent, saveMember } from './services/members.ts';
import { startRosterExport } from './services/roster-export.ts';

// Service functions of the core operations (settings, orgs, members, jobs, roster export).
export const coreHandlers: ModuleHandlers<typeof coreOps> = {
  'settings.get': (ctx) => getSettings(ctx.kysely),
  'settings.save': (ctx, input) => saveSettings(ctx, input),

  'orgs.list': (ctx) => listOrgs(ctx.kysely, ctx.clock.today()),
  'orgs.save': (ctx, { id, org }) => saveOrg(ctx, id, org),
  'orgs.delete': (ctx, { id }) => deleteOrg(ctx, id),

  'members.check': (ctx, { id, member }) => checkMemberInput(ctx, id, member),
  'members.save': (ctx, { id, member }) => saveMember(ctx, id, member),
  'members.list': (ctx, input) => listMembers(ctx, input),
  'members.get': (ctx, { id }) => getMember(ctx, id),
  'members.move': (ctx, { ids, orgId }) => moveMembers(ctx, ids, orgId),
  'members.recordEvent': (ctx, input) => recordEvent(ctx, input),

  'jobs.progress': (ctx, { jobId }) => ctx.jobs.progress(jobId),
  'jobs.cancel': (ctx, { jobId }) => ctx.jobs.cancel(jobId),

  'exports.roster': (ctx, input) => startRosterExport(ctx, input),
};
