import { ARREARS_LEVEL_LABELS, ARREARS_RISK, arrearsLevel, type ArrearsLevel } from '../../domain/dues/arrears.ts';
import { planMonth } from '../../domain/dues/ledger.ts';
import { formatFen } from '../../domain/dues/money.ts';
import { addMonths, monthFromIndex, monthIndex, monthOf, monthsBetween, parseMonth, type Month } from '../../domain/dues/months.ts';
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

interface Owed { months: string[]; fen: number }

export function computeArrears(sqlite: Sqlite, input: { asOf: string; orgId?: number | null; org?: string | null }): ArrearsEntry[] {
  const asOf = parseMonth(input.asOf, 'asOf');
  const scope = input.orgId != null || input.org ? resolveOrg(sqlite, input) : null;
  const like = scope ? `${scope.path}%` : '%';
  const inScope = new Set((sqlite.prepare('SELECT id FROM orgs WHERE path LIKE ?').all(like) as { id: number }[]).map((o) => o.id));
  // open (未交/部分) months through the covering partial index
  const open = sqlite.prepare(`SELECT member_id, month, org_id, due_fen - paid_fen AS owed FROM dues_months INDEXED BY dues_months_open
      WHERE status IN ('未交', '部分') AND month <= ? ORDER BY month`).raw().all(asOf) as [number, string, number, number][];
  // the tail: members whose as-of month has no row yet (a new year before its assessment)
  const tail = (sqlite.prepare(`SELECT m.id FROM members m
      WHERE m.roll = '在册'
        AND NOT EXISTS (SELECT 1 FROM dues_months d WHERE d.member_id = m.id AND d.month = ?)
        AND EXISTS (SELECT 1 FROM dues_standards s WHERE s.member_id = m.id AND s.from_month <= ?)`).raw().all(asOf, asOf) as [number][]).map((r) => r[0]);
  // only the members concerned are read, in one statement each (no per-row joins or lookups)
  const ids = new Set<number>(tail);
  for (const r of open) ids.add(r[0]);
  const idJson = JSON.stringify([...ids]);
  const orgs = new Map((sqlite.prepare('SELECT id, name, path FROM orgs').all() as { id: number; name: string; path: string }[]).map((o) => [o.id, o]));
  const members = new Map<number, MemberInfo>();
  // a long list of ids costs more than one scan of the roll
  const memberSql = `SELECT id, name, id_number, org_id, name_pinyin, joined_on, left_on FROM members WHERE roll = '在册'`;
  const memberRows = (ids.size > 20_000 ? sqlite.prepare(memberSql).all() : sqlite.prepare(`${memberSql} AND id IN (SELECT value FROM json_each(?))`).all(idJson)) as MemberInfo[];
  for (const m of memberRows) members.set(m.id, m);
  const firstStd = new Map((ids.size > 20_000
    ? sqlite.prepare('SELECT member_id, MIN(from_month) FROM dues_standards GROUP BY member_id').raw().all()
    : sqlite.prepare(`SELECT member_id, MIN(from_month) FROM dues_standards WHERE member_id IN (SELECT value FROM json_each(?)) GROUP BY member_id`).raw().all(idJson)) as [number, string][]);
  // grouped per member as read: the index yields months in ascending order, and the tail months below
  // come after a member's last row, so each list is already sorted
  const byMember = new Map<number, Owed>();
  const add = (memberId: number, month: string, owed: number) => {
    const o = byMember.get(memberId);
    if (o) {
      o.months.push(month);
      o.fen += owed;
    } else byMember.set(memberId, { months: [month], fen: owed });
  };
  for (const r of open) {
    const m = members.get(r[0]);
    if (!m || !inScope.has(r[2]) || (m.left_on && r[1] > monthOf(m.left_on))) continue; // months up to leaving only
    add(r[0], r[1], r[3]);
  }

  // months not materialized yet: the carried-over standard applies provisionally
  const lastRow = sqlite.prepare('SELECT month, org_id FROM dues_months WHERE member_id = ? ORDER BY month DESC LIMIT 1');
  for (const id of tail) {
    const t = members.get(id);
    if (!t) continue;
    const last = lastRow.get(id) as { month: string; org_id: number } | undefined;
    if (!inScope.has(last?.org_id ?? t.org_id)) continue;
    const { standards, waivers } = loadSpans(sqlite, id);
    const from = last ? addMonths(last.month, 1) : standards[0].fromMonth;
    const ctx = { standards, waivers, joinedMonth: t.joined_on ? monthOf(t.joined_on) : null, leftMonth: t.left_on ? monthOf(t.left_on) : null };
    for (const month of monthsBetween(from, asOf)) {
      const plan = planMonth(month, ctx);
      if (plan && !plan.waived && plan.dueFen > 0) add(id, month, plan.dueFen);
    }
  }

  // approved 免交 months neither count nor break the run (§3.6)
  const waived = new Map<number, Set<string>>();
  for (const w of sqlite.prepare(`SELECT member_id, from_month, to_month FROM dues_waivers WHERE type = '免交' AND revoked_at IS NULL AND from_month <= ?`).all(asOf) as
    { member_id: number; from_month: string; to_month: string }[]) {
    const set = waived.get(w.member_id) ?? new Set<string>();
    for (const m of monthsBetween(w.from_month, w.to_month < asOf ? w.to_month : asOf)) set.add(m);
    waived.set(w.member_id, set);
  }
  const asOfIndex = monthIndex(asOf);
  const out: ArrearsEntry[] = [];
  const keys: string[] = [];
  for (const [memberId, owed] of byMember) {
    const list = owed.months;
    const m = members.get(memberId)!;
    // walk back from the as-of month over the sorted open months (no per-member sets)
    const w = waived.get(memberId);
    let run = 0;
    let expected = asOfIndex;
    for (let i = list.length - 1; i >= 0; ) {
      const idx = monthIndex(list[i]);
      if (idx === expected) {
        run++;
        expected--;
        i--;
      } else if (idx < expected && w?.has(monthFromIndex(expected))) expected--;
      else break;
    }
    // 党费交至年月: the month before the first open month, unless that is the member's first month owed
    const firstOwed = list[0];
    const fs = firstStd.get(memberId) ?? firstOwed;
    const jm = m.joined_on ? monthOf(m.joined_on) : fs;
    const start = jm > fs ? jm : fs;
    const amount = owed.fen;
    const level = arrearsLevel(run);
    out.push({
      memberId, idNumber: m.id_number, name: m.name, org: orgs.get(m.org_id)?.name ?? '', orgId: m.org_id,
      monthsOwed: list, amountOwed: formatFen(amount), amountOwedFen: amount, consecutiveMonths: run,
      risk: run >= ARREARS_RISK, level, levelText: ARREARS_LEVEL_LABELS[level],
      paidThrough: firstOwed > start ? addMonths(firstOwed, -1) : null,
    });
    keys.push(`${orgs.get(m.org_id)?.path ?? ''}\u0000${m.name_pinyin}\u0000${String(memberId).padStart(10, '0')}`);
  }
  // by organization, then pinyin (one key per entry, compared as plain strings)
  const order = out.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  return order.map((i) => out[i]);
}

interface MemberInfo { id: number; name: string; id_number: string; org_id: number; name_pinyin: string; joined_on: string; left_on: string | null }

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
