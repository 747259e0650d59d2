import type { ArrearsEntry } from '../contract.ts';
import { ARREARS_LEVEL_LABELS, ARREARS_RISK, arrearsLevel, type ArrearsLevel } from '../domain/arrears.ts';
import { planMonth } from '../domain/ledger.ts';
import { formatFen } from '../../../domain/money.ts';
import { addMonths, monthFromIndex, monthIndex, monthOf, monthsBetween, parseMonth, type Month } from '../../../domain/periods.ts';
import { resolveOrg, type Sqlite } from './common.ts';
import { loadSpans } from './ledger.ts';

// The arrears list (docs/domain/dues.md#non-payment, V18): months owed from the first assessed month (预备党员
// not before admission) to the as-of month, approved waivers excluded, the unpaid run ending at the
// as-of month, warn 3 / escalate 5 / risk 6. A list to act on — nobody is removed automatically.

// One statement yields one row per member, already in list order (organization path, pinyin, id): the
// outer loop walks orgs by path, the inner one the roll of each org in pinyin order (members_org_pinyin),
// and the member's open months come from the member-first partial index dues_months_open (in month order:
// group_concat keeps it, checked below), so neither the GROUP BY nor the ORDER BY needs a sort. Months owed
// and their sum are aggregated in SQL; JS only builds the entries. has_row (is there a row for the as-of
// month?) is known without a lookup when the last open month is the as-of month.
// Benchmarked at 100,000 members (`npm run bench:dues`).
const ARREARS_SQL = `SELECT m.id, m.id_number, m.name, m.org_id, m.joined_on, m.left_on,
    group_concat(d.month) AS months, SUM(d.due_fen - d.paid_fen) AS fen,
    (SELECT MIN(s.from_month) FROM dues_standards s WHERE s.member_id = m.id) AS first_std,
    CASE WHEN MAX(d.month) = @asOf THEN 1
      ELSE EXISTS (SELECT 1 FROM dues_months r WHERE r.member_id = m.id AND r.month = @asOf) END AS has_row
  FROM orgs o INDEXED BY orgs_path
  CROSS JOIN members m INDEXED BY members_org_pinyin
  LEFT JOIN dues_months d INDEXED BY dues_months_open ON d.member_id = m.id
    AND d.status IN ('未交', '部分') AND d.month <= @asOf
    AND d.org_id IN (SELECT id FROM orgs WHERE path LIKE @like)
    AND d.month <= COALESCE(NULLIF(substr(m.left_on, 1, 7), ''), '9999-12')
  WHERE m.org_id = o.id AND m.roll = '在册'
  GROUP BY o.path, o.id, m.name_pinyin, m.id
  HAVING months IS NOT NULL OR (has_row = 0 AND first_std <= @asOf)
  ORDER BY o.path, o.id, m.name_pinyin, m.id`;

type ArrearsRow = [id: number, idNumber: string, name: string, orgId: number, joinedOn: string, leftOn: string | null,
  months: string | null, fen: number | null, firstStd: string | null, hasRow: number];

/** 'YYYY-MM' → months since year 0, without allocating (monthIndex's slices) in the per-member loop */
function fastIndex(m: string): number {
  return ((m.charCodeAt(0) - 48) * 1000 + (m.charCodeAt(1) - 48) * 100 + (m.charCodeAt(2) - 48) * 10 + (m.charCodeAt(3) - 48)) * 12
    + (m.charCodeAt(5) - 48) * 10 + (m.charCodeAt(6) - 48) - 1;
}

/** SQLite does not promise group_concat's order: trust the index order only after checking it */
function ascending(list: string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1] >= list[i]) return false;
  return true;
}

