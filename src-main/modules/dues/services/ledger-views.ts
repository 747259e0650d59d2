import type { GridCell, GridRow, GridDto, SummaryRow } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { UNPAID_STATUSES, type MonthStatus } from '../domain/ledger.ts';
import { formatFen } from '../../../domain/money.ts';
import { monthOf, type Month, type Period, yearMonths } from '../../../domain/periods.ts';
import { resolveOrg, type Sqlite } from './common.ts';
import { paidThroughMap } from './arrears.ts';
import { rebuildMemberMonths } from './ledger.ts';
import { balanceOf } from './accounts.ts';

// Read models of the ledger: the branch grid (members × 12 months), the publicity table's rows
// (docs/domain/dues.md#publication-sheet) and the yearly statistics per organization.

/** month rows for the year for members of the organization who have a standard (a cache fill, in the caller's transaction) */
export function ensureOrgYear(sqlite: Sqlite, orgId: number, year: number, currentMonth: Month): void {
  const dec = `${year}-12`;
  // members moved here by the registry (members.move keeps no dated event): their unpaid months after
  // the current month follow them; the current month stays owed to the sending branch
  sqlite.prepare(`UPDATE dues_months SET org_id = ? WHERE member_id IN (SELECT id FROM members WHERE org_id = ? AND roll = '在册')
      AND org_id <> ? AND month > ? AND paid_fen = 0`).run(orgId, orgId, orgId, currentMonth);
  const ids = sqlite.prepare(`SELECT m.id FROM members m WHERE m.org_id = ? AND m.roll = '在册'
      AND EXISTS (SELECT 1 FROM dues_standards s WHERE s.member_id = m.id AND s.from_month <= ?)
      AND NOT EXISTS (SELECT 1 FROM dues_months d WHERE d.member_id = m.id AND d.month = ?)`).all(orgId, dec, dec) as { id: number }[];
  for (const { id } of ids) rebuildMemberMonths(sqlite, id, { through: dec });
}

