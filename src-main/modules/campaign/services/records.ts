import os from 'node:os';
import { sql } from 'kysely';
import type { CampaignHistoryEntry, ChecklistFilter, ChecklistRow } from '../contract.ts';
import { AppError, refuse, type Issue } from '../../../domain/errors.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import { outsidePeriod } from '../domain/scope.ts';
import {
  DEFAULT_FINDING_WITH_BELIEF, FINDINGS, NO_FINDING, NOT_SIGNED_REASONS, OUTCOME_LABELS, RELIGIONS,
  SCREEN_METHODS, checkChoice, findOutcome,
} from '../domain/enums.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { auditHistory, audit, diffFields } from '../../../services/audit.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { loadCampaign } from './campaigns.ts';
import type { CampaignRow } from '../contract.ts';
import { refreshScope } from './scope-sync.ts';
import { checklistRow, filterConditions } from './checklist.ts';
import { currentTemplate } from './letters.ts';

// Per-member records: screening, finding, handling, commitment. One action = one transaction; every change
// goes to audit_log (entity 'campaign_member') with who and when, old → new
// (docs/domain/religion-campaign.md#data-handling).

export const AUDIT_ENTITY = 'campaign_member';

interface MemberRef {
  campaignId: number;
  memberId?: number;
  idNumber?: string;
}

type Cm = Record<string, unknown> & { id: number };

/** the campaign member row for a reference; a member entered after the last refresh is picked up first */
async function findRow(trx: Tx, c: CampaignRow, ref: MemberRef, now: string): Promise<Cm> {
  let memberId = ref.memberId;
  if (memberId === undefined) {
    if (!ref.idNumber) throw new AppError('USAGE', '请指定党员（公民身份号码）', 'idNumber');
    const id = normalizeIdNumber(ref.idNumber);
    const m = await trx.selectFrom('members').select('id').where('id_number', '=', id).executeTakeFirst();
    if (!m) throw new AppError('NOT_FOUND', `找不到公民身份号码为 ${id} 的党员`, 'idNumber');
    memberId = m.id;
  }
  const get = () => trx.selectFrom('campaign_members').selectAll().where('campaign_id', '=', c.id).where('member_id', '=', memberId!).where('in_scope', '=', 1).executeTakeFirst();
  let row = await get();
  if (!row) {
    await refreshScope(trx, c, now);
    row = await get();
  }
  if (!row) throw new AppError('NOT_FOUND', `该党员不在“${c.name}”的排查范围内（按所在组织和入党、转入、离开日期判断）`, 'idNumber');
  return row as unknown as Cm;
}

function periodWarning(c: CampaignRow, date: string, field: string, what: string): Issue[] {
  return outsidePeriod(date, { start: c.start, end: c.end })
    ? [{ field, message: `${what} ${date} 不在本次工作期间（${c.start} 至 ${c.end}）内，已照常记录` }]
    : [];
}

function checkDay(date: string | undefined, field: string, label: string): Issue[] {
  return date !== undefined && !isIsoDay(date) ? [{ field, message: `${label}不是有效日期：${date}` }] : [];
}

/** one member's update: before/after diff audited, all in one transaction */
async function updateOne(
  ctx: ServiceContext,
  ref: MemberRef,
  action: string,
  build: (c: CampaignRow, row: Cm, trx: Tx) => Promise<{ set: Record<string, unknown>; warnings: Issue[] }>,
): Promise<{ row: ChecklistRow; warnings: Issue[] }> {
  return ctx.kysely.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const c = await loadCampaign(trx, ref.campaignId);
    if (c.status === '已完成') throw new AppError('CONFLICT', `“${c.name}”已完成，不能再修改；如需修改请先将状态改回进行中`, 'campaignId');
    const row = await findRow(trx, c, ref, now);
    const { set, warnings } = await build(c, row, trx);
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, row[k] ?? null]));
    const change = diffFields(before, set);
    if (change) {
      await trx.updateTable('campaign_members').set({ ...set, updated_at: now } as never).where('id', '=', row.id).execute();
      await audit(trx, { actor: await actorOf(trx), at: now, entity: AUDIT_ENTITY, entityId: row.id, action, ...change });
    }
    return { row: await checklistRow(trx, row.id), warnings };
  });
}