export function computeArrears(sqlite: Sqlite, input: { asOf: string; orgId?: number | null; org?: string | null }): ArrearsEntry[] {
  const asOf = parseMonth(input.asOf, 'asOf');
  const scope = input.orgId != null || input.org ? resolveOrg(sqlite, input) : null;
  const like = scope ? `${scope.path}%` : '%';
  const orgNames = new Map(sqlite.prepare('SELECT id, name FROM orgs').raw().all() as [number, string][]);
  const rows = sqlite.prepare(ARREARS_SQL).raw().all({ asOf, like }) as ArrearsRow[];

  // approved 免交 months neither count nor break the run
  const waived = new Map<number, Set<string>>();
  for (const w of sqlite.prepare(`SELECT member_id, from_month, to_month FROM dues_waivers WHERE type = '免交' AND revoked_at IS NULL AND from_month <= ?`).all(asOf) as
    { member_id: number; from_month: string; to_month: string }[]) {
    const set = waived.get(w.member_id) ?? new Set<string>();
    for (const m of monthsBetween(w.from_month, w.to_month < asOf ? w.to_month : asOf)) set.add(m);
    waived.set(w.member_id, set);
  }
  let tailCtx: Tail | null = null;
  const asOfIndex = monthIndex(asOf);
  // 党费交至年月 is mostly the same few months: one string each
  const monthBefore = new Map<string, string>();
  const out: ArrearsEntry[] = [];
  for (const r of rows) {
    const memberId = r[0];
    let list: string[] = r[6] === null ? [] : r[6].split(',');
    if (!ascending(list)) list.sort();
    let fen = r[7] ?? 0;
    if (r[9] === 0 && r[8] !== null && r[8] <= asOf) {
      // the tail: the as-of month has no row yet (a new year before its assessment) — the months after the
      // member's last row are planned with the carried-over standard, provisionally
      tailCtx ??= {
        inScope: new Set((sqlite.prepare('SELECT id FROM orgs WHERE path LIKE ?').raw().all(like) as [number][]).map((o) => o[0])),
        lastRow: sqlite.prepare('SELECT month, org_id FROM dues_months WHERE member_id = ? ORDER BY month DESC LIMIT 1'),
      };
      const tail = tailMonths(sqlite, tailCtx, memberId, r, asOf);
      if (tail.months.length) {
        list = list.concat(tail.months);
        fen += tail.fen;
      }
    }
    if (!list.length) continue;
    // walk back from the as-of month over the sorted open months (no per-member sets)
    const w = waived.get(memberId);
    let run = 0;
    let expected = asOfIndex;
    for (let i = list.length - 1; i >= 0; ) {
      const idx = fastIndex(list[i]);
      if (idx === expected) {
        run++;
        expected--;
        i--;
      } else if (idx < expected && w?.has(monthFromIndex(expected))) expected--;
      else break;
    }
    // 党费交至年月: the month before the first open month, unless that is the member's first month owed
    const firstOwed = list[0];
    const fs = r[8] ?? firstOwed;
    const jm = r[4] ? monthOf(r[4]) : fs;
    const start = jm > fs ? jm : fs;
    let paidThrough: string | null = null;
    if (firstOwed > start) {
      paidThrough = monthBefore.get(firstOwed) ?? null;
      if (paidThrough === null) monthBefore.set(firstOwed, (paidThrough = addMonths(firstOwed, -1)));
    }
    const level = arrearsLevel(run);
    out.push({
      memberId, idNumber: r[1], name: r[2], org: orgNames.get(r[3]) ?? '', orgId: r[3],
      monthsOwed: list, amountOwed: formatFen(fen), amountOwedFen: fen, consecutiveMonths: run,
      risk: run >= ARREARS_RISK, level, levelText: ARREARS_LEVEL_LABELS[level],
      paidThrough,
    });
  }
  return out;
}

/** what the tail needs, prepared once for all members concerned */
interface Tail { inScope: Set<number>; lastRow: ReturnType<Sqlite['prepare']> }

/** months not materialized yet: the carried-over standard applies provisionally (rare: one member at a time) */
function tailMonths(sqlite: Sqlite, t: Tail, memberId: number, r: ArrearsRow, asOf: Month): { months: string[]; fen: number } {
  const months: string[] = [];
  let fen = 0;
  const last = t.lastRow.get(memberId) as { month: string; org_id: number } | undefined;
  if (!t.inScope.has(last?.org_id ?? r[3])) return { months, fen };
  const { standards, waivers } = loadSpans(sqlite, memberId);
  const from = last ? addMonths(last.month, 1) : standards[0].fromMonth;
  const ctx = { standards, waivers, joinedMonth: r[4] ? monthOf(r[4]) : null, leftMonth: r[5] ? monthOf(r[5]) : null };
  for (const month of monthsBetween(from, asOf)) {
    const plan = planMonth(month, ctx);
    if (plan && !plan.waived && plan.dueFen > 0) {
      months.push(month);
      fen += plan.dueFen;
    }
  }
  return { months, fen };
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
