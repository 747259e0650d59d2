import { sql } from 'kysely';
import type { PaymentDto } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { allocatePayment, MAX_BACK_MONTHS, monthStatus, paymentTiming, UNPAID_STATUSES } from '../domain/ledger.ts';
import { formatFen } from '../../../domain/money.ts';
import { parseMonth, type Month } from '../../../domain/periods.ts';
import { parseMonthList } from '../domain/months.ts';
import { PAYMENT_METHODS, VOLUNTARY_TO_CENTRAL_FEN } from '../domain/uses.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { actor as actorOf, type Actor } from '../../../services/settings.ts';
import { checkDay, fenFrom, inTx, orgSettings, receiptSequence, requireMember, requireOrg, type MemberRef } from './common.ts';
import { ensureMonthsThrough, rebuildMemberMonths } from './ledger.ts';

// Payments (docs/domain/dues.md#who-when-where): months covered, a total applied oldest month
// first, date, method, receipt from the organization's running sequence, the clerk who recorded it.
// A payment is never deleted: 冲正 (reversal) entries cancel it. Never dated after today.

interface PaymentRow {
  id: number; member_id: number; org_id: number; kind: string; paid_on: string; amount_fen: number; method: string; receipt_no: string | null;
  allocation: string; reverses_id: number | null; to_central: number; note: string | null; recorded_by: string; recorded_at: string;
}

export function paymentDto(r: PaymentRow): PaymentDto {
  return {
    id: r.id, memberId: r.member_id, kind: r.kind, paidOn: r.paid_on, amount: formatFen(r.amount_fen), method: r.method, receiptNo: r.receipt_no,
    months: (JSON.parse(r.allocation) as [string, number][]).map(([month, fen]) => ({ month, amount: formatFen(fen) })),
    reversesId: r.reverses_id, toCentral: r.to_central === 1, note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at,
  };
}

function checkMethod(method: string | null | undefined): string {
  const m = method?.trim() || '现金';
  if (!(PAYMENT_METHODS as readonly string[]).includes(m)) throw new AppError('VALIDATION', `交纳方式应为：${PAYMENT_METHODS.join('、')}`, 'method');
  return m;
}

interface MonthRow { month: string; org_id: number; due_fen: number; paid_fen: number; waived: number; paid_on: string | null }

const MONTH_COLS = ['month', 'org_id', 'due_fen', 'paid_fen', 'waived', 'paid_on'] as const;

export interface PayInput {
  memberId?: number | null;
  /** '2023-01..2023-03' or a list */
  months: string | string[];
  amount: string;
  paidOn: string;
  method?: string | null;
  receiptNo?: string | null;
  note?: string | null;
  confirm?: boolean;
}

