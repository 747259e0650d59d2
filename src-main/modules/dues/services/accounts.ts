import { sql } from 'kysely';
import type { SpendingDto, RemittanceDto } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { formatFen } from '../../../domain/money.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { SPENDING_CATEGORIES, SPENDING_KINDS } from '../domain/uses.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { checkDay, fenFrom, inTx, orgSettings, requireOrg } from './common.ts';

// Each organization's dues account for a year, across levels (docs/domain/dues.md#accounts-across-levels):
//   opening + income − remitted − spent = closing
// income = members' payments received (reversals negative, voluntary one-offs under 1,000 元 included)
//        + remittances received from lower organizations + allocations (下拨) received from higher ones;
// remitted = what it sent upward; spent = its own use plus what it allocated down (allocated);
// a voluntary one-off of 1,000 元 or more is not income: it is kept apart as due to the Centre.
// Money counts in the year of the day it moved (paid, remitted, spent), on both sides of a transfer, so the
// internal transfers cancel and the sum of all closings is the tree's balance.

export interface Balance {
  openingFen: number;
  incomeFen: number;
  remittedFen: number;
  spentFen: number;
  allocatedFen: number;
  dueToCentreFen: number;
  closingFen: number;
}

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

async function sumOf(q: Promise<{ s: number | null } | undefined>): Promise<number> {
  return Number((await q)?.s ?? 0);
}

type Flows = Omit<Balance, 'openingFen' | 'closingFen'>;
const noFlows = (): Flows => ({ incomeFen: 0, remittedFen: 0, spentFen: 0, allocatedFen: 0, dueToCentreFen: 0 });

/** a year's money in and out for every organization (or the ones given), in four grouped queries */
async function flowsOf(db: Tx, year: number, orgIds: readonly number[] | null): Promise<Map<number, Flows>> {
  const [from, to] = yearRange(year);
  const only = orgIds ? sql`AND org_id IN (SELECT value FROM json_each(${JSON.stringify(orgIds)}))` : sql``;
  const out = new Map<number, Flows>();
  const at = (id: number) => {
    let f = out.get(id);
    if (!f) out.set(id, (f = noFlows()));
    return f;
  };
  // members' payments (covered by dues_payments_org), less the voluntary one-offs due to the Centre
  for (const r of (await sql<{ id: number; s: number }>`SELECT org_id AS id, SUM(amount_fen) AS s FROM dues_payments INDEXED BY dues_payments_org
      WHERE paid_on BETWEEN ${from} AND ${to} ${only} GROUP BY org_id`.execute(db)).rows) at(r.id).incomeFen += Number(r.s);
  for (const r of (await sql<{ id: number; s: number }>`SELECT org_id AS id, SUM(amount_fen) AS s FROM dues_payments INDEXED BY dues_payments_central
      WHERE to_central = 1 AND paid_on BETWEEN ${from} AND ${to} ${only} GROUP BY org_id`.execute(db)).rows) {
    at(r.id).incomeFen -= Number(r.s);
    at(r.id).dueToCentreFen += Number(r.s);
  }
  // transfers inside the tree count on both sides
  for (const r of (await sql<{ org_id: number; to_org_id: number | null; s: number }>`SELECT org_id, to_org_id, SUM(amount_fen) AS s FROM dues_remittances
      WHERE paid_on BETWEEN ${from} AND ${to} GROUP BY org_id, to_org_id`.execute(db)).rows) {
    at(r.org_id).remittedFen += Number(r.s);
    if (r.to_org_id !== null) at(r.to_org_id).incomeFen += Number(r.s);
  }
  for (const r of (await sql<{ org_id: number; to_org_id: number | null; kind: string; s: number }>`SELECT org_id, to_org_id, kind, SUM(amount_fen) AS s FROM dues_spending
      WHERE spent_on BETWEEN ${from} AND ${to} GROUP BY org_id, to_org_id, kind`.execute(db)).rows) {
    at(r.org_id).spentFen += Number(r.s);
    if (r.kind === '下拨') {
      at(r.org_id).allocatedFen += Number(r.s);
      if (r.to_org_id !== null) at(r.to_org_id).incomeFen += Number(r.s);
    }
  }
  return out;
}

/**
 * The accounts of many organizations for a year. An opening set by the clerk counts; otherwise last year's
 * closing carries over — computed year by year from the first year any money or opening was recorded.
 */
