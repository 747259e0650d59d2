import type { PaymentDto } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { allocatePayment, MAX_BACK_MONTHS, monthStatus, paymentTiming } from '../domain/ledger.ts';
import { formatFen } from '../../../domain/money.ts';
import { parseMonth, type Month } from '../../../domain/periods.ts';
import { parseMonthList } from '../domain/months.ts';
import { PAYMENT_METHODS, VOLUNTARY_TO_CENTRAL_FEN } from '../domain/uses.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { actor as actorOf, type Actor } from '../../../services/settings.ts';
import { fenFrom, inTx, orgSettings, resolveMember, resolveOrg, takeReceiptNo, type MemberRef, type Sqlite } from './common.ts';
import { rebuildMemberMonths } from './ledger.ts';

// Payments (docs/domain/dues.md#who-when-where): months covered, a total applied oldest month
// first, date, method, receipt from the organization's running sequence, the clerk who recorded it.
// A payment is never deleted: 冲正 (reversal) entries cancel it.

interface PaymentRow {
  id: number; member_id: number; org_id: number; kind: string; paid_on: string; amount_fen: number; method: string; receipt_no: string | null;
  allocation: string; reverses_id: number | null; to_central: number; note: string | null; recorded_by: string; recorded_at: string;
}

function paymentDto(r: PaymentRow): PaymentDto {
  return {
    id: r.id, memberId: r.member_id, kind: r.kind, paidOn: r.paid_on, amount: formatFen(r.amount_fen), method: r.method, receiptNo: r.receipt_no,
    months: (JSON.parse(r.allocation) as [string, number][]).map(([month, fen]) => ({ month, amount: formatFen(fen) })),
    reversesId: r.reverses_id, toCentral: r.to_central === 1, note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at,
  };
}

function checkDate(text: string, field: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new AppError('VALIDATION', `日期格式不正确：${text}（应为 YYYY-MM-DD）`, field);
  return text;
}

function checkMethod(method: string | null | undefined): string {
  const m = method?.trim() || '现金';
  if (!(PAYMENT_METHODS as readonly string[]).includes(m)) throw new AppError('VALIDATION', `交纳方式应为：${PAYMENT_METHODS.join('、')}`, 'method');
  return m;
}

interface MonthRow { month: string; org_id: number; due_fen: number; paid_fen: number; waived: number; paid_on: string | null }

export interface PayInput {
  memberId?: number | null;
  idNumber?: string | null;
  /** '2023-01..2023-03' or a list */
  months: string | string[];
  amount: string;
  paidOn: string;
  method?: string | null;
  receiptNo?: string | null;
  note?: string | null;
  confirm?: boolean;
}