/** the core of one payment, inside the caller's transaction (dues.pay) */
export async function applyPayment(
  ctx: ServiceContext,
  trx: Tx,
  member: MemberRef,
  p: { months: Month[]; totalFen: number; paidOn: string; method: string; receiptNo?: string | null; note?: string | null; confirm: boolean; actor: Actor },
): Promise<{ payment: PaymentDto; warnings: string[] }> {
  const last = p.months[p.months.length - 1];
  // an advance payment into a year not yet assessed runs on the provisional (carried-over) standard
  const exists = await trx.selectFrom('dues_months').select('month').where('member_id', '=', member.id).where('month', '=', last).executeTakeFirst();
  if (!exists) rebuildMemberMonths(ctx.db.sqlite, member.id, { through: last });
  const found = await trx.selectFrom('dues_months').select(MONTH_COLS).where('member_id', '=', member.id).where('month', 'in', p.months).orderBy('month').execute();
  const byMonth = new Map(found.map((r) => [r.month, r]));
  const missing = p.months.filter((m) => !byMonth.has(m) || (byMonth.get(m)!.due_fen === 0 && !byMonth.get(m)!.waived && byMonth.get(m)!.paid_fen > 0));
  // covering a month without a standard (or off the roll) is refused
  if (missing.length) throw new AppError('VALIDATION', `${member.name} ${missing.join('、')} 没有核定的党费标准（或不在应交期间），不能登记交纳`, 'months');
  const rows = p.months.map((m) => byMonth.get(m)!);
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
  const limit = (await orgSettings(trx, rows[0].org_id)).advanceLimit;
  if (timing.advanceMonths > limit) reasons.push(`预交${timing.advanceMonths}个月，超过本组织规定的${limit}个月`);
  // months left open before the first one paid now (docs/domain/dues.md#non-payment: arrears are not hidden)
  const earlier = await trx.selectFrom('dues_months').select('month').where('member_id', '=', member.id).where('month', '<', p.months[0])
    .where('status', 'in', UNPAID_STATUSES as string[]).orderBy('month').execute();
  const notices: string[] = [];
  if (earlier.length) notices.push(`${member.name}在${earlier[0].month}${earlier.length > 1 ? `至${earlier[earlier.length - 1].month}` : ''}还有 ${earlier.length} 个月未交，本次交纳的月份在其之后（按规定应先补交最早的欠交月份）`);
  const { lines, excessFen } = allocatePayment(targets, p.totalFen);
  if (excessFen > 0) reasons.push(`交纳金额超过所选月份应交合计 ${formatFen(outstanding)} 元，多出 ${formatFen(excessFen)} 元将记入最后一个月（自愿多交）`);
  if (reasons.length && !p.confirm) {
    throw new AppError('NEEDS_CONFIRMATION', `${reasons.join('；')}。确认无误请加 --confirm（界面上点“确认”）`, 'months', { reasons });
  }
  const warnings = [...reasons, ...notices];
  if (p.totalFen < outstanding) warnings.push(`交纳金额少于应交合计 ${formatFen(outstanding)} 元，${lines.filter((l, i) => l.fen < targets[i].outstandingFen).map((l) => l.month).join('、')} 记为部分/未交`);

  const orgId = rows[0].org_id;
  const seq = await receiptSequence(trx, orgId);
  const receipt = seq.take(p.receiptNo);
  await seq.save();
  const now = ctx.clock.now();
  const alloc = lines.filter((l) => l.fen > 0).map((l) => [l.month, l.fen] as [string, number]);
  const row = await trx.insertInto('dues_payments').values({
    member_id: member.id, org_id: orgId, kind: '交纳', paid_on: p.paidOn, amount_fen: p.totalFen, method: p.method, receipt_no: receipt,
    from_month: p.months[0], to_month: last, allocation: JSON.stringify(alloc), reverses_id: null, to_central: 0, note: p.note ?? null,
    recorded_by: p.actor.name, recorded_at: now,
  }).returningAll().executeTakeFirstOrThrow();
  await applyAllocation(trx, member.id, alloc, p.paidOn);
  const dto = paymentDto(row);
  await audit(trx, { actor: p.actor, at: now, entity: 'dues_payment', entityId: row.id, action: '登记交纳', after: { member: member.name, idNumber: member.id_number, ...dto } });
  return { payment: dto, warnings };
}

/** adds (or, negative, removes) amounts on month rows and recomputes their status */
async function applyAllocation(trx: Tx, memberId: number, alloc: [string, number][], paidOn: string | null): Promise<void> {
  for (const [month, fen] of alloc) {
    const r = await trx.selectFrom('dues_months').select(MONTH_COLS).where('member_id', '=', memberId).where('month', '=', month).executeTakeFirst();
    if (!r) continue;
    const paid = r.paid_fen + fen;
    const on = paid > 0 ? (fen > 0 ? paidOn : r.paid_on) : null;
    await trx.updateTable('dues_months')
      .set({ paid_fen: paid, paid_on: on, status: monthStatus({ month, dueFen: r.due_fen, paidFen: paid, waived: r.waived === 1, paidOn: on }) })
      .where('member_id', '=', memberId).where('month', '=', month).execute();
  }
}