export async function balancesOf(db: Tx, orgIds: readonly number[], year: number): Promise<Map<number, Balance>> {
  const { rows } = await sql<{ y: number | null }>`SELECT MIN(y) AS y FROM (
      SELECT CAST(substr(MIN(paid_on), 1, 4) AS INTEGER) AS y FROM dues_payments
      UNION ALL SELECT CAST(substr(MIN(paid_on), 1, 4) AS INTEGER) FROM dues_remittances
      UNION ALL SELECT CAST(substr(MIN(spent_on), 1, 4) AS INTEGER) FROM dues_spending
      UNION ALL SELECT MIN(year) FROM dues_openings)`.execute(db);
  const first = Math.min(rows[0]?.y ?? year, year);
  const ids = [...orgIds];
  // a few organizations: only their payments are read (the transfers are read whole: they are few)
  const paymentsOf = ids.length <= 50 ? ids : null;
  let closing = new Map<number, number>(ids.map((id) => [id, 0]));
  let result = new Map<number, Balance>();
  for (let y = first; y <= year; y++) {
    const explicit = new Map((await db.selectFrom('dues_openings').select(['org_id', 'amount_fen']).where('year', '=', y).execute()).map((r) => [r.org_id, r.amount_fen]));
    const flows = await flowsOf(db, y, paymentsOf);
    result = new Map();
    for (const id of ids) {
      const f = flows.get(id) ?? noFlows();
      const openingFen = explicit.get(id) ?? closing.get(id) ?? 0;
      result.set(id, { openingFen, ...f, closingFen: openingFen + f.incomeFen - f.remittedFen - f.spentFen });
    }
    closing = new Map([...result].map(([id, b]) => [id, b.closingFen]));
  }
  return result;
}

export async function balanceOf(db: Tx, orgId: number, year: number): Promise<Balance> {
  return (await balancesOf(db, [orgId], year)).get(orgId)!;
}

export function balanceDto(b: Balance) {
  return {
    opening: formatFen(b.openingFen), income: formatFen(b.incomeFen), remitted: formatFen(b.remittedFen), spent: formatFen(b.spentFen),
    allocated: formatFen(b.allocatedFen), dueToCentre: formatFen(b.dueToCentreFen), closing: formatFen(b.closingFen), ...b,
  };
}

/** organizations that hold a dues account in a year: any money in or out, an opening, or members owing dues */
export async function accountHolders(db: Tx, year: number, scopePath: string | null): Promise<{ id: number; name: string; path: string }[]> {
  const [from, to] = yearRange(year);
  const { rows } = await sql<{ id: number; name: string; path: string }>`SELECT o.id, o.name, o.path FROM orgs o
    WHERE (${scopePath} IS NULL OR o.path LIKE ${`${scopePath ?? ''}%`}) AND (
      EXISTS (SELECT 1 FROM dues_payments p WHERE p.org_id = o.id AND p.paid_on <= ${to})
      OR EXISTS (SELECT 1 FROM dues_remittances r WHERE (r.org_id = o.id OR r.to_org_id = o.id) AND r.paid_on <= ${to})
      OR EXISTS (SELECT 1 FROM dues_spending s WHERE (s.org_id = o.id OR s.to_org_id = o.id) AND s.spent_on <= ${to})
      OR EXISTS (SELECT 1 FROM dues_openings x WHERE x.org_id = o.id AND x.year <= ${year})
      OR EXISTS (SELECT 1 FROM dues_months d WHERE d.org_id = o.id AND d.month BETWEEN ${from.slice(0, 7)} AND ${to.slice(0, 7)})
      OR EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id AND m.roll = '在册'))
    ORDER BY o.path, o.sort_order`.execute(db);
  return rows;
}

export async function setOpening(ctx: ServiceContext, input: { orgId: number; year: number; amount: string }): Promise<{ ok: true }> {
  const org = await requireOrg(ctx.kysely, { orgId: input.orgId });
  const fen = fenFrom(input.amount, 'amount', '上年结余');
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const before = await trx.selectFrom('dues_openings').select('amount_fen').where('org_id', '=', org.id).where('year', '=', input.year).executeTakeFirst();
    await trx.insertInto('dues_openings').values({ org_id: org.id, year: input.year, amount_fen: fen })
      .onConflict((oc) => oc.columns(['org_id', 'year']).doUpdateSet({ amount_fen: fen })).execute();
    await audit(trx, {
      actor, at: ctx.clock.now(), entity: 'dues_opening', entityId: org.id, action: '设置上年结余',
      before: before ? { year: input.year, amount: formatFen(before.amount_fen) } : undefined, after: { org: org.name, year: input.year, amount: formatFen(fen) },
    });
    return { ok: true as const };
  });
}