export function screen(
  ctx: ServiceContext,
  input: MemberRef & {
    date: string; method?: string; screenedBy?: string | null; finding?: string; religion?: string | null;
    manifestations?: string | null; note?: string | null;
  },
) {
  return updateOne(ctx, input, '排查', async (c, row, trx) => {
    const issues = [
      ...checkDay(input.date, 'date', '排查日期'),
      ...checkChoice(input.finding, FINDINGS, 'finding', '情形认定'),
      ...checkChoice(input.religion, RELIGIONS, 'religion', '信教类别'),
      ...checkChoice(input.method, SCREEN_METHODS, 'method', '排查方式'),
    ];
    // --belief alone → 已信仰宗教; --finding alone allowed; neither → 未发现问题
    const finding = input.finding ?? (input.religion ? DEFAULT_FINDING_WITH_BELIEF : NO_FINDING);
    if (finding === NO_FINDING && input.religion) {
      issues.push({ field: 'finding', message: `情形认定为“未发现问题”时不能同时填写信教类别（${input.religion}）` });
    }
    if (issues.length) refuse(issues);
    const set: Record<string, unknown> = {
      screen_status: '已排查',
      screened_on: input.date,
      // who screened: as given, else the clerk from settings (a re-screening is the current clerk's)
      screened_by: input.screenedBy?.trim() || (await actorOf(trx)).name,
      // the method the clerk chose; none chosen keeps what was recorded, and nothing is ever assumed
      // (docs/domain/religion-campaign.md#screening-classification)
      screen_method: input.method ?? (row.screen_method as string | null) ?? null,
      finding,
      religion: finding === NO_FINDING ? null : (input.religion ?? null),
      manifestations: finding === NO_FINDING ? null : (input.manifestations ?? (row.manifestations as string | null) ?? null),
    };
    if (input.note !== undefined) set.note = input.note;
    return { set, warnings: periodWarning(c, input.date, 'date', '排查日期') };
  });
}

export function handle(ctx: ServiceContext, input: MemberRef & { outcome: string; date: string; note?: string | null }) {
  return updateOne(ctx, input, '处置', async (c, row) => {
    const issues = checkDay(input.date, 'date', '处置日期');
    // handling only for a member with a finding
    if (!row.finding || row.finding === NO_FINDING) {
      issues.push({ field: 'outcome', message: '该党员未排查出问题（未排查或未发现问题），不能登记处置' });
    }
    const outcome = findOutcome(input.outcome);
    if (!outcome) issues.push({ field: 'outcome', message: `处置方式应为：${OUTCOME_LABELS.join('、')}（收到“${input.outcome}”）` });
    if (issues.length) refuse(issues);
    const set: Record<string, unknown> = { outcome: outcome!.label, outcome_code: outcome!.code, handled_on: input.date };
    if (input.note !== undefined) set.handling_note = input.note;
    return { set, warnings: periodWarning(c, input.date, 'date', '处置日期') };
  });
}