export async function pay(ctx: ServiceContext, input: PayInput): Promise<{ payment: PaymentDto; warnings: string[] }> {
  const member = await requireMember(ctx.kysely, input);
  const months = Array.isArray(input.months) ? [...new Set(input.months.map((m) => parseMonth(m, 'months')))].sort() : parseMonthList(input.months);
  const totalFen = fenFrom(input.amount, 'amount', '交纳金额');
  const paidOn = checkDay(input.paidOn, 'paidOn', '交纳日期', ctx.clock.today());
  const method = checkMethod(input.method);
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, (trx) => applyPayment(ctx, trx, member, { months, totalFen, paidOn, method, receiptNo: input.receiptNo, note: input.note, confirm: Boolean(input.confirm), actor }));
}

/** a reversal entry (冲正): the original stays, the months lose what it paid */
export async function reversePayment(ctx: ServiceContext, input: { paymentId: number; reason: string; date?: string | null }): Promise<{ payment: PaymentDto }> {
  const orig = await ctx.kysely.selectFrom('dues_payments').selectAll().where('id', '=', input.paymentId).executeTakeFirst();
  if (!orig) throw new AppError('NOT_FOUND', '找不到该交纳记录', 'paymentId');
  if (orig.kind === '冲正') throw new AppError('VALIDATION', '冲正记录不能再冲正', 'paymentId');
  if (await ctx.kysely.selectFrom('dues_payments').select('id').where('reverses_id', '=', orig.id).executeTakeFirst()) throw new AppError('CONFLICT', '该交纳记录已冲正', 'paymentId');
  if (!input.reason?.trim()) throw new AppError('VALIDATION', '冲正须填写原因', 'reason');
  const date = checkDay(input.date ?? ctx.clock.today(), 'date', '冲正日期', ctx.clock.today());
  const now = ctx.clock.now();
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const alloc = (JSON.parse(orig.allocation) as [string, number][]).map(([m, f]) => [m, -f] as [string, number]);
    const row = await trx.insertInto('dues_payments').values({
      member_id: orig.member_id, org_id: orig.org_id, kind: '冲正', paid_on: date, amount_fen: -orig.amount_fen, method: orig.method, receipt_no: orig.receipt_no,
      from_month: null, to_month: null, allocation: JSON.stringify(alloc), reverses_id: orig.id, to_central: orig.to_central, note: input.reason.trim(),
      recorded_by: actor.name, recorded_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    await applyAllocation(trx, orig.member_id, alloc, null);
    await audit(trx, { actor, at: now, entity: 'dues_payment', entityId: orig.id, action: '冲正', before: paymentDto(orig), after: paymentDto(row) });
    return { payment: paymentDto(row) };
  });
}

/**
 * A one-off voluntary payment: under 1,000 元 it is the organization's income; 1,000 元 or more goes upward
 * whole (V21) and is kept apart as due to the Centre (docs/domain/dues.md#accounts-across-levels).
 */
export async function recordVoluntary(
  ctx: ServiceContext,
  input: { memberId?: number | null; amount: string; paidOn: string; method?: string | null; receiptNo?: string | null; note?: string | null },
): Promise<{ payment: PaymentDto; info: string | null }> {
  const member = await requireMember(ctx.kysely, input);
  const fen = fenFrom(input.amount, 'amount', '自愿多交金额');
  if (fen <= 0) throw new AppError('VALIDATION', '金额应大于0', 'amount');
  const paidOn = checkDay(input.paidOn, 'paidOn', '交纳日期', ctx.clock.today());
  const method = checkMethod(input.method);
  const toCentral = fen >= VOLUNTARY_TO_CENTRAL_FEN;
  const now = ctx.clock.now();
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const seq = await receiptSequence(trx, member.org_id);
    const receipt = seq.take(input.receiptNo);
    await seq.save();
    const row = await trx.insertInto('dues_payments').values({
      member_id: member.id, org_id: member.org_id, kind: '自愿多交', paid_on: paidOn, amount_fen: fen, method, receipt_no: receipt, from_month: null,
      to_month: null, allocation: '[]', reverses_id: null, to_central: toCentral ? 1 : 0, note: input.note ?? null, recorded_by: actor.name, recorded_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(trx, { actor, at: now, entity: 'dues_payment', entityId: row.id, action: '登记一次性自愿多交', after: { member: member.name, ...paymentDto(row) } });
    return { payment: paymentDto(row), info: toCentral ? '一次自愿多交1000元以上党费应全部上缴中央（单列为“应上缴中央”，不计入本组织收入和结余）' : null };
  });
}