/**
 * 上缴 (docs/domain/dues.md#remittance): the receiving organization is the committee above unless named;
 * one in the tree is named by id (its income), one outside it by name. The share the organization's rules
 * set suggests the amount from what was paid for the period's months.
 */
export async function addRemittance(
  ctx: ServiceContext,
  input: { orgId: number; period: string; amount?: string | null; shareBp?: number | null; toOrgId?: number | null; toOrg?: string | null; paidOn: string; voucherNo?: string | null; method?: string | null; note?: string | null },
): Promise<{ id: number; amount: string; suggested: string | null; toOrg: string | null }> {
  const org = await requireOrg(ctx.kysely, { orgId: input.orgId });
  const period = parsePeriod(input.period);
  const shareBp = input.shareBp ?? (await orgSettings(ctx.kysely, org.id)).remitShareBp;
  const paid = await sumOf(ctx.kysely.selectFrom('dues_months').select((eb) => eb.fn.sum<number>('paid_fen').as('s'))
    .where('org_id', '=', org.id).where('month', '>=', period.from).where('month', '<=', period.to).executeTakeFirst());
  const suggested = shareBp != null ? Math.round((paid * shareBp) / 10_000) : null;
  const fen = input.amount != null && input.amount !== '' ? fenFrom(input.amount, 'amount', '上缴金额') : suggested;
  if (fen === null) throw new AppError('VALIDATION', '请填写上缴金额（或设置上缴比例）', 'amount');
  if (fen <= 0) throw new AppError('VALIDATION', '上缴金额应大于0', 'amount');
  const paidOn = checkDay(input.paidOn, 'paidOn', '上缴日期', ctx.clock.today());
  const toId = input.toOrgId ?? (input.toOrg ? null : org.parent_id);
  const to = toId != null ? await requireOrg(ctx.kysely, { orgId: toId }, 'toOrg') : null;
  if (to && to.id === org.id) throw new AppError('VALIDATION', '不能上缴给本组织自己', 'toOrg');
  const toName = to?.name ?? input.toOrg?.trim() ?? null;
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  return inTx(ctx, async (trx) => {
    const r = await trx.insertInto('dues_remittances').values({
      org_id: org.id, year: period.year, period: period.key, amount_fen: fen, share_bp: shareBp, to_org: toName, to_org_id: to?.id ?? null, paid_on: paidOn,
      voucher_no: input.voucherNo ?? null, method: input.method ?? null, note: input.note ?? null, recorded_by: actor.name, recorded_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { actor, at: now, entity: 'dues_remittance', entityId: r.id, action: '登记上缴', after: { org: org.name, period: period.key, toOrg: toName, paidOn, amount: formatFen(fen) } });
    return { id: r.id, amount: formatFen(fen), suggested: suggested === null ? null : formatFen(suggested), toOrg: toName };
  });
}

/**
 * 下拨 / 使用 in the allowed-use categories, with the collective decision and approver
 * (docs/domain/dues.md#use-of-dues); a 下拨 names the receiving organization, whose income it is.
 */
export async function addSpending(
  ctx: ServiceContext,
  input: { orgId: number; kind: string; category?: string | null; amount: string; spentOn: string; toOrgId?: number | null; decisionRef: string; approver: string; note?: string | null },
): Promise<{ id: number }> {
  const org = await requireOrg(ctx.kysely, { orgId: input.orgId });
  if (!(SPENDING_KINDS as readonly string[]).includes(input.kind)) throw new AppError('VALIDATION', '类型应为下拨或使用', 'kind');
  const category = input.category?.trim() || (input.kind === '下拨' ? '其他符合规定的用途' : '');
  if (!category) throw new AppError('VALIDATION', '请选择党费用途', 'category');
  if (!(SPENDING_CATEGORIES as readonly string[]).includes(category)) throw new AppError('VALIDATION', `用途不在党费使用范围内：${category}`, 'category');
  const fen = fenFrom(input.amount, 'amount', '金额');
  if (fen <= 0) throw new AppError('VALIDATION', '金额应大于0', 'amount');
  const spentOn = checkDay(input.spentOn, 'spentOn', input.kind === '下拨' ? '下拨日期' : '使用日期', ctx.clock.today());
  if (!input.decisionRef.trim()) throw new AppError('VALIDATION', '党费使用须经集体研究决定，请填写决定文号或会议记录', 'decisionRef');
  if (!input.approver.trim()) throw new AppError('VALIDATION', '请填写审批人', 'approver');
  let toOrg: { id: number; name: string } | null = null;
  if (input.kind === '下拨') {
    if (input.toOrgId == null) throw new AppError('VALIDATION', '下拨须选择接收下拨的党组织', 'toOrg');
    toOrg = await requireOrg(ctx.kysely, { orgId: input.toOrgId }, 'toOrg');
    if (toOrg.id === org.id) throw new AppError('VALIDATION', '不能下拨给本组织自己', 'toOrg');
  }
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  return inTx(ctx, async (trx) => {
    const r = await trx.insertInto('dues_spending').values({
      org_id: org.id, year: Number(spentOn.slice(0, 4)), kind: input.kind, category, amount_fen: fen, spent_on: spentOn,
      to_org_id: toOrg?.id ?? null, decision_ref: input.decisionRef.trim(), approver: input.approver.trim(), note: input.note ?? null, recorded_by: actor.name, recorded_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { actor, at: now, entity: 'dues_spending', entityId: r.id, action: `登记${input.kind}`, after: { org: org.name, kind: input.kind, category, toOrg: toOrg?.name ?? null, spentOn, amount: formatFen(fen), decisionRef: input.decisionRef, approver: input.approver } });
    return { id: r.id };
  });
}

/** the organization's spending and allocations of a year, and the allocations it received */
export async function listSpending(db: Tx, orgId: number, year: number): Promise<SpendingDto[]> {
  const [from, to] = yearRange(year);
  const rows = await db
    .selectFrom('dues_spending as s')
    .leftJoin('orgs as t', 't.id', 's.to_org_id')
    .innerJoin('orgs as f', 'f.id', 's.org_id')
    .select(['s.id', 's.org_id', 's.kind', 's.category', 's.amount_fen', 's.spent_on', 't.name as to_org', 'f.name as from_org', 's.decision_ref', 's.approver', 's.note', 's.recorded_by'])
    .where((eb) => eb.or([eb('s.org_id', '=', orgId), eb.and([eb('s.to_org_id', '=', orgId), eb('s.kind', '=', '下拨')])]))
    .where('s.spent_on', '>=', from).where('s.spent_on', '<=', to)
    .orderBy('s.spent_on').orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    id: r.id, kind: r.org_id === orgId ? r.kind : '收到下拨', category: r.category, amount: formatFen(r.amount_fen), amountFen: r.amount_fen, spentOn: r.spent_on,
    toOrg: r.org_id === orgId ? r.to_org : null, fromOrg: r.org_id === orgId ? null : r.from_org, decisionRef: r.decision_ref, approver: r.approver, note: r.note, recordedBy: r.recorded_by,
  }));
}

