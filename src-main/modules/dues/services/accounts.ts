import type { SpendingDto, RemittanceDto } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { formatFen } from '../../../domain/money.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { SPENDING_CATEGORIES, SPENDING_KINDS } from '../domain/uses.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { fenFrom, inTx, orgSettings, resolveOrg, type Sqlite } from './common.ts';

// The organization's dues account for a year (docs/domain/dues.md#publication: accounts must match):
// opening + income − remitted − spent = closing. Income is cash received in the year (payments by the
// date paid, reversals negative, voluntary one-offs included).

export interface Balance {
  openingFen: number;
  incomeFen: number;
  remittedFen: number;
  spentFen: number;
  closingFen: number;
}

function firstActivityYear(sqlite: Sqlite, orgId: number): number | null {
  const r = sqlite.prepare(`SELECT MIN(y) AS y FROM (
      SELECT CAST(substr(MIN(paid_on), 1, 4) AS INTEGER) AS y FROM dues_payments WHERE org_id = ?
      UNION ALL SELECT MIN(year) FROM dues_remittances WHERE org_id = ?
      UNION ALL SELECT MIN(year) FROM dues_spending WHERE org_id = ?
      UNION ALL SELECT MIN(year) FROM dues_openings WHERE org_id = ?)`).get(orgId, orgId, orgId, orgId) as { y: number | null };
  return r.y;
}

export function balanceOf(sqlite: Sqlite, orgId: number, year: number): Balance {
  const explicit = sqlite.prepare('SELECT amount_fen FROM dues_openings WHERE org_id = ? AND year = ?').get(orgId, year) as { amount_fen: number } | undefined;
  let openingFen = 0;
  if (explicit) openingFen = explicit.amount_fen;
  else {
    const first = firstActivityYear(sqlite, orgId);
    if (first !== null && first < year) openingFen = balanceOf(sqlite, orgId, year - 1).closingFen; // last year's closing carries over
  }
  const incomeFen = (sqlite.prepare(`SELECT COALESCE(SUM(amount_fen), 0) AS s FROM dues_payments WHERE org_id = ? AND paid_on BETWEEN ? AND ?`)
    .get(orgId, `${year}-01-01`, `${year}-12-31`) as { s: number }).s;
  const remittedFen = (sqlite.prepare('SELECT COALESCE(SUM(amount_fen), 0) AS s FROM dues_remittances WHERE org_id = ? AND year = ?').get(orgId, year) as { s: number }).s;
  const spentFen = (sqlite.prepare('SELECT COALESCE(SUM(amount_fen), 0) AS s FROM dues_spending WHERE org_id = ? AND year = ?').get(orgId, year) as { s: number }).s;
  return { openingFen, incomeFen, remittedFen, spentFen, closingFen: openingFen + incomeFen - remittedFen - spentFen };
}

export function balanceDto(b: Balance) {
  return { opening: formatFen(b.openingFen), income: formatFen(b.incomeFen), remitted: formatFen(b.remittedFen), spent: formatFen(b.spentFen), closing: formatFen(b.closingFen), ...b };
}

export async function setOpening(ctx: ServiceContext, input: { orgId: number; year: number; amount: string }): Promise<{ ok: true }> {
  const sqlite = ctx.db.sqlite;
  const org = resolveOrg(sqlite, { orgId: input.orgId });
  const fen = fenFrom(input.amount, 'amount', '上年结余');
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const before = sqlite.prepare('SELECT amount_fen FROM dues_openings WHERE org_id = ? AND year = ?').get(org.id, input.year);
    sqlite.prepare('INSERT INTO dues_openings (org_id, year, amount_fen) VALUES (?, ?, ?) ON CONFLICT(org_id, year) DO UPDATE SET amount_fen = excluded.amount_fen').run(org.id, input.year, fen);
    await audit(trx, { actor, at: ctx.clock.now(), entity: 'dues_opening', entityId: org.id, action: '设置上年结余', before, after: { year: input.year, amount: formatFen(fen) } });
    return { ok: true as const };
  });
}

/**
 * 上缴: records of dues remitted upward with the share the organization's rules set
 * (docs/domain/dues.md#remittance)
 */
