import { sql } from 'kysely';
import type { CampaignDto, CampaignRow } from '../contract.ts';
import { AppError, refuse, type Issue } from '../../../domain/errors.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import { CAMPAIGN_STATUSES, checkChoice } from '../domain/enums.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { audit, diffFields } from '../../../services/audit.ts';
import { actor as actorOf } from '../../../services/settings.ts';
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
      actor: await actorOf(trx), at: now, entity: 'campaign', entityId: id, action: '新建专项工作',
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
      await audit(trx, { actor: await actorOf(trx), at: now, entity: 'campaign', entityId: c.id, action: '修改状态', before: { status: c.status }, after: { status: input.status } });
    }
    return toDto(trx, await loadCampaign(trx, c.id));
  });
}

/**
 * campaign.update: rename, change the year or re-date (docs/domain/religion-campaign.md#campaign-changes). The
 * checklist follows the new period at once; members whose records drop out of it keep them (in_scope = 0) and
 * are counted in the returned warning. A finished campaign keeps its dates (reopen it first).
 */
export async function updateCampaign(
  ctx: ServiceContext,
  input: { campaignId: number; name?: string; year?: number; start?: string; end?: string },
): Promise<{ campaign: CampaignDto; warnings: Issue[] }> {
  return ctx.kysely.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, input.campaignId);
    const next = {
      name: input.name !== undefined ? input.name.trim() : c.name,
      year: input.year ?? c.year,
      start: input.start ?? c.start,
      end: input.end ?? c.end,
    };
    const issues: Issue[] = [];
    if (!next.name) issues.push({ field: 'name', message: '请填写专项工作名称' });
    if (!isIsoDay(next.start)) issues.push({ field: 'start', message: `开始日期不是有效日期：${next.start}` });
    if (!isIsoDay(next.end)) issues.push({ field: 'end', message: `结束日期不是有效日期：${next.end}` });
    if (!issues.length && next.end < next.start) issues.push({ field: 'end', message: '结束日期不能早于开始日期' });
    const redated = next.start !== c.start || next.end !== c.end;
    if (redated && c.status === '已完成') {
      issues.push({ field: 'start', message: `“${c.name}”已完成，工作期间不能再修改；如需修改请先重新打开` });
    }
    if (issues.length) refuse(issues);
    const before = { name: c.name, year: c.year, start: c.start, end: c.end };
    const change = diffFields(before, next);
    const warnings: Issue[] = [];
    if (change) {
      const now = ctx.clock.now();
      await trx
        .updateTable('campaigns')
        .set({ name: next.name, year: next.year, start_on: next.start, end_on: next.end, updated_at: now })
        .where('id', '=', c.id)
        .execute();
      await audit(trx, { actor: await actorOf(trx), at: now, entity: 'campaign', entityId: c.id, action: '修改专项工作', ...change });
      if (redated) {
        const recorded = sql<boolean>`(screen_status <> '未排查' OR sign_status <> '未签订' OR not_signed_reason IS NOT NULL OR outcome IS NOT NULL)`;
        const countOut = async () =>
          Number((await sql<{ n: number }>`SELECT count(*) AS n FROM campaign_members WHERE campaign_id = ${c.id} AND in_scope = 0 AND ${recorded}`.execute(trx)).rows[0].n);
        const outBefore = await countOut();
        await refreshScope(trx, await loadCampaign(trx, c.id), now, { force: true });
        const dropped = (await countOut()) - outBefore;
        if (dropped > 0) {
          warnings.push({ field: 'start', message: `按新的工作期间，有 ${dropped} 名已登记排查或承诺书的党员不在本次范围内；他们的记录已保留，改回原期间即可重新看到` });
        }
      }
    }
    return { campaign: await toDto(trx, await loadCampaign(trx, c.id)), warnings };
  });
}

/**
 * campaign.delete: for a campaign created by mistake. Refused while any member has a screening, handling or
 * commitment record in it, naming how many and whom (docs/domain/religion-campaign.md#campaign-changes);
 * the deletion itself is audited with the campaign's name and dates.
 */
export async function deleteCampaign(ctx: ServiceContext, input: { campaignId: number }): Promise<{ deleted: true; name: string }> {
  return ctx.kysely.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, input.campaignId);
    const { rows } = await sql<{ name: string; screened: number; signed: number; handled: number }>`
      SELECT m.name, cm.screen_status <> '未排查' AS screened,
        (cm.sign_status <> '未签订' OR cm.not_signed_reason IS NOT NULL) AS signed, cm.outcome IS NOT NULL AS handled
      FROM campaign_members cm JOIN members m ON m.id = cm.member_id
      WHERE cm.campaign_id = ${c.id}
        AND (cm.screen_status <> '未排查' OR cm.sign_status <> '未签订' OR cm.not_signed_reason IS NOT NULL OR cm.outcome IS NOT NULL)
      ORDER BY m.name_pinyin, m.id`.execute(trx);
    if (rows.length) {
      const parts = [
        [rows.filter((r) => r.screened).length, '排查记录'],
        [rows.filter((r) => r.handled).length, '处置记录'],
        [rows.filter((r) => r.signed).length, '承诺书记录'],
      ].filter(([n]) => Number(n) > 0).map(([n, what]) => `${n} 人有${what}`);
      const names = rows.slice(0, 5).map((r) => r.name).join('、') + (rows.length > 5 ? ` 等 ${rows.length} 人` : '');
      throw new AppError(
        'CONFLICT',
        `不能删除“${c.name}”：其中已有登记的记录（${parts.join('，')}：${names}）。删除会一并删去这些记录；如不再进行，请将其标记为已完成`,
        'campaignId',
        { members: rows.map((r) => r.name) },
      );
    }
    const now = ctx.clock.now();
    await trx.deleteFrom('campaigns').where('id', '=', c.id).execute();
    await audit(trx, { actor: await actorOf(trx), at: now, entity: 'campaign', entityId: c.id, action: '删除专项工作', before: { name: c.name, year: c.year, start: c.start, end: c.end, orgIds: c.orgIds } });
    return { deleted: true as const, name: c.name };
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