export function sign(
  ctx: ServiceContext,
  input: MemberRef & { date?: string; notSignedReason?: string | null; makeupDate?: string; paperLocation?: string | null; note?: string | null },
) {
  return updateOne(ctx, input, '承诺书', async (c, row, trx) => {
    const issues = [
      ...checkDay(input.date, 'date', '签订日期'),
      ...checkDay(input.makeupDate, 'makeupDate', '补签日期'),
      ...checkChoice(input.notSignedReason, NOT_SIGNED_REASONS, 'notSignedReason', '未签原因'),
    ];
    if (input.date === undefined && input.makeupDate === undefined && input.notSignedReason === undefined && input.paperLocation === undefined && input.note === undefined) {
      issues.push({ field: 'date', message: '请填写签订日期，或未签原因' });
    }
    if (input.date !== undefined && input.notSignedReason) issues.push({ field: 'notSignedReason', message: '已填写签订日期时不能同时填写未签原因；补签请填写补签日期' });
    if (input.makeupDate !== undefined && !(input.notSignedReason ?? row.not_signed_reason)) {
      issues.push({ field: 'makeupDate', message: '补签日期只用于先前登记了未签原因的党员；直接签订请填写签订日期' });
    }
    if (issues.length) refuse(issues);
    const set: Record<string, unknown> = {};
    const warnings: Issue[] = [];
    const version = (await currentTemplate(trx)).version;
    if (input.date !== undefined) {
      Object.assign(set, { sign_status: '已签订', signed_on: input.date, template_version: version, signed_by: (await actorOf(trx)).name, not_signed_reason: null, makeup_signed_on: null });
      warnings.push(...periodWarning(c, input.date, 'date', '签订日期'));
    }
    if (input.notSignedReason !== undefined) {
      Object.assign(set, { not_signed_reason: input.notSignedReason, sign_status: '未签订', signed_on: null, makeup_signed_on: null, template_version: null });
    }
    if (input.makeupDate !== undefined) {
      Object.assign(set, { sign_status: '已签订', makeup_signed_on: input.makeupDate, template_version: version, signed_by: (await actorOf(trx)).name });
      warnings.push(...periodWarning(c, input.makeupDate, 'makeupDate', '补签日期'));
    }
    if (input.paperLocation !== undefined) set.paper_location = input.paperLocation;
    if (input.note !== undefined) set.note = input.note;
    return { set, warnings };
  });
}

/**
 * Bulk actions on a selection, one transaction, set-based (an INSERT…SELECT
 * into audit_log, then one UPDATE), so 50,000 members take one statement each, and a failure anywhere
 * leaves nothing written. Members whose record would be overwritten are skipped, never clobbered:
 *  - 标记已排查·未发现信教 skips members already screened (a recorded finding is never wiped by a bulk tick), and
 *    records the method only when the clerk chose one for the whole selection (never a guessed one);
 *  - 标记已签订 skips members already signed; a member with a not-signed reason gets the date as 补签日期.
 */
