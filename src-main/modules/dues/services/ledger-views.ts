import { sql } from 'kysely';
import type { GridCell, GridRow, GridDto, SummaryRow } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { UNPAID_STATUSES, type MonthStatus } from '../domain/ledger.ts';
import { formatFen } from '../../../domain/money.ts';
import { lastDay, monthOf, type Month, type Period, yearMonths } from '../../../domain/periods.ts';
import { membersOnRoll } from '../../../services/roll.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { requireOrg } from './common.ts';
import { paidThroughMap } from './arrears.ts';
import { ensureMonthsThrough } from './ledger.ts';
import { accountHolders, balancesOf } from './accounts.ts';

// Read models of the ledger: the branch grid (members × 12 months), the publicity table's rows
// (docs/domain/dues.md#publication-sheet) and the yearly statistics per organization. Counts and 应交 run
// to the end of the period or to the current month, whichever is earlier (docs/domain/dues.md#accounts-across-levels).

/** the month up to which a period's months are due: its last month, or the current month if earlier */
export function dueThrough(periodTo: Month, today: string): Month {
  const now = monthOf(today);
  return periodTo < now ? periodTo : now;
}

/** the day the roll is counted for a period: its last day, or today if earlier */
export function rollDay(periodTo: Month, today: string): string {
  const end = lastDay(periodTo);
  return end < today ? end : today;
}

/** month rows for the year for the organization's members who have a standard (a cache fill, in the caller's transaction) */
export async function ensureOrgYear(ctx: ServiceContext, trx: Tx, orgId: number, year: number): Promise<void> {
  const dec = `${year}-12`;
  const ids = await trx
    .selectFrom('members as m')
    .select('m.id')
    .where('m.org_id', '=', orgId)
    .where('m.roll', '=', '在册')
    .where((eb) => eb.exists(eb.selectFrom('dues_standards as s').select('s.id').whereRef('s.member_id', '=', 'm.id').where('s.from_month', '<=', dec)))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('dues_months as d').select('d.month').whereRef('d.member_id', '=', 'm.id').where('d.month', '>=', dec))))
    .execute();
  ensureMonthsThrough(ctx.db.sqlite, ids.map((r) => r.id), dec);
}

interface StdRow { member_id: number; category: string; amount_fen: number; rate_label: string; draft: number; year: number; base_fen: number | null }

/** each member's standard in force at a month (the latest from_month ≤ month), in one query */
async function standardsAt(db: Tx, memberIds: number[], month: Month): Promise<Map<number, StdRow>> {
  const out = new Map<number, StdRow>();
  if (!memberIds.length) return out;
  const { rows } = await sql<StdRow>`SELECT member_id, category, amount_fen, rate_label, draft, year, base_fen FROM dues_standards
    WHERE member_id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)})) AND from_month <= ${month} ORDER BY member_id, from_month`.execute(db);
  for (const r of rows) out.set(r.member_id, r);
  return out;
}

function leftNote(m: { roll: string; left_on: string | null; org_id: number }, orgId: number, orgNames: Map<number, string>): string | null {
  if (m.roll !== '在册') return `已${m.roll}（${m.left_on ?? ''}）`;
  if (m.org_id !== orgId) return `已调整至${orgNames.get(m.org_id) ?? '其他组织'}`;
  return null;
}

