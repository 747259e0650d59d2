import { sql } from 'kysely';
import type { CampaignDto, CampaignRow } from '../contract.ts';
import { AppError, refuse, type Issue } from '../../../domain/errors.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import { CAMPAIGN_STATUSES, checkChoice } from '../domain/enums.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { audit } from '../../../services/audit.ts';
import { currentActor } from '../../../services/settings.ts';
import { resolveOrg } from '../../../services/refs.ts';
import { refreshScope } from './scope-sync.ts';

// Campaigns: name, year, period, scope organizations (with sub-organizations; none = all), status.

/** a campaign as the services use it: the contract's shape without the scope organizations' names */

export async function loadCampaign(db: Tx, id: number): Promise<CampaignRow> {
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的专项工作`, 'campaignId');
  const orgs = await db.selectFrom('campaign_orgs').select('org_id').where('campaign_id', '=', id).execute();
  return { id: c.id, name: c.name, year: c.year, start: c.start_on, end: c.end_on, status: c.status, orgIds: orgs.map((o) => o.org_id) };
}

export async function toDto(db: Tx, c: CampaignRow): Promise<CampaignDto> {
  const names = c.orgIds.length
    ? await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', c.orgIds).execute()
    : [];
  const byId = new Map(names.map((o) => [o.id, o.name]));
  return { ...c, orgs: c.orgIds.map((id) => byId.get(id) ?? String(id)) };
}

export async function listCampaigns(ctx: ServiceContext): Promise<CampaignDto[]> {
  const rows = await ctx.kysely.selectFrom('campaigns').select('id').orderBy('year', 'desc').orderBy('id', 'desc').execute();
  const out: CampaignDto[] = [];
  for (const r of rows) out.push(await toDto(ctx.kysely, await loadCampaign(ctx.kysely, r.id)));
  return out;
}

export async function createCampaign(
  ctx: ServiceContext,
  input: { name: string; year: number; start: string; end: string; orgIds?: number[]; orgs?: string[] },
): Promise<{ id: number }> {
  const issues: Issue[] = [];
  if (!isIsoDay(input.start)) issues.push({ field: 'start', message: `开始日期不是有效日期：${input.start}` });
  if (!isIsoDay(input.end)) issues.push({ field: 'end', message: `结束日期不是有效日期：${input.end}` });
  if (!issues.length && input.end < input.start) issues.push({ field: 'end', message: '结束日期不能早于开始日期' });
  if (issues.length) refuse(issues);
  return ctx.kysely.transaction().execute(async (trx) => {
    const orgIds = new Set(input.orgIds ?? []);
    for (const n of input.orgs ?? []) orgIds.add((await resolveOrg(trx, n)).id);
    if (orgIds.size) {
      const found = await trx.selectFrom('orgs').select('id').where('id', 'in', [...orgIds]).execute();
      if (found.length !== orgIds.size) throw new AppError('NOT_FOUND', '所选组织不存在', 'orgIds');
    }
    const now = ctx.clock.now();
    const { id } = await trx
      .insertInto('campaigns')
      .values({ name: input.name.trim(), year: input.year, start_on: input.start, end_on: input.end, status: '进行中', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const org of orgIds) await trx.insertInto('campaign_orgs').values({ campaign_id: id, org_id: org }).execute();
    await audit(trx, {
      actor: await currentActor(trx), at: now, entity: 'campaign', entityId: id, action: '新建专项工作',
      after: { name: input.name, year: input.year, start: input.start, end: input.end, orgIds: [...orgIds] },
    });
    await refreshScope(trx, await loadCampaign(trx, id), now);
    return { id };
  });
}

export async function setStatus(ctx: ServiceContext, input: { campaignId: number; status: string }): Promise<CampaignDto> {
  const issues = checkChoice(input.status, CAMPAIGN_STATUSES, 'status', '状态');
  if (issues.length) refuse(issues);
  return ctx.kysely.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, input.campaignId);
    if (c.status !== input.status) {
      const now = ctx.clock.now();
      // a campaign being closed gets a last scope refresh so that its frozen checklist is current
      if (input.status === '已完成') await refreshScope(trx, c, now);
      await trx.updateTable('campaigns').set({ status: input.status, updated_at: now }).where('id', '=', c.id).execute();
      await audit(trx, { actor: await currentActor(trx), at: now, entity: 'campaign', entityId: c.id, action: '修改状态', before: { status: c.status }, after: { status: input.status } });
    }
    return toDto(trx, await loadCampaign(trx, c.id));
  });
}

/** the scope refresh every read of a campaign starts with (a no-op write when nothing changed) */
export async function withFreshScope<T>(ctx: ServiceContext, campaignId: number, read: (trx: Tx, c: CampaignRow) => Promise<T>): Promise<T> {
  return ctx.kysely.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, campaignId);
    await refreshScope(trx, c, ctx.clock.now());
    return read(trx, c);
  });
}

/** SQL condition: the organization `alias`.id is inside the subtree of org `orgId` */
export const inSubtree = (alias: string, orgId: number) =>
  sql<boolean>`${sql.ref(`${alias}.path`)} LIKE (SELECT path FROM orgs WHERE id = ${orgId}) || '%'`;