/** the core of one payment, inside the caller's transaction (used by dues.pay and the grid's whole-month entry) */
export async function applyPayment(
  ctx: ServiceContext,
  trx: Tx,
  member: MemberRef,
  p: { months: Month[]; totalFen: number; paidOn: string; method: string; receiptNo?: string | null; note?: string | null; confirm: boolean; actor: Actor },
): Promise<{ payment: PaymentDto; warnings: string[] }> {
  const sqlite = ctx.db.sqlite;
  const last = p.months[p.months.length - 1];
  // an advance payment into a year not yet assessed runs on the provisional (carried-over) standard
  const exists = sqlite.prepare('SELECT 1 FROM dues_months WHERE member_id = ? AND month = ?').get(member.id, last);
  if (!exists) rebuildMemberMonths(sqlite, member.id, { through: last });
  const get = sqlite.prepare('SELECT month, org_id, due_fen, paid_fen, waived, paid_on FROM dues_months WHERE member_id = ? AND month = ?');
  const rows: MonthRow[] = [];
  const missing: string[] = [];
  for (const m of p.months) {
    const r = get.get(member.id, m) as MonthRow | undefined;
    if (r) rows.push(r);
    else missing.push(m);
  }
  // covering a month without a standard is refused
  if (missing.length) throw new AppError('VALIDATION', `${member.name} ${missing.join('、')} 没有核定的党费标准（或不在应交期间），不能登记交纳`, 'months');
  const waived = rows.filter((r) => r.waived === 1).map((r) => r.month);
  if (waived.length) throw new AppError('VALIDATION', `${waived.join('、')} 已批准免交，无需交纳`, 'months');
  const targets = rows.map((r) => ({ month: r.month, outstandingFen: Math.max(0, r.due_fen - r.paid_fen) }));
  const outstanding = targets.reduce((s, t) => s + t.outstandingFen, 0);
  if (outstanding === 0) throw new AppError('VALIDATION', `${member.name} ${p.months.join('、')} 已交清`, 'months');
  if (p.totalFen <= 0) throw new AppError('VALIDATION', '交纳金额应大于0', 'amount');

  const reasons: string[] = [];
  const timing = paymentTiming(p.months, p.paidOn);
  // 补交 normally not more than 6 months (V19)
  if (timing.backMonths > MAX_BACK_MONTHS) reasons.push(`补交党费一般不超过6个月（本次补交${timing.backMonths}个月）`);
  // 预交 beyond the organization's limit (U8: default 3 months)
  const limit = orgSettings(sqlite, rows[0].org_id).advanceLimit;
  if (timing.advanceMonths > limit) reasons.push(`预交${timing.advanceMonths}个月，超过本组织规定的${limit}个月`);
  const { lines, excessFen } = allocatePayment(targets, p.totalFen);
  if (excessFen > 0) reasons.push(`交纳金额超过所选月份应交合计 ${formatFen(outstanding)} 元，多出 ${formatFen(excessFen)} 元将记入最后一个月（自愿多交）`);
  if (reasons.length && !p.confirm) {
    throw new AppError('NEEDS_CONFIRMATION', `${reasons.join('；')}。确认无误请加 --confirm（界面上点“确认”）`, 'months', { reasons });
  }
  const warnings = [...reasons];
  if (p.totalFen < outstanding) warnings.push(`交纳金额少于应交合计 ${formatFen(outstanding)} 元，${lines.filter((l, i) => l.fen < targets[i].outstandingFen).map((l) => l.month).join('、')} 记为部分/未交`);

  const orgId = rows[0].org_id;
  const receipt = takeReceiptNo(sqlite, orgId, p.receiptNo);
  const now = ctx.clock.now();
  const alloc = lines.filter((l) => l.fen > 0).map((l) => [l.month, l.fen] as [string, number]);
  const info = sqlite.prepare(`INSERT INTO dues_payments (member_id, org_id, kind, paid_on, amount_fen, method, receipt_no, from_month, to_month, allocation, reverses_id, to_central, note, recorded_by, recorded_at)
    VALUES (?, ?, '交纳', ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, ?, ?)`)
    .run(member.id, orgId, p.paidOn, p.totalFen, p.method, receipt, p.months[0], last, JSON.stringify(alloc), p.note ?? null, p.actor.name, now);
  applyAllocation(sqlite, member.id, alloc, p.paidOn);
  const row = sqlite.prepare('SELECT * FROM dues_payments WHERE id = ?').get(Number(info.lastInsertRowid)) as PaymentRow;
  const dto = paymentDto(row);
  await audit(trx, { actor: p.actor, at: now, entity: 'dues_payment', entityId: row.id, action: '登记交纳', after: { member: member.name, idNumber: member.id_number, ...dto } });
  return { payment: dto, warnings };
}

/** adds (or, negative, removes) amounts on month rows and recomputes their status */
function applyAllocation(sqlite: Sqlite, memberId: number, alloc: [string, number][], paidOn: string | null): void {
  const get = sqlite.prepare('SELECT month, due_fen, paid_fen, waived, paid_on FROM dues_months WHERE member_id = ? AND month = ?');
  const upd = sqlite.prepare('UPDATE dues_months SET paid_fen = ?, paid_on = ?, status = ? WHERE member_id = ? AND month = ?');
  for (const [month, fen] of alloc) {
    const r = get.get(memberId, month) as MonthRow | undefined;
    if (!r) continue;
    const paid = r.paid_fen + fen;
    const on = paid > 0 ? (fen > 0 ? paidOn : r.paid_on) : null;
    upd.run(paid, on, monthStatus({ month, dueFen: r.due_fen, paidFen: paid, waived: r.waived === 1, paidOn: on }), memberId, month);
  }
}