export async function addRemittance(
  ctx: ServiceContext,
  input: { orgId: number; period: string; amount?: string | null; shareBp?: number | null; toOrg?: string | null; paidOn: string; voucherNo?: string | null; method?: string | null; note?: string | null },
): Promise<{ id: number; amount: string; suggested: string | null }> {
  const sqlite = ctx.db.sqlite;
  const org = resolveOrg(sqlite, { orgId: input.orgId });
  const period = parsePeriod(input.period);
  const shareBp = input.shareBp ?? orgSettings(sqlite, org.id).remitShareBp;
  // the share applies to what was actually paid for the period's months
  const paid = (sqlite.prepare('SELECT COALESCE(SUM(paid_fen), 0) AS s FROM dues_months WHERE org_id = ? AND month BETWEEN ? AND ?').get(org.id, period.from, period.to) as { s: number }).s;
  const suggested = shareBp != null ? Math.round((paid * shareBp) / 10_000) : null;
  const fen = input.amount != null && input.amount !== '' ? fenFrom(input.amount, 'amount', '上缴金额') : suggested;
  if (fen === null) throw new AppError('VALIDATION', '请填写上缴金额（或设置上缴比例）', 'amount');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.paidOn)) throw new AppError('VALIDATION', '请填写上缴日期（YYYY-MM-DD）', 'paidOn');
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  return inTx(ctx, async (trx) => {
    const r = await trx.insertInto('dues_remittances').values({
      org_id: org.id, year: period.year, period: period.key, amount_fen: fen, share_bp: shareBp, to_org: input.toOrg ?? null, paid_on: input.paidOn,
      voucher_no: input.voucherNo ?? null, method: input.method ?? null, note: input.note ?? null, recorded_by: actor.name, recorded_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { actor, at: now, entity: 'dues_remittance', entityId: r.id, action: '登记上缴', after: { org: org.name, ...input, amount: formatFen(fen) } });
    return { id: r.id, amount: formatFen(fen), suggested: suggested === null ? null : formatFen(suggested) };
  });
}

/**
 * 下拨 / 使用 in the allowed-use categories, with the collective decision, approver and note
 * (docs/domain/dues.md#use-of-dues)
 */
export async function addSpending(
  ctx: ServiceContext,
  input: { orgId: number; kind: string; category: string; amount: string; spentOn: string; toOrgId?: number | null; decisionRef: string; approver: string; note?: string | null },
): Promise<{ id: number }> {
  const sqlite = ctx.db.sqlite;
  const org = resolveOrg(sqlite, { orgId: input.orgId });
  if (!(SPENDING_KINDS as readonly string[]).includes(input.kind)) throw new AppError('VALIDATION', '类型应为下拨或使用', 'kind');
  if (!(SPENDING_CATEGORIES as readonly string[]).includes(input.category)) throw new AppError('VALIDATION', `用途不在党费使用范围内：${input.category}`, 'category');
  const fen = fenFrom(input.amount, 'amount', '金额');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.spentOn)) throw new AppError('VALIDATION', '请填写日期（YYYY-MM-DD）', 'spentOn');
  if (!input.decisionRef.trim()) throw new AppError('VALIDATION', '党费使用须经集体研究决定，请填写决定文号或会议记录', 'decisionRef');
  if (!input.approver.trim()) throw new AppError('VALIDATION', '请填写审批人', 'approver');
  const toOrg = input.kind === '下拨' ? resolveOrg(sqlite, { orgId: input.toOrgId ?? null }) : null;
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  return inTx(ctx, async (trx) => {
    const r = await trx.insertInto('dues_spending').values({
      org_id: org.id, year: Number(input.spentOn.slice(0, 4)), kind: input.kind, category: input.category, amount_fen: fen, spent_on: input.spentOn,
      to_org_id: toOrg?.id ?? null, decision_ref: input.decisionRef.trim(), approver: input.approver.trim(), note: input.note ?? null, recorded_by: actor.name, recorded_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { actor, at: now, entity: 'dues_spending', entityId: r.id, action: `登记${input.kind}`, after: { org: org.name, ...input } });
    return { id: r.id };
  });
}

export function listSpending(sqlite: Sqlite, orgId: number, year: number): SpendingDto[] {
  return (sqlite.prepare(`SELECT s.*, o.name AS to_org FROM dues_spending s LEFT JOIN orgs o ON o.id = s.to_org_id WHERE s.org_id = ? AND s.year = ? ORDER BY s.spent_on, s.id`).all(orgId, year) as
    { id: number; kind: string; category: string; amount_fen: number; spent_on: string; to_org: string | null; decision_ref: string; approver: string; note: string | null; recorded_by: string }[])
    .map((r) => ({ id: r.id, kind: r.kind, category: r.category, amount: formatFen(r.amount_fen), amountFen: r.amount_fen, spentOn: r.spent_on, toOrg: r.to_org, decisionRef: r.decision_ref, approver: r.approver, note: r.note, recordedBy: r.recorded_by }));
}

export function listRemittances(sqlite: Sqlite, orgId: number, year: number): RemittanceDto[] {
  return (sqlite.prepare('SELECT * FROM dues_remittances WHERE org_id = ? AND year = ? ORDER BY paid_on, id').all(orgId, year) as
    { id: number; period: string; amount_fen: number; share_bp: number | null; to_org: string | null; paid_on: string; voucher_no: string | null; method: string | null; note: string | null }[])
    .map((r) => ({ id: r.id, period: r.period, amount: formatFen(r.amount_fen), amountFen: r.amount_fen, shareBp: r.share_bp, toOrg: r.to_org, paidOn: r.paid_on, voucherNo: r.voucher_no, method: r.method, note: r.note }));
}
