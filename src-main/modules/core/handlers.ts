import type { ModuleHandlers } from '../../services/context.ts';
import type { coreOps } from './contract.ts';
import { getSettings, saveSettings } from '../../services/settings.ts';
import { deleteOrg, listOrgs, saveOrg } from './services/orgs.ts';
import { checkMemberInput, getMember, listMembers, moveMembers, recordEvent, saveMember } from './services/members.ts';
import { checkExportRequest, exportColumns, listExports, runExport, saveExportColumns } from '../../services/exports.ts';
import { listReminders } from '../../services/reminders.ts';
import { resolveMember, resolveOrg } from '../../services/refs.ts';

// Service functions of the core operations (settings, orgs, members, jobs, exports, reminders).
export const handlers: ModuleHandlers<typeof coreOps> = {
  'settings.get': (ctx) => getSettings(ctx.kysely),
  'settings.save': (ctx, input) => saveSettings(ctx, input),

  'orgs.list': (ctx) => listOrgs(ctx.kysely, ctx.clock.today()),
  'orgs.save': (ctx, { id, org }) => saveOrg(ctx, id, org),
  'orgs.delete': async (ctx, { org }) => deleteOrg(ctx, (await resolveOrg(ctx.kysely, org)).id),

  'members.check': (ctx, { id, member }) => checkMemberInput(ctx, id, member),
  'members.save': (ctx, { id, member }) => saveMember(ctx, id, member),
  'members.list': (ctx, input) => listMembers(ctx, input),
  'members.get': (ctx, { id }) => getMember(ctx, id),
  'members.move': (ctx, { ids, orgId }) => moveMembers(ctx, ids, orgId),
  'members.recordEvent': async (ctx, { member, toOrg, ...rest }) =>
    recordEvent(ctx, {
      ...rest,
      id: (await resolveMember(ctx.kysely, member)).id,
      toOrgId: toOrg != null && toOrg !== '' ? (await resolveOrg(ctx.kysely, toOrg, 'toOrg')).id : null,
    }),

  'jobs.progress': (ctx, { jobId }) => ctx.jobs.progress(jobId),
  'jobs.cancel': (ctx, { jobId }) => ctx.jobs.cancel(jobId),

  'exports.list': (ctx) => listExports(ctx),
  'exports.run': async (ctx, input) => {
    // the table and its input are checked before the job starts: a bad call is refused at once
    const req = await checkExportRequest(ctx, input);
    return ctx.jobs.start(`export-${input.name}`, (job) => runExport(ctx, req, job));
  },
  'exports.columns': (ctx, { name }) => exportColumns(ctx, name),
  'exports.saveColumns': (ctx, { name, columns }) => saveExportColumns(ctx, name, columns),

  'reminders.list': (ctx, input) => listReminders(ctx, input),
};