export async function pay(ctx: ServiceContext, input: PayInput): Promise<{ payment: PaymentDto; warnings: string[] }> {
  const sqlite = ctx.db.sqlite;
  const member = resolveMember(sqlite, input);
  const months = Array.isArray(input.months) ? [...new Set(input.months.map((m) => parseMonth(m, 'months')))].sort() : parseMonthList(input.months);
  const totalFen = fenFrom(input.amount, 'amount', '交纳金额');
  const paidOn = checkDate(input.paidOn, 'paidOn');
  const method = checkMethod(input.method);
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, (trx) => applyPayment(ctx, trx, member, { months, totalFen, paidOn, method, receiptNo: input.receiptNo, note: input.note, confirm: Boolean(input.confirm), actor }));
}

/** a reversal entry (冲正): the original stays, the months lose what it paid */
export async function reversePayment(ctx: ServiceContext, input: { paymentId: number; reason: string; date?: string | null }): Promise<{ payment: PaymentDto }> {
  const sqlite = ctx.db.sqlite;
  const orig = sqlite.prepare('SELECT * FROM dues_payments WHERE id = ?').get(input.paymentId) as PaymentRow | undefined;
  if (!orig) throw new AppError('NOT_FOUND', '找不到该交纳记录', 'paymentId');
  if (orig.kind === '冲正') throw new AppError('VALIDATION', '冲正记录不能再冲正', 'paymentId');
  if (sqlite.prepare('SELECT 1 FROM dues_payments WHERE reverses_id = ?').get(orig.id)) throw new AppError('CONFLICT', '该交纳记录已冲正', 'paymentId');
  if (!input.reason?.trim()) throw new AppError('VALIDATION', '冲正须填写原因', 'reason');
  const date = checkDate(input.date ?? ctx.clock.today(), 'date');
  const now = ctx.clock.now();
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const alloc = (JSON.parse(orig.allocation) as [string, number][]).map(([m, f]) => [m, -f] as [string, number]);
    const info = sqlite.prepare(`INSERT INTO dues_payments (member_id, org_id, kind, paid_on, amount_fen, method, receipt_no, from_month, to_month, allocation, reverses_id, to_central, note, recorded_by, recorded_at)
      VALUES (?, ?, '冲正', ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?)`)
      .run(orig.member_id, orig.org_id, date, -orig.amount_fen, orig.method, orig.receipt_no, JSON.stringify(alloc), orig.id, orig.to_central, input.reason.trim(), actor.name, now);
    applyAllocation(sqlite, orig.member_id, alloc, null);
    const row = sqlite.prepare('SELECT * FROM dues_payments WHERE id = ?').get(Number(info.lastInsertRowid)) as PaymentRow;
    await audit(trx, { actor, at: now, entity: 'dues_payment', entityId: orig.id, action: '冲正', before: paymentDto(orig), after: paymentDto(row) });
    return { payment: paymentDto(row) };
  });
}

/** a one-off voluntary payment; ≥ 1,000 元 goes upward whole (V21) */
export async function recordVoluntary(
  ctx: ServiceContext,
  input: { memberId?: number | null; idNumber?: string | null; amount: string; paidOn: string; method?: string | null; receiptNo?: string | null; note?: string | null },
): Promise<{ payment: PaymentDto; info: string | null }> {
  const sqlite = ctx.db.sqlite;
  const member = resolveMember(sqlite, input);
  const fen = fenFrom(input.amount, 'amount', '自愿多交金额');
  if (fen <= 0) throw new AppError('VALIDATION', '金额应大于0', 'amount');
  const paidOn = checkDate(input.paidOn, 'paidOn');
  const method = checkMethod(input.method);
  const toCentral = fen >= VOLUNTARY_TO_CENTRAL_FEN;
  const now = ctx.clock.now();
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const receipt = takeReceiptNo(sqlite, member.org_id, input.receiptNo);
    const info = sqlite.prepare(`INSERT INTO dues_payments (member_id, org_id, kind, paid_on, amount_fen, method, receipt_no, from_month, to_month, allocation, reverses_id, to_central, note, recorded_by, recorded_at)
      VALUES (?, ?, '自愿多交', ?, ?, ?, ?, NULL, NULL, '[]', NULL, ?, ?, ?, ?)`)
      .run(member.id, member.org_id, paidOn, fen, method, receipt, toCentral ? 1 : 0, input.note ?? null, actor.name, now);
    const row = sqlite.prepare('SELECT * FROM dues_payments WHERE id = ?').get(Number(info.lastInsertRowid)) as PaymentRow;
    await audit(trx, { actor, at: now, entity: 'dues_payment', entityId: row.id, action: '登记一次性自愿多交', after: { member: member.name, ...paymentDto(row) } });
    return { payment: paymentDto(row), info: toCentral ? '一次自愿多交1000元以上党费应全部上缴中央' : null };
  });
}