export async function bulk(
  ctx: ServiceContext,
  input: {
    campaignId: number; action: 'screenedNoFinding' | 'signed'; date: string; method?: string; memberIds?: number[];
    filter?: Omit<ChecklistFilter, 'campaignId'>;
  },
): Promise<{ updated: number; warnings: Issue[] }> {
  const issues = [...checkDay(input.date, 'date', '日期'), ...checkChoice(input.method, SCREEN_METHODS, 'method', '排查方式')];
  if (input.method !== undefined && input.action !== 'screenedNoFinding') issues.push({ field: 'method', message: '排查方式只用于标记已排查' });
  if (!input.memberIds && !input.filter) issues.push({ field: 'memberIds', message: '请先选择党员' });
  if (issues.length) refuse(issues);
  return ctx.kysely.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const c = await loadCampaign(trx, input.campaignId);
    if (c.status === '已完成') throw new AppError('CONFLICT', `“${c.name}”已完成，不能再修改`, 'campaignId');
    await refreshScope(trx, c, now);
    const actor = await actorOf(trx);

    // the selection as a temp table of campaign_members ids: explicit ids must all be on the checklist
    await sql`DROP TABLE IF EXISTS temp.campaign_selection`.execute(trx);
    await sql`CREATE TEMP TABLE campaign_selection (id INTEGER PRIMARY KEY)`.execute(trx);
    if (input.memberIds) {
      const ids = JSON.stringify([...new Set(input.memberIds)]);
      // IN (SELECT … json_each) lets SQLite build an index on the ids; a JOIN would rescan json_each per row
      await sql`INSERT INTO temp.campaign_selection (id) SELECT cm.id FROM campaign_members cm
        WHERE cm.campaign_id = ${c.id} AND cm.in_scope = 1 AND cm.member_id IN (SELECT value FROM json_each(${ids}))`.execute(trx);
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM temp.campaign_selection`.execute(trx);
      const missing = new Set(input.memberIds).size - rows[0].n;
      if (missing > 0) throw new AppError('NOT_FOUND', `所选党员中有 ${missing} 人不在本次排查范围内，未做任何修改`, 'memberIds');
    } else {
      await sql`INSERT INTO temp.campaign_selection (id) SELECT cm.id FROM campaign_members cm
        JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id
        WHERE ${filterConditions(c.id, input.filter!)}`.execute(trx);
    }

    let updated: number;
    if (input.action === 'signed') {
      const version = (await currentTemplate(trx)).version;
      const target = sql`campaign_members cm WHERE cm.id IN (SELECT id FROM temp.campaign_selection) AND cm.sign_status <> '已签订'`;
      await sql`INSERT INTO audit_log (at, actor, machine, module, entity, entity_id, action, before, after)
        SELECT ${now}, ${actor.name}, ${actor.machine || null}, 'campaign', ${AUDIT_ENTITY}, cm.id, '批量标记已签订',
          CASE WHEN cm.not_signed_reason IS NULL
            THEN json_object('sign_status', cm.sign_status, 'signed_on', cm.signed_on, 'template_version', cm.template_version)
            ELSE json_object('sign_status', cm.sign_status, 'makeup_signed_on', cm.makeup_signed_on, 'template_version', cm.template_version) END,
          CASE WHEN cm.not_signed_reason IS NULL
            THEN json_object('sign_status', '已签订', 'signed_on', ${input.date}, 'template_version', ${version})
            ELSE json_object('sign_status', '已签订', 'makeup_signed_on', ${input.date}, 'template_version', ${version}) END
        FROM ${target}`.execute(trx);
      const r = await sql`UPDATE campaign_members AS cm SET sign_status = '已签订',
          signed_on = CASE WHEN cm.not_signed_reason IS NULL THEN ${input.date} ELSE cm.signed_on END,
          makeup_signed_on = CASE WHEN cm.not_signed_reason IS NULL THEN cm.makeup_signed_on ELSE ${input.date} END,
          template_version = ${version}, signed_by = ${actor.name}, updated_at = ${now}
        WHERE cm.id IN (SELECT id FROM temp.campaign_selection) AND cm.sign_status <> '已签订'`.execute(trx);
      updated = Number(r.numAffectedRows ?? 0);
    } else {
      const target = sql`campaign_members cm WHERE cm.id IN (SELECT id FROM temp.campaign_selection) AND cm.screen_status = '未排查'`;
      const method = input.method ?? null;
      await sql`INSERT INTO audit_log (at, actor, machine, module, entity, entity_id, action, before, after)
        SELECT ${now}, ${actor.name}, ${actor.machine || null}, 'campaign', ${AUDIT_ENTITY}, cm.id, '批量标记已排查·未发现信教',
          json_object('screen_status', cm.screen_status, 'screened_on', cm.screened_on, 'screen_method', cm.screen_method, 'finding', cm.finding),
          json_object('screen_status', '已排查', 'screened_on', ${input.date}, 'screened_by', ${actor.name},
                      'screen_method', COALESCE(${method}, cm.screen_method), 'finding', ${NO_FINDING})
        FROM ${target}`.execute(trx);
      const r = await sql`UPDATE campaign_members AS cm SET screen_status = '已排查', screened_on = ${input.date},
          screened_by = ${actor.name}, screen_method = COALESCE(${method}, cm.screen_method),
          finding = ${NO_FINDING}, religion = NULL, manifestations = NULL, updated_at = ${now}
        WHERE cm.id IN (SELECT id FROM temp.campaign_selection) AND cm.screen_status = '未排查'`.execute(trx);
      updated = Number(r.numAffectedRows ?? 0);
    }
    await sql`DROP TABLE temp.campaign_selection`.execute(trx);
    return { updated, warnings: periodWarning(c, input.date, 'date', '日期') };
  });
}

export async function history(ctx: ServiceContext, input: { campaignId: number; memberId: number }): Promise<CampaignHistoryEntry[]> {
  const row = await ctx.kysely
    .selectFrom('campaign_members').select('id')
    .where('campaign_id', '=', input.campaignId).where('member_id', '=', input.memberId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '该党员不在本次排查范围内', 'memberId');
  return auditHistory(ctx.kysely, AUDIT_ENTITY, row.id);
}