export async function listPayments(db: Tx, memberId: number): Promise<PaymentDto[]> {
  return (await db.selectFrom('dues_payments').selectAll().where('member_id', '=', memberId).orderBy('paid_on').orderBy('id').execute()).map(paymentDto);
}

export type EarlierOpen = 'oldest-first' | 'this-month';

export interface WholeMonthResult {
  recorded: number;
  amount: string;
  /** members whose payment went to their oldest open months instead ('oldest-first') */
  olderFirst: number;
  /** members still owing months before the one recorded ('this-month') */
  stillOwingEarlier: number;
}

/**
 * "本月全部按标准已交" for a whole branch in ONE transaction: every member of the organization still owing
 * that month pays exactly what is outstanding, except the members listed. A member who still owes earlier
 * months is not silently paid up for the later one (docs/domain/dues.md#non-payment): without a choice the
 * action asks (NEEDS_CONFIRMATION, naming them); 'oldest-first' applies each such member's month of dues to
 * the oldest open months, as a payment would; 'this-month' records the month and says who still owes.
 */
export async function recordWholeMonth(
  ctx: ServiceContext,
  input: { orgId: number; month: string; paidOn: string; method?: string | null; exceptMemberIds?: number[]; earlierOpen?: EarlierOpen | null },
): Promise<WholeMonthResult> {
  const org = await requireOrg(ctx.kysely, { orgId: input.orgId });
  const month = parseMonth(input.month, 'month');
  const paidOn = checkDay(input.paidOn, 'paidOn', '交纳日期', ctx.clock.today());
  const method = checkMethod(input.method);
  const except = new Set(input.exceptMemberIds ?? []);
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  return inTx(ctx, async (trx) => {
    await ensureOrgMonths(ctx, trx, org.id, month);
    const owing = (await trx
      .selectFrom('dues_months as d')
      .innerJoin('members as m', 'm.id', 'd.member_id')
      .select(['d.member_id', 'd.due_fen', 'd.paid_fen', 'm.name', 'm.id_number'])
      .where('d.org_id', '=', org.id)
      .where('d.month', '=', month)
      .where('d.status', 'in', UNPAID_STATUSES as string[])
      .orderBy('m.name_pinyin')
      .execute()).filter((r) => !except.has(r.member_id));
    if (!owing.length) return { recorded: 0, amount: '0.00', olderFirst: 0, stillOwingEarlier: 0 };
    // earlier open months owed to this organization, per member
    const earlierRows = await trx
      .selectFrom('dues_months')
      .select(['member_id', 'month', 'due_fen', 'paid_fen'])
      .where('org_id', '=', org.id)
      .where('month', '<', month)
      .where('status', 'in', UNPAID_STATUSES as string[])
      .where('member_id', 'in', owing.map((r) => r.member_id))
      .orderBy('member_id')
      .orderBy('month')
      .execute();
    const earlier = new Map<number, { month: string; outstandingFen: number }[]>();
    for (const r of earlierRows) {
      const list = earlier.get(r.member_id) ?? [];
      list.push({ month: r.month, outstandingFen: r.due_fen - r.paid_fen });
      earlier.set(r.member_id, list);
    }
    if (earlier.size && !input.earlierOpen) {
      const named = owing.filter((r) => earlier.has(r.member_id)).map((r) => {
        const list = earlier.get(r.member_id)!;
        return { memberId: r.member_id, name: r.name, months: list.map((x) => x.month) };
      });
      const sample = named.slice(0, 5).map((n) => `${n.name}（${n.months[0]}${n.months.length > 1 ? `至${n.months[n.months.length - 1]}` : ''}，${n.months.length}个月）`).join('、');
      throw new AppError(
        'NEEDS_CONFIRMATION',
        `${named.length} 名党员在${month}之前还有未交的月份：${sample}${named.length > 5 ? '等' : ''}。直接登记${month}会把欠交留在前面、“交至年月”看起来已交清。请选择：按最早未交月份登记（每人交一个月的党费，记入最早未交的月份），或仍登记${month}`,
        'earlierOpen',
        { members: named },
      );
    }
    const seq = await receiptSequence(trx, org.id);
    const payments: {
      member_id: number; org_id: number; kind: string; paid_on: string; amount_fen: number; method: string; receipt_no: string; from_month: string;
      to_month: string; allocation: string; reverses_id: null; to_central: number; note: string; recorded_by: string; recorded_at: string;
    }[] = [];
    const exact: number[] = [];
    const allocations = new Map<number, [string, number][]>();
    const auditAfter: Record<string, unknown>[] = [];
    let total = 0;
    let olderFirst = 0;
    let stillOwingEarlier = 0;
    for (const r of owing) {
      const fen = r.due_fen - r.paid_fen;
      const open = earlier.get(r.member_id);
      let alloc: [string, number][];
      if (open && input.earlierOpen === 'oldest-first') {
        alloc = allocatePayment([...open, { month, outstandingFen: fen }], fen).lines.filter((l) => l.fen > 0).map((l) => [l.month, l.fen]);
        allocations.set(r.member_id, alloc);
        olderFirst++;
      } else {
        alloc = [[month, fen]];
        exact.push(r.member_id);
        if (open) stillOwingEarlier++;
      }
      const receipt = seq.take(null);
      payments.push({
        member_id: r.member_id, org_id: org.id, kind: '交纳', paid_on: paidOn, amount_fen: fen, method, receipt_no: receipt, from_month: alloc[0][0],
        to_month: alloc[alloc.length - 1][0], allocation: JSON.stringify(alloc), reverses_id: null, to_central: 0, note: '本月全部按标准已交',
        recorded_by: actor.name, recorded_at: now,
      });
      auditAfter.push({ member: r.name, idNumber: r.id_number, months: alloc.map((a) => a[0]), amount: formatFen(fen), receiptNo: receipt, paidOn, method });
      total += fen;
    }
    await seq.save();
    const ids: number[] = [];
    for (let i = 0; i < payments.length; i += 500) {
      ids.push(...(await trx.insertInto('dues_payments').values(payments.slice(i, i + 500)).returning('id').execute()).map((r) => r.id));
    }
    // the month paid exactly: one statement for the whole branch
    const status = monthStatus({ month, dueFen: 1, paidFen: 1, waived: false, paidOn });
    for (let i = 0; i < exact.length; i += 500) {
      await trx.updateTable('dues_months').set({ paid_fen: sql`due_fen`, paid_on: paidOn, status })
        .where('month', '=', month).where('member_id', 'in', exact.slice(i, i + 500)).execute();
    }
    for (const [memberId, alloc] of allocations) await applyAllocation(trx, memberId, alloc, paidOn);
    // history: one entry per payment, in the same transaction
    const auditRows = ids.map((id, i) => ({
      at: now, actor: actor.name, machine: actor.machine || null, module: 'dues', entity: 'dues_payment', entity_id: id, action: '登记交纳（本月全部按标准已交）', before: null, after: JSON.stringify(auditAfter[i]),
    }));
    for (let i = 0; i < auditRows.length; i += 500) await trx.insertInto('audit_log').values(auditRows.slice(i, i + 500)).execute();
    return { recorded: payments.length, amount: formatFen(total), olderFirst, stillOwingEarlier };
  });
}

/**
 * month rows up to `month` for the members on the organization's roll who have a standard but no row yet
 * for it (a new year before assessment)
 */
export async function ensureOrgMonths(ctx: ServiceContext, trx: Tx, orgId: number, month: Month): Promise<void> {
  const ids = await trx
    .selectFrom('members as m')
    .select('m.id')
    .where('m.org_id', '=', orgId)
    .where('m.roll', '=', '在册')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('dues_months as d').select('d.month').whereRef('d.member_id', '=', 'm.id').where('d.month', '=', month))))
    .where((eb) => eb.exists(eb.selectFrom('dues_standards as s').select('s.id').whereRef('s.member_id', '=', 'm.id').where('s.from_month', '<=', month)))
    .execute();
  ensureMonthsThrough(ctx.db.sqlite, ids.map((r) => r.id), month);
}