export async function branchGrid(db: Tx, input: { orgId: number; year: number; asOf: Month }): Promise<GridDto> {
  const org = await requireOrg(db, { orgId: input.orgId });
  const months = yearMonths(input.year);
  const cells = await db.selectFrom('dues_months')
    .select(['member_id', 'month', 'due_fen', 'paid_fen', 'status', 'provisional'])
    .where('org_id', '=', org.id).where('month', '>=', months[0]).where('month', '<=', months[11])
    .execute();
  // members of the branch, plus those who owe months here from before a move or a leaving
  const ids = new Set<number>((await db.selectFrom('members').select('id').where('org_id', '=', org.id).where('roll', '=', '在册').execute()).map((r) => r.id));
  for (const c of cells) ids.add(c.member_id);
  const idList = [...ids];
  const members = idList.length
    ? (await sql<{ id: number; name: string; id_number: string; name_pinyin: string; roll: string; left_on: string | null; org_id: number }>`
        SELECT id, name, id_number, name_pinyin, roll, left_on, org_id FROM members WHERE id IN (SELECT value FROM json_each(${JSON.stringify(idList)}))`.execute(db)).rows
    : [];
  members.sort((a, b) => (a.name_pinyin < b.name_pinyin ? -1 : a.name_pinyin > b.name_pinyin ? 1 : a.id - b.id));
  const orgNames = new Map((await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
  const byMember = new Map<number, (GridCell | null)[]>();
  for (const c of cells) {
    const list = byMember.get(c.member_id) ?? Array<GridCell | null>(12).fill(null);
    list[Number(c.month.slice(5, 7)) - 1] = { month: c.month, status: c.status as MonthStatus, dueFen: c.due_fen, paidFen: c.paid_fen, provisional: c.provisional === 1 };
    byMember.set(c.member_id, list);
  }
  const std = await standardsAt(db, idList, months[11]);
  const through = await paidThroughMap(db, idList);
  const rows: GridRow[] = members.map((m) => {
    const s = std.get(m.id);
    const list = byMember.get(m.id) ?? Array<GridCell | null>(12).fill(null);
    return {
      memberId: m.id, name: m.name, idNumber: m.id_number, category: s?.category ?? null,
      standard: s ? formatFen(s.amount_fen) : null, standardFen: s?.amount_fen ?? null, rateLabel: s?.rate_label ?? null,
      provisional: s ? s.draft === 1 || s.year < input.year : false,
      cells: list, paidThrough: through.get(m.id) ?? null,
      owedMonths: list.filter((c) => c && c.month <= input.asOf && UNPAID_STATUSES.includes(c.status)).length,
      note: leftNote(m, org.id, orgNames),
    };
  });
  return { orgId: org.id, org: org.name, year: input.year, months, rows };
}

export interface PublicityRow {
  memberId: number;
  name: string;
  category: string;
  base: number | null;
  rateLabel: string;
  monthlyFen: number | null;
  dueFen: number | null;
  paidFen: number;
  paidMonths: string;
  paidThrough: string | null;
  remark: string;
}

const cnMonth = (m: string) => `${Number(m.slice(5, 7))}月`;

/**
 * 党费收缴公示表 rows for one organization and period (income base only when asked, for privacy):
 * 本期应交 up to `through` (the period's end or the current month), 本期实交 what was paid for the period's
 * months; the remark says what else the clerk must explain — months open, paid ahead, paid beyond what is
 * owed (a waiver after payment, money after leaving), the leaving itself. Members on the roll without a
 * standard are listed as 未核定.
 */
export async function publicityRows(db: Tx, orgId: number, period: Period, through: Month, day: string): Promise<PublicityRow[]> {
  const cells = await db.selectFrom('dues_months as d')
    .innerJoin('members as m', 'm.id', 'd.member_id')
    .select(['d.member_id', 'd.month', 'd.due_fen', 'd.paid_fen', 'd.status', 'd.paid_on', 'm.name', 'm.name_pinyin', 'm.roll', 'm.left_on', 'm.org_id'])
    .where('d.org_id', '=', orgId).where('d.month', '>=', period.from).where('d.month', '<=', period.to)
    .orderBy('m.name_pinyin').orderBy('d.member_id').orderBy('d.month')
    .execute();
  const groups = new Map<number, typeof cells>();
  for (const c of cells) {
    const g = groups.get(c.member_id);
    if (g) g.push(c);
    else groups.set(c.member_id, [c]);
  }
  // on the roll here on the day counted, without a standard: listed, so that the table counts everyone
  const onRoll = (await membersOnRoll(db, day, [orgId])).map((r) => r.memberId);
  const missing = onRoll.filter((id) => !groups.has(id));
  const unassessed = missing.length
    ? (await sql<{ id: number; name: string; name_pinyin: string }>`SELECT id, name, name_pinyin FROM members WHERE id IN (SELECT value FROM json_each(${JSON.stringify(missing)}))`.execute(db)).rows
    : [];
  const std = await standardsAt(db, [...groups.keys()], period.to);
  const paidThrough = await paidThroughMap(db, [...groups.keys()]);
  const orgNames = new Map((await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
  const out: (PublicityRow & { key: string })[] = [];
  for (const [memberId, list] of groups) {
    const first = list[0];
    const s = std.get(memberId);
    const due = list.filter((c) => c.month <= through);
    const notes: string[] = [];
    const open = due.filter((c) => UNPAID_STATUSES.includes(c.status as MonthStatus));
    if (open.length) notes.push(`${open.map((c) => cnMonth(c.month)).join('、')}${open.length === 1 ? open[0].status : '未交'}`);
    const ahead = list.filter((c) => c.month > through && c.paid_fen > 0);
    if (ahead.length) notes.push(`${ahead.map((c) => cnMonth(c.month)).join('、')}已预交`);
    const waived = due.filter((c) => c.status === '免交');
    if (waived.length) notes.push(`${waived.map((c) => cnMonth(c.month)).join('、')}免交`);
    const over = list.filter((c) => c.paid_fen > c.due_fen && c.month <= through);
    for (const c of over) {
      notes.push(c.due_fen === 0
        ? `${cnMonth(c.month)}已交${formatFen(c.paid_fen)}元，该月无需交纳（${first.roll !== '在册' && c.month > (first.left_on ?? '') ? '已离开' : '已批准免交'}），待退还或转作自愿多交`
        : `${cnMonth(c.month)}多交${formatFen(c.paid_fen - c.due_fen)}元`);
    }
    const left = leftNote(first, orgId, orgNames);
    if (left) notes.unshift(left);
    out.push({
      key: `${first.name_pinyin}\u0000${String(memberId).padStart(10, '0')}`,
      memberId, name: first.name, category: s?.category ?? '', base: s?.base_fen ?? null, rateLabel: s?.rate_label ?? '', monthlyFen: s?.amount_fen ?? null,
      dueFen: due.reduce((a, c) => a + c.due_fen, 0), paidFen: list.reduce((a, c) => a + c.paid_fen, 0),
      paidMonths: compressMonths(list.filter((c) => c.paid_fen > 0).map((c) => Number(c.month.slice(5, 7)))),
      paidThrough: paidThrough.get(memberId) ?? null, remark: notes.join('；'),
    });
  }
  for (const u of unassessed) {
    out.push({
      key: `${u.name_pinyin}\u0000${String(u.id).padStart(10, '0')}`, memberId: u.id, name: u.name, category: '', base: null, rateLabel: '', monthlyFen: null,
      dueFen: null, paidFen: 0, paidMonths: '', paidThrough: null, remark: '未核定党费标准，请尽快核定',
    });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ key: _k, ...r }) => r);
}

/** [1,2,3,5] → '1-3、5月' */
export function compressMonths(months: number[]): string {
  if (!months.length) return '';
  const parts: string[] = [];
  let start = months[0];
  let prev = months[0];
  for (const m of [...months.slice(1), -1]) {
    if (m === prev + 1) {
      prev = m;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = m;
    prev = m;
  }
  return `${parts.join('、')}月`;
}

/**
 * 党费收缴情况统计表: one row per organization that holds a dues account in the year (the committee too,
 * with no members of its own), for the year up to the end or today. 党员数 = on the roll that day (the
 * roster's count, unassessed members included); 应交, 实交 (within what was owed) and 欠交 up to the current
 * month, so that 应交 − 实交 = 欠交; money paid ahead or beyond what was owed is shown apart (预交及多交).
 */
export async function yearSummary(db: Tx, input: { year: number; scope: { id: number; path: string } | null; today: string }): Promise<SummaryRow[]> {
  const { year } = input;
  const through = dueThrough(`${year}-12`, input.today);
  const day = rollDay(`${year}-12`, input.today);
  const { rows: agg } = await sql<{ org_id: number; due: number; paid: number; extra: number }>`SELECT org_id,
      SUM(CASE WHEN month <= ${through} THEN due_fen ELSE 0 END) AS due,
      SUM(CASE WHEN month <= ${through} THEN MIN(paid_fen, due_fen) ELSE 0 END) AS paid,
      SUM(CASE WHEN month <= ${through} THEN MAX(paid_fen - due_fen, 0) ELSE paid_fen END) AS extra
    FROM dues_months INDEXED BY dues_months_org WHERE month BETWEEN ${`${year}-01`} AND ${`${year}-12`} GROUP BY org_id`.execute(db);
  const byOrg = new Map(agg.map((a) => [a.org_id, a]));
  const holders = await accountHolders(db, year, input.scope?.path ?? null);
  const counts = await rollCounts(db, day, input.today, holders.map((o) => o.id));
  const balances = await balancesOf(db, holders.map((o) => o.id), year);
  const out: SummaryRow[] = [];
  for (const o of holders) {
    const a = byOrg.get(o.id);
    const bal = balances.get(o.id)!;
    const due = Number(a?.due ?? 0);
    const paid = Number(a?.paid ?? 0);
    out.push({
      orgId: o.id, org: o.name, members: counts.get(o.id) ?? 0, dueFen: due, paidFen: paid, arrearsFen: due - paid, extraFen: Number(a?.extra ?? 0),
      openingFen: bal.openingFen, incomeFen: bal.incomeFen, remittedFen: bal.remittedFen, spentFen: bal.spentFen, allocatedFen: bal.allocatedFen,
      dueToCentreFen: bal.dueToCentreFen, closingFen: bal.closingFen,
    });
  }
  return out;
}

/**
 * Members on the roll of each organization on a day. Today that is the registry's own state (no event can be
 * dated after today), one grouped count; an earlier day is read through the members' dated events.
 */
export async function rollCounts(db: Tx, day: string, today: string, orgIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (day >= today) {
    const { rows } = await sql<{ org_id: number; n: number }>`SELECT org_id, COUNT(*) AS n FROM members INDEXED BY members_org_pinyin
      WHERE roll = '在册' AND org_id IN (SELECT value FROM json_each(${JSON.stringify(orgIds)})) GROUP BY org_id`.execute(db);
    for (const r of rows) counts.set(r.org_id, Number(r.n));
    return counts;
  }
  for (const r of await membersOnRoll(db, day, orgIds)) counts.set(r.orgId, (counts.get(r.orgId) ?? 0) + 1);
  return counts;
}

export function requireYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('VALIDATION', `年度不正确：${year}`, 'year');
  return year;
}
