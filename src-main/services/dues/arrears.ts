import { ARREARS_LEVEL_LABELS, ARREARS_RISK, arrearsLevel, type ArrearsLevel } from '../../domain/dues/arrears.ts';
import { planMonth } from '../../domain/dues/ledger.ts';
import { formatFen } from '../../domain/dues/money.ts';
import { addMonths, monthIndex, monthOf, monthsBetween, parseMonth, type Month } from '../../domain/dues/months.ts';
import { resolveOrg, type Sqlite } from './common.ts';
import { loadSpans } from './ledger.ts';

// The arrears list (domain-reference §3.6, V18): months owed from the first assessed month (预备党员
// not before admission) to the as-of month, approved waivers excluded, the unpaid run ending at the
// as-of month, warn 3 / escalate 5 / risk 6. A list to act on — nobody is removed automatically.

export interface ArrearsEntry {
  memberId: number;
  idNumber: string;
  name: string;
  org: string;
  orgId: number;
  monthsOwed: string[];
  amountOwed: string;
  amountOwedFen: number;
  consecutiveMonths: number;
  risk: boolean;
  level: ArrearsLevel;
  levelText: string;
  /** 党费交至年月 */
  paidThrough: string | null;
}

interface OpenRow { member_id: number; month: string; owed: number; name: string; id_number: string; org_id: number; org: string; sort: string }

export function computeArrears(sqlite: Sqlite, input: { asOf: string; orgId?: number | null; org?: string | null }): ArrearsEntry[] {
  const asOf = parseMonth(input.asOf, 'asOf');
  const scope = input.orgId != null || input.org ? resolveOrg(sqlite, input) : null;
  const like = scope ? `${scope.path}%` : '%';
  // open (未交/部分) months through the partial index; members still on the roll, months up to leaving
  const rows = sqlite.prepare(`SELECT d.member_id, d.month, d.due_fen - d.paid_fen AS owed, m.name, m.id_number, m.org_id, o.name AS org, o.path || m.name_pinyin AS sort
      FROM dues_months d INDEXED BY dues_months_open
      JOIN members m ON m.id = d.member_id
      JOIN orgs o ON o.id = m.org_id
      JOIN orgs od ON od.id = d.org_id
      WHERE d.status IN ('未交', '部分') AND d.month <= ? AND m.roll = '在册'
        AND (m.left_on IS NULL OR d.month <= substr(m.left_on, 1, 7)) AND od.path LIKE ?`).all(asOf, like) as OpenRow[];

  // months not materialized yet (a new year before its assessment): the carried-over standard applies provisionally
  const tail = sqlite.prepare(`SELECT m.id, m.name, m.id_number, m.org_id, o.name AS org, o.path || m.name_pinyin AS sort, m.joined_on, m.left_on
      FROM members m JOIN orgs o ON o.id = m.org_id
      WHERE m.roll = '在册' AND o.path LIKE ?
        AND EXISTS (SELECT 1 FROM dues_standards s WHERE s.member_id = m.id AND s.from_month <= ?)
        AND NOT EXISTS (SELECT 1 FROM dues_months d WHERE d.member_id = m.id AND d.month = ?)`).all(like, asOf, asOf) as
    { id: number; name: string; id_number: string; org_id: number; org: string; sort: string; joined_on: string; left_on: string | null }[];
  const lastRow = sqlite.prepare('SELECT month FROM dues_months WHERE member_id = ? ORDER BY month DESC LIMIT 1');
  for (const t of tail) {
    const { standards, waivers } = loadSpans(sqlite, t.id);
    const last = (lastRow.get(t.id) as { month: string } | undefined)?.month ?? null;
    const from = last ? addMonths(last, 1) : standards[0].fromMonth;
    const ctx = { standards, waivers, joinedMonth: t.joined_on ? monthOf(t.joined_on) : null, leftMonth: t.left_on ? monthOf(t.left_on) : null };
    for (const month of monthsBetween(from, asOf)) {
      const plan = planMonth(month, ctx);
      if (plan && !plan.waived && plan.dueFen > 0) rows.push({ member_id: t.id, month, owed: plan.dueFen, name: t.name, id_number: t.id_number, org_id: t.org_id, org: t.org, sort: t.sort });
    }
  }

  const byMember = new Map<number, OpenRow[]>();
  for (const r of rows) {
    const list = byMember.get(r.member_id);
    if (list) list.push(r);
    else byMember.set(r.member_id, [r]);
  }
  // approved 免交 months neither count nor break the run (§3.6)
  const waived = new Map<number, Set<string>>();
  for (const w of sqlite.prepare(`SELECT member_id, from_month, to_month FROM dues_waivers WHERE type = '免交' AND revoked_at IS NULL AND from_month <= ?`).all(asOf) as
    { member_id: number; from_month: string; to_month: string }[]) {
    const set = waived.get(w.member_id) ?? new Set<string>();
    for (const m of monthsBetween(w.from_month, w.to_month < asOf ? w.to_month : asOf)) set.add(m);
    waived.set(w.member_id, set);
  }
  const hasRow = sqlite.prepare('SELECT 1 FROM dues_months WHERE member_id = ? AND month = ?');
  const out: (ArrearsEntry & { sort: string })[] = [];
  for (const [memberId, list] of byMember) {
    list.sort((a, b) => (a.month < b.month ? -1 : 1));
    const owedSet = new Set(list.map((r) => r.month));
    const w = waived.get(memberId);
    let run = 0;
    for (let i = monthIndex(asOf); ; i--) {
      const m = addMonths(asOf, i - monthIndex(asOf));
      if (owedSet.has(m)) run++;
      else if (w?.has(m)) continue;
      else break;
    }
    const before = addMonths(list[0].month, -1);
    const amount = list.reduce((s, r) => s + r.owed, 0);
    const level = arrearsLevel(run);
    out.push({
      memberId, idNumber: list[0].id_number, name: list[0].name, org: list[0].org, orgId: list[0].org_id,
      monthsOwed: list.map((r) => r.month), amountOwed: formatFen(amount), amountOwedFen: amount, consecutiveMonths: run,
      risk: run >= ARREARS_RISK, level, levelText: ARREARS_LEVEL_LABELS[level],
      paidThrough: hasRow.get(memberId, before) ? before : null, sort: list[0].sort,
    });
  }
  out.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : a.memberId - b.memberId));
  return out.map(({ sort: _s, ...e }) => e);
}

/** 党费交至年月 for many members at once: the month before the first open month, else the last settled month */
export function paidThroughMap(sqlite: Sqlite, memberIds: number[]): Map<number, Month | null> {
  const firstOpen = sqlite.prepare(`SELECT MIN(month) AS m FROM dues_months WHERE member_id = ? AND status IN ('未交', '部分')`);
  const firstRow = sqlite.prepare('SELECT MIN(month) AS first, MAX(CASE WHEN status NOT IN (\'未交\', \'部分\') THEN month END) AS last FROM dues_months WHERE member_id = ?');
  const out = new Map<number, Month | null>();
  for (const id of memberIds) {
    const open = (firstOpen.get(id) as { m: string | null }).m;
    const r = firstRow.get(id) as { first: string | null; last: string | null };
    if (!r.first) out.set(id, null);
    else if (open) out.set(id, open > r.first ? addMonths(open, -1) : null);
    else out.set(id, r.last);
  }
  return out;
}
