import type { ModuleHandlers } from '../../services/context.ts';
import type { coreOps } from './contract.ts';
import { getSettings, saveSettings } from '../../services/settings.ts';
import { deleteOrg, listOrgs, saveOrg } from './services/orgs.ts';
import { checkMemberInput, getMember, listMembers, moveMembers, saveMember } from './services/members.ts';
import { deleteMember, eventDtos, memberHistory, recordEvents, undoLatestEvent } from './services/lifecycle.ts';
import { toMemberDto } from './services/member-query.ts';
import type { ServiceContext } from '../../services/context.ts';
import { AppError } from '../../domain/errors.ts';
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
  'members.move': (ctx, { ids, orgId, date }) => moveMembers(ctx, ids, orgId, date),
  'members.recordEvent': async (ctx, { member, ...ev }) => {
    const id = (await resolveMember(ctx.kysely, member)).id;
    const r = await recordEvents(ctx, [id], await eventInput(ctx, ev));
    const [event] = await eventDtos(ctx.kysely, r.events);
    return { member: await memberDto(ctx, id), event, warnings: r.warnings };
  },
  'members.recordEvents': async (ctx, { members, ...ev }) => {
    const ids: number[] = [];
    for (const m of members) ids.push((await resolveMember(ctx.kysely, m, 'members')).id);
    const r = await recordEvents(ctx, ids, await eventInput(ctx, ev));
    return { recorded: r.recorded, warnings: r.warnings };
  },
  'members.undoEvent': async (ctx, { member }) => {
    const id = (await resolveMember(ctx.kysely, member)).id;
    const { undone } = await undoLatestEvent(ctx, id);
    return { member: await memberDto(ctx, id), undone };
  },
  'members.history': async (ctx, { member }) => memberHistory(ctx, (await resolveMember(ctx.kysely, member)).id),
  'members.edit': async (ctx, { member, patch }) => saveMember(ctx, (await resolveMember(ctx.kysely, member)).id, patch),
  'members.delete': async (ctx, { member }) => deleteMember(ctx, (await resolveMember(ctx.kysely, member)).id),

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

/** the event as the lifecycle takes it: the destination organization resolved by name or id */
async function eventInput(
  ctx: ServiceContext,
  ev: { type: string; date: string; detail?: string | null; subtype?: string | null; months?: number | null; wholeOrg?: boolean; toOrg?: number | string | null },
) {
  const { toOrg, ...rest } = ev;
  if (toOrg == null || toOrg === '') return { ...rest, toOrgId: null };
  // 转出 names a destination outside the tree: a name the registry does not know is that destination
  if (rest.type === '转出' && typeof toOrg === 'string') {
    const found = await resolveOrg(ctx.kysely, toOrg, 'toOrg').catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
      throw e;
    });
    return found ? { ...rest, toOrgId: found.id } : { ...rest, detail: rest.detail || toOrg, toOrgId: null };
  }
  return { ...rest, toOrgId: (await resolveOrg(ctx.kysely, toOrg, 'toOrg')).id };
}

async function memberDto(ctx: ServiceContext, id: number) {
  const row = await ctx.kysely
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .selectAll('m')
    .select('o.name as org_name')
    .where('m.id', '=', id)
    .executeTakeFirstOrThrow();
  return toMemberDto(row);
}