export function listPayments(sqlite: Sqlite, memberId: number): PaymentDto[] {
  return (sqlite.prepare('SELECT * FROM dues_payments WHERE member_id = ? ORDER BY paid_on, id').all(memberId) as PaymentRow[]).map(paymentDto);
}

/**
 * "本月全部按标准已交" for a whole branch in ONE transaction: every member of the organization
 * still owing that month pays exactly what is outstanding, except the members listed (the exceptions
 * are then entered one by one).
 */
export async function recordWholeMonth(
  ctx: ServiceContext,
  input: { orgId: number; month: string; paidOn: string; method?: string | null; exceptMemberIds?: number[] },
): Promise<{ recorded: number; amount: string }> {
  const sqlite = ctx.db.sqlite;
  const org = resolveOrg(sqlite, { orgId: input.orgId });
  const month = parseMonth(input.month, 'month');
  const paidOn = checkDate(input.paidOn, 'paidOn');
  const method = checkMethod(input.method);
  const except = new Set(input.exceptMemberIds ?? []);
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  return inTx(ctx, async (trx) => {
    ensureOrgMonths(sqlite, org.id, month);
    const rows = sqlite.prepare(`SELECT d.member_id, d.due_fen, d.paid_fen, d.waived, m.name, m.id_number FROM dues_months d JOIN members m ON m.id = d.member_id
      WHERE d.org_id = ? AND d.month = ? AND d.status IN ('未交', '部分')`).all(org.id, month) as
      { member_id: number; due_fen: number; paid_fen: number; waived: number; name: string; id_number: string }[];
    const ins = sqlite.prepare(`INSERT INTO dues_payments (member_id, org_id, kind, paid_on, amount_fen, method, receipt_no, from_month, to_month, allocation, reverses_id, to_central, note, recorded_by, recorded_at)
      VALUES (?, ?, '交纳', ?, ?, ?, ?, ?, ?, ?, NULL, 0, '本月全部按标准已交', ?, ?)`);
    const upd = sqlite.prepare('UPDATE dues_months SET paid_fen = due_fen, paid_on = ?, status = ? WHERE member_id = ? AND month = ?');
    const auditRows: { entity_id: number; after: unknown }[] = [];
    let total = 0;
    let n = 0;
    for (const r of rows) {
      if (except.has(r.member_id)) continue;
      const fen = r.due_fen - r.paid_fen;
      const receipt = takeReceiptNo(sqlite, org.id, null);
      const alloc = JSON.stringify([[month, fen]]);
      const info = ins.run(r.member_id, org.id, paidOn, fen, method, receipt, month, month, alloc, actor.name, now);
      upd.run(paidOn, monthStatus({ month, dueFen: r.due_fen, paidFen: r.due_fen, waived: false, paidOn }), r.member_id, month);
      auditRows.push({ entity_id: Number(info.lastInsertRowid), after: { member: r.name, idNumber: r.id_number, month, amount: formatFen(fen), receiptNo: receipt, paidOn, method } });
      total += fen;
      n++;
    }
    // history through the shared audit writer, one entry per payment, in the same transaction
    for (const a of auditRows) {
      await audit(trx, { actor, at: now, entity: 'dues_payment', entityId: a.entity_id, action: '登记交纳（本月全部按标准已交）', after: a.after });
    }
    return { recorded: n, amount: formatFen(total) };
  });
}

/** month rows for the organization's members who have a standard but no row yet for that month (a new year before assessment) */
export function ensureOrgMonths(sqlite: Sqlite, orgId: number, month: Month): void {
  const ids = sqlite.prepare(`SELECT m.id FROM members m WHERE m.org_id = ? AND m.roll = '在册'
      AND NOT EXISTS (SELECT 1 FROM dues_months d WHERE d.member_id = m.id AND d.month = ?)
      AND EXISTS (SELECT 1 FROM dues_standards s WHERE s.member_id = m.id AND s.from_month <= ?)`).all(orgId, month, month) as { id: number }[];
  for (const { id } of ids) rebuildMemberMonths(sqlite, id, { through: month });
}