/** the organization's remittances of a year: sent upward, and received from lower organizations */
export async function listRemittances(db: Tx, orgId: number, year: number): Promise<RemittanceDto[]> {
  const [from, to] = yearRange(year);
  const rows = await db
    .selectFrom('dues_remittances as r')
    .innerJoin('orgs as f', 'f.id', 'r.org_id')
    .select(['r.id', 'r.org_id', 'r.period', 'r.amount_fen', 'r.share_bp', 'r.to_org', 'r.to_org_id', 'r.paid_on', 'r.voucher_no', 'r.method', 'r.note', 'r.recorded_by', 'f.name as from_org'])
    .where((eb) => eb.or([eb('r.org_id', '=', orgId), eb('r.to_org_id', '=', orgId)]))
    .where('r.paid_on', '>=', from).where('r.paid_on', '<=', to)
    .orderBy('r.paid_on').orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id, direction: r.org_id === orgId ? '上缴' : '收到上缴', fromOrg: r.from_org, orgId: r.org_id, period: r.period, amount: formatFen(r.amount_fen),
    amountFen: r.amount_fen, shareBp: r.share_bp, toOrg: r.to_org, paidOn: r.paid_on, voucherNo: r.voucher_no, method: r.method, note: r.note, recordedBy: r.recorded_by,
  }));
}