export function branchGrid(sqlite: Sqlite, input: { orgId: number; year: number; asOf: Month }): GridDto {
  const org = resolveOrg(sqlite, { orgId: input.orgId });
  const months = yearMonths(input.year);
  const cells = sqlite.prepare(`SELECT member_id, month, due_fen, paid_fen, status, provisional FROM dues_months WHERE org_id = ? AND month BETWEEN ? AND ?`)
    .all(org.id, months[0], months[11]) as { member_id: number; month: string; due_fen: number; paid_fen: number; status: MonthStatus; provisional: number }[];
  // members of the branch, plus those who owe months here from before a transfer
  const ids = new Set<number>((sqlite.prepare(`SELECT id FROM members WHERE org_id = ? AND roll = '在册'`).all(org.id) as { id: number }[]).map((r) => r.id));
  for (const c of cells) ids.add(c.member_id);
  const idList = [...ids];
  const members = idList.length
    ? (sqlite.prepare(`SELECT id, name, id_number, name_pinyin FROM members WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(idList)) as
      { id: number; name: string; id_number: string; name_pinyin: string }[])
    : [];
  members.sort((a, b) => (a.name_pinyin < b.name_pinyin ? -1 : a.name_pinyin > b.name_pinyin ? 1 : a.id - b.id));
  const byMember = new Map<number, (GridCell | null)[]>();
  for (const c of cells) {
    const list = byMember.get(c.member_id) ?? Array<GridCell | null>(12).fill(null);
    list[Number(c.month.slice(5, 7)) - 1] = { month: c.month, status: c.status, dueFen: c.due_fen, paidFen: c.paid_fen, provisional: c.provisional === 1 };
    byMember.set(c.member_id, list);
  }
  const std = sqlite.prepare(`SELECT category, amount_fen, rate_label, draft, year FROM dues_standards WHERE member_id = ? AND from_month <= ? ORDER BY from_month DESC LIMIT 1`);
  const through = paidThroughMap(sqlite, idList);
  const rows: GridRow[] = members.map((m) => {
    const s = std.get(m.id, months[11]) as { category: string; amount_fen: number; rate_label: string; draft: number; year: number } | undefined;
    const list = byMember.get(m.id) ?? Array<GridCell | null>(12).fill(null);
    return {
      memberId: m.id, name: m.name, idNumber: m.id_number, category: s?.category ?? null,
      standard: s ? formatFen(s.amount_fen) : null, standardFen: s?.amount_fen ?? null, rateLabel: s?.rate_label ?? null,
      provisional: s ? s.draft === 1 || s.year < input.year : false,
      cells: list, paidThrough: through.get(m.id) ?? null,
      owedMonths: list.filter((c) => c && c.month <= input.asOf && UNPAID_STATUSES.includes(c.status)).length,
    };
  });
  return { orgId: org.id, org: org.name, year: input.year, months, rows };
}

export interface PublicityRow {
  name: string;
  category: string;
  base: number | null;
  rateLabel: string;
  monthlyFen: number;
  dueFen: number;
  paidFen: number;
  paidMonths: string;
  paidThrough: string | null;
  remark: string;
}

/** 党费收缴公示表 rows for one branch and period (income base only when asked, for privacy) */
export function publicityRows(sqlite: Sqlite, orgId: number, period: Period): PublicityRow[] {
  const cells = sqlite.prepare(`SELECT d.member_id, d.month, d.due_fen, d.paid_fen, d.status, d.standard_id, m.name, m.name_pinyin
      FROM dues_months d JOIN members m ON m.id = d.member_id WHERE d.org_id = ? AND d.month BETWEEN ? AND ? ORDER BY m.name_pinyin, d.member_id, d.month`)
    .all(orgId, period.from, period.to) as { member_id: number; month: string; due_fen: number; paid_fen: number; status: MonthStatus; standard_id: number; name: string }[];
  const std = sqlite.prepare('SELECT category, base_fen, rate_label, amount_fen FROM dues_standards WHERE id = ?');
  const groups = new Map<number, typeof cells>();
  for (const c of cells) groups.set(c.member_id, [...(groups.get(c.member_id) ?? []), c]);
  const through = paidThroughMap(sqlite, [...groups.keys()]);
  const out: PublicityRow[] = [];
  for (const [memberId, list] of groups) {
    const last = list[list.length - 1];
    const s = std.get(last.standard_id) as { category: string; base_fen: number | null; rate_label: string; amount_fen: number };
    const paid = list.filter((c) => c.paid_fen > 0).map((c) => Number(c.month.slice(5, 7)));
    const notes = list.filter((c) => c.status !== '已交').map((c) => `${Number(c.month.slice(5, 7))}月${c.status}`);
    out.push({
      name: last.name, category: s.category, base: s.base_fen, rateLabel: s.rate_label, monthlyFen: s.amount_fen,
      dueFen: list.reduce((a, c) => a + c.due_fen, 0), paidFen: list.reduce((a, c) => a + c.paid_fen, 0),
      paidMonths: compressMonths(paid), paidThrough: through.get(memberId) ?? null, remark: notes.join('，'),
    });
  }
  return out;
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

/** 党费收缴情况统计表: per organization with direct members (or one organization), for a year */
export function yearSummary(sqlite: Sqlite, input: { year: number; orgId?: number | null; org?: string | null; today: string }): SummaryRow[] {
  const { year } = input;
  const scope = input.orgId != null || input.org ? resolveOrg(sqlite, input) : null;
  const asOf = `${year}-12` < monthOf(input.today) ? `${year}-12` : monthOf(input.today);
  // one pass over the year's member-months, grouped by the organization they are owed to
  const agg = sqlite.prepare(`SELECT org_id, COUNT(DISTINCT member_id) AS members, SUM(due_fen) AS due, SUM(paid_fen) AS paid,
      SUM(CASE WHEN month <= ? AND status IN ('未交', '部分') THEN due_fen - paid_fen ELSE 0 END) AS arrears
      FROM dues_months INDEXED BY dues_months_org WHERE month BETWEEN ? AND ? ${scope ? 'AND org_id = ?' : ''} GROUP BY org_id`)
    .all(...(scope ? [asOf, `${year}-01`, `${year}-12`, scope.id] : [asOf, `${year}-01`, `${year}-12`])) as
    { org_id: number; members: number; due: number; paid: number; arrears: number }[];
  const byOrg = new Map(agg.map((a) => [a.org_id, a]));
  // organizations with direct members on the roll, even if nothing is recorded yet
  const orgs = sqlite.prepare(`SELECT o.id, o.name, o.path FROM orgs o WHERE ${scope ? 'o.id = ?' : `EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id AND m.roll = '在册')`} ORDER BY o.path, o.sort_order`)
    .all(...(scope ? [scope.id] : [])) as { id: number; name: string; path: string }[];
  const known = new Set(orgs.map((o) => o.id));
  for (const a of agg) if (!known.has(a.org_id)) orgs.push({ ...(sqlite.prepare('SELECT id, name, path FROM orgs WHERE id = ?').get(a.org_id) as { id: number; name: string; path: string }) });
  return orgs.map((o) => {
    const a = byOrg.get(o.id);
    const bal = balanceOf(sqlite, o.id, year);
    return {
      orgId: o.id, org: o.name, members: a?.members ?? 0, dueFen: a?.due ?? 0, paidFen: a?.paid ?? 0, arrearsFen: a?.arrears ?? 0,
      openingFen: bal.openingFen, incomeFen: bal.incomeFen, remittedFen: bal.remittedFen, spentFen: bal.spentFen, closingFen: bal.closingFen,
    };
  });
}

export function requireYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('VALIDATION', `年度不正确：${year}`, 'year');
  return year;
}
