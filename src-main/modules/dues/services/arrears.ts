import { sql, type RawBuilder } from 'kysely';
import type { ArrearsEntry } from '../contract.ts';
import { ARREARS_LEVEL_LABELS, ARREARS_RISK, arrearsLevel, longestOpenRun } from '../domain/arrears.ts';
import { planMonth, type WaiverSpan, type WaiverType } from '../domain/ledger.ts';
import { formatFen } from '../../../domain/money.ts';
import { addMonths, lastDay, monthFromIndex, monthIndex, monthOf, type Month } from '../../../domain/periods.ts';
import { orgForMonth, rollSpans, rollStart, type RollEvent } from '../../../domain/roll.ts';
import type { Tx } from '../../../services/context.ts';

// The arrears list, 欠交党费名单 (docs/domain/dues.md#non-payment, V18): every open month up to the as-of
// month, approved waivers excluded; the longest run of open months (a later payment does not hide earlier
// arrears) gives warn 3 / escalate 5 / risk 6. Members who left keep their open months before leaving
// (marked with the leaving) until paid or waived; members on the roll without a standard are listed as
// unassessed. A list to act on — nobody is removed automatically.
//
// Read set-based, each list already in list order (organization path, pinyin, id) and merged: the members
// on the roll with open months (orgs by path, each org's roll in pinyin order through members_org_pinyin,
// their open months from the member-first partial index dues_months_open); those who left with open
// months; those whose rows stop before the as-of month (a new year before its assessment: the months after
// are planned in memory from the carried-over standard, the waivers and the roll, read once for all); and
// the unassessed. Benchmarked at 100,000 members (`npm run bench:dues`).

interface Row {
  path: string;
  id: number;
  id_number: string;
  name: string;
  name_pinyin: string;
  org_id: number;
  joined_on: string;
  entered_on: string | null;
  roll: string;
  left_on: string | null;
  months: string | null;
  fen: number | null;
}

/** a member of the list, with what planning the months after its last row needs (when asked for) */
interface ListRow extends Row {
  first_std: string | null;
  last_month?: string | null;
  std_id?: number | null;
  std_fen?: number | null;
  std_year?: number | null;
  std_draft?: number | null;
  std_from?: string | null;
}

/** the longest run of open months (sorted 'YYYY-MM'), waived months bridging (domain/arrears.ts longestOpenRun) */
function longestRun(list: string[], waived: ReadonlySet<number> | undefined): number {
  if (!waived) {
    let best = 0;
    let run = 0;
    let prev = -2;
    for (const m of list) {
      const i = fastIndex(m);
      run = i === prev + 1 ? run + 1 : 1;
      if (run > best) best = run;
      prev = i;
    }
    return best;
  }
  return longestOpenRun(list.map(fastIndex), waived);
}

/** 'YYYY-MM' → months since year 0, without allocating */
function fastIndex(m: string): number {
  return ((m.charCodeAt(0) - 48) * 1000 + (m.charCodeAt(1) - 48) * 100 + (m.charCodeAt(2) - 48) * 10 + (m.charCodeAt(3) - 48)) * 12
    + (m.charCodeAt(5) - 48) * 10 + (m.charCodeAt(6) - 48) - 1;
}

/** SQLite does not promise group_concat's order: trust the index order only after checking it */
function ascending(list: string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1] >= list[i]) return false;
  return true;
}

/** list order: organization path, then pinyin, then id */
function compareRows(a: Row, b: Row): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.name_pinyin !== b.name_pinyin) return a.name_pinyin < b.name_pinyin ? -1 : 1;
  return a.id - b.id;
}

/** several lists, each in list order, as one (a member in several lists comes once, its parts together) */
function mergeInOrder<T extends { row: Row }>(lists: T[][], combine: (a: T, b: T) => T): T[] {
  const nonEmpty = lists.filter((l) => l.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const pos = nonEmpty.map(() => 0);
  const out: T[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < nonEmpty.length; i++) {
      if (pos[i] >= nonEmpty[i].length) continue;
      if (best < 0 || compareRows(nonEmpty[i][pos[i]].row, nonEmpty[best][pos[best]].row) < 0) best = i;
    }
    if (best < 0) return out;
    const item = nonEmpty[best][pos[best]++];
    const last = out[out.length - 1];
    if (last && last.row.id === item.row.id) out[out.length - 1] = combine(last, item);
    else out.push(item);
  }
}

const MEMBER_COLS = sql`o.path, m.id, m.id_number, m.name, m.name_pinyin, m.org_id, m.joined_on, m.entered_on, m.roll, m.left_on`;

export async function computeArrears(db: Tx, input: { asOf: Month; scope: { id: number; path: string } | null }): Promise<ArrearsEntry[]> {
  const { asOf } = input;
  const asOfEnd = lastDay(asOf);
  const yearStart = `${asOf.slice(0, 4)}-01`;
  const orgs = await db.selectFrom('orgs').select(['id', 'name', 'path']).execute();
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const inScope = new Set(orgs.filter((o) => !input.scope || o.path.startsWith(input.scope.path)).map((o) => o.id));
  const scopeIds = JSON.stringify([...inScope]);
  // members held in the scope now; their months owed to organizations of the scope
  const orgWhere: RawBuilder<unknown> = input.scope ? sql`AND o.path LIKE ${`${input.scope.path}%`}` : sql``;
  const monthsInScope: RawBuilder<unknown> = input.scope ? sql`AND d.org_id IN (SELECT value FROM json_each(${scopeIds}))` : sql``;
  const openMonths = sql`LEFT JOIN dues_months d INDEXED BY dues_months_open ON d.member_id = m.id
      AND d.status IN ('未交', '部分') AND d.month <= ${asOf} ${monthsInScope}`;

  // may any member still on a roll have rows that stop before the as-of month? Only if some member's
  // standards are all of earlier years (the rebuild materializes a standard's months through December of its
  // year): two index counts, and the new-year planning is skipped when none is
  const year = Number(asOf.slice(0, 4));
  const { rows: counts } = await sql<{ all_: number; current: number }>`SELECT
      (SELECT COUNT(DISTINCT member_id) FROM dues_standards) AS all_,
      (SELECT COUNT(DISTINCT member_id) FROM dues_standards INDEXED BY dues_standards_year WHERE year >= ${year}) AS current`.execute(db);
  const mayTail = Number(counts[0].all_) > Number(counts[0].current);
  // the latest standard and the last row, read in the same pass (only when planning may be needed)
  const latestCols = mayTail
    ? sql`, x.id AS std_id, x.amount_fen AS std_fen, x.year AS std_year, x.draft AS std_draft, x.from_month AS std_from,
        CASE WHEN x.year < ${year} THEN (SELECT MAX(r.month) FROM dues_months r WHERE r.member_id = m.id) END AS last_month`
    : sql``;
  const latestJoin = mayTail
    ? sql`LEFT JOIN dues_standards x ON x.member_id = m.id AND x.from_month = (SELECT MAX(s.from_month) FROM dues_standards s WHERE s.member_id = m.id)`
    : sql``;
  const stale = mayTail ? sql`OR x.year < ${year}` : sql``;

  // on the roll: open months, and the members whose rows stop before the as-of month
  const { rows: onRoll } = await sql<ListRow>`SELECT ${MEMBER_COLS}, group_concat(d.month) AS months, SUM(d.due_fen - d.paid_fen) AS fen,
      (SELECT MIN(s.from_month) FROM dues_standards s WHERE s.member_id = m.id) AS first_std ${latestCols}
    FROM orgs o INDEXED BY orgs_path
    CROSS JOIN members m INDEXED BY members_org_pinyin
    ${latestJoin}
    ${openMonths}
    WHERE m.org_id = o.id AND m.roll = '在册' ${orgWhere}
    GROUP BY o.path, o.id, m.name_pinyin, m.id
    HAVING months IS NOT NULL ${stale}
    ORDER BY o.path, o.id, m.name_pinyin, m.id`.execute(db);
  // off the roll, with open months from before leaving (or left this year after the rows stop)
  const { rows: left } = await sql<ListRow>`SELECT ${MEMBER_COLS}, group_concat(d.month) AS months, SUM(d.due_fen - d.paid_fen) AS fen,
      (SELECT MIN(s.from_month) FROM dues_standards s WHERE s.member_id = m.id) AS first_std ${latestCols}
    FROM members m INDEXED BY members_roll
    JOIN orgs o ON o.id = m.org_id
    ${latestJoin}
    ${openMonths}
    WHERE m.roll IN ('转出', '死亡', '出党') ${orgWhere}
    GROUP BY m.id
    HAVING months IS NOT NULL ${mayTail ? sql`OR (x.year < ${year} AND m.left_on >= ${yearStart})` : sql``}
    ORDER BY o.path, o.id, m.name_pinyin, m.id`.execute(db);
  // on the roll on the as-of month without any standard in force
  const { rows: unassessed } = await sql<ListRow>`SELECT ${MEMBER_COLS}, NULL AS months, 0 AS fen, NULL AS first_std
    FROM orgs o INDEXED BY orgs_path
    CROSS JOIN members m INDEXED BY members_org_pinyin
    WHERE m.org_id = o.id AND m.roll = '在册' AND m.joined_on <= ${asOfEnd} ${orgWhere}
      AND NOT EXISTS (SELECT 1 FROM dues_standards s WHERE s.member_id = m.id AND s.from_month <= ${asOf})
    ORDER BY o.path, o.id, m.name_pinyin, m.id`.execute(db);

  const needsTail = (r: ListRow) => mayTail && r.std_year != null && r.std_year < year && (r.last_month ?? '') < asOf;
  const tailRows = [...onRoll, ...left].filter(needsTail);
  const tail = tailRows.length ? await tailPlanner(db, tailRows, asOf) : null;

  // approved 免交 months neither count nor break a run
  const waivedSets = new Map<number, Set<number>>();
  for (const w of await db.selectFrom('dues_waivers').select(['member_id', 'from_month', 'to_month']).where('type', '=', '免交')
    .where('revoked_at', 'is', null).where('from_month', '<=', asOf).execute()) {
    const set = waivedSets.get(w.member_id) ?? new Set<number>();
    for (let i = monthIndex(w.from_month); i <= Math.min(monthIndex(w.to_month), monthIndex(asOf)); i++) set.add(i);
    waivedSets.set(w.member_id, set);
  }

  const monthBefore = new Map<string, string>();
  const entry = (r: ListRow, unassessedMember: boolean): ArrearsEntry | null => {
    let list: string[] = r.months === null ? [] : r.months.split(',');
    if (!ascending(list)) list.sort();
    let fen = Number(r.fen ?? 0);
    if (tail && needsTail(r)) {
      const t = tail.months(r, inScope);
      if (t.months.length) {
        list = list.length ? list.concat(t.months) : t.months;
        fen += t.fen;
      }
    }
    if (!list.length && !unassessedMember) return null;
    const run = longestRun(list, waivedSets.get(r.id));
    // 党费交至年月: the month before the first open month, unless that is the member's first month owed
    let paidThrough: string | null = null;
    if (list.length) {
      const firstOwed = list[0];
      const fs = r.first_std ?? firstOwed;
      const jm = monthOf(rollStart({ joinedOn: r.joined_on, enteredOn: r.entered_on }));
      if (firstOwed > (jm > fs ? jm : fs)) {
        paidThrough = monthBefore.get(firstOwed) ?? null;
        if (paidThrough === null) monthBefore.set(firstOwed, (paidThrough = addMonths(firstOwed, -1)));
      }
    }
    const level = arrearsLevel(run);
    return {
      memberId: r.id, idNumber: r.id_number, name: r.name, org: orgName.get(r.org_id) ?? '', orgId: r.org_id,
      monthsOwed: list, amountOwed: formatFen(fen), amountOwedFen: fen, consecutiveMonths: run,
      risk: run >= ARREARS_RISK, level, levelText: ARREARS_LEVEL_LABELS[level], paidThrough,
      unassessed: unassessedMember, left: r.roll === '在册' ? null : { type: r.roll, on: r.left_on ?? '' },
    };
  };
  interface Item { row: ListRow; entry: ArrearsEntry }
  const items = (rows: ListRow[], unassessedMember: boolean): Item[] => {
    const out: Item[] = [];
    for (const r of rows) {
      const e = entry(r, unassessedMember);
      if (e) out.push({ row: r, entry: e });
    }
    return out;
  };
  // the lists hold different members (on the roll with a standard / without one / off the roll)
  const out = mergeInOrder<Item>([items(onRoll, false), items(unassessed, true), items(left, false)], (a) => a).map((i) => i.entry);

  // months owed to an organization in scope by members now held elsewhere (moved out of the scope since)
  if (input.scope) {
    const listed = new Set(out.map((e) => e.memberId));
    const { rows: away } = await sql<Row>`SELECT ${MEMBER_COLS}, group_concat(d.month) AS months, SUM(d.due_fen - d.paid_fen) AS fen
      FROM dues_months d INDEXED BY dues_months_org JOIN members m ON m.id = d.member_id JOIN orgs o ON o.id = m.org_id
      WHERE d.org_id IN (SELECT value FROM json_each(${scopeIds})) AND d.month <= ${asOf} AND d.status IN ('未交', '部分')
        AND m.org_id NOT IN (SELECT value FROM json_each(${scopeIds}))
      GROUP BY m.id ORDER BY m.name_pinyin, m.id`.execute(db);
    for (const r of away) {
      if (listed.has(r.id)) continue;
      const list = r.months!.split(',').sort();
      const run = longestOpenRun(list.map(fastIndex), waivedSets.get(r.id));
      const level = arrearsLevel(run);
      const fen = Number(r.fen ?? 0);
      out.push({
        memberId: r.id, idNumber: r.id_number, name: r.name, org: orgName.get(r.org_id) ?? '', orgId: r.org_id, monthsOwed: list, amountOwed: formatFen(fen),
        amountOwedFen: fen, consecutiveMonths: run, risk: run >= ARREARS_RISK, level, levelText: ARREARS_LEVEL_LABELS[level],
        paidThrough: addMonths(list[0], -1), unassessed: false, left: r.roll === '在册' ? null : { type: r.roll, on: r.left_on ?? '' },
      });
    }
  }
  return out;
}

/**
 * Plans the months after each member's last row with the carried-over (latest) standard: provisionally owed
 * while on a roll of the scope, reduced or waived by approved waivers. The waivers and the events that can
 * change the roll in those months are read in two queries for all members.
 */
async function tailPlanner(db: Tx, rows: ListRow[], asOf: Month) {
  const since = rows.reduce((m, r) => (r.last_month != null && r.last_month < m ? r.last_month : m), asOf);
  const waivers = new Map<number, WaiverSpan[]>();
  for (const w of await db.selectFrom('dues_waivers').select(['member_id', 'type', 'from_month', 'to_month', 'reduced_fen'])
    .where('revoked_at', 'is', null).where('to_month', '>', since).execute()) {
    const list = waivers.get(w.member_id) ?? [];
    list.push({ type: w.type as WaiverType, fromMonth: w.from_month, toMonth: w.to_month, reducedFen: w.reduced_fen });
    waivers.set(w.member_id, list);
  }
  // members whose roll changed after their rows stop: their whole history decides where each month goes
  const { rows: moved } = await sql<{ member_id: number }>`SELECT DISTINCT member_id FROM member_events WHERE date >= ${since}`.execute(db);
  const events = new Map<number, RollEvent[]>();
  if (moved.length) {
    const { rows: evs } = await sql<{ member_id: number; type: string; date: string; from_org_id: number | null; to_org_id: number | null }>`
      SELECT member_id, type, date, from_org_id, to_org_id FROM member_events
      WHERE member_id IN (SELECT value FROM json_each(${JSON.stringify(moved.map((m) => m.member_id))})) ORDER BY member_id, date, id`.execute(db);
    for (const e of evs) {
      const list = events.get(e.member_id) ?? [];
      list.push({ type: e.type, date: e.date, fromOrgId: e.from_org_id, toOrgId: e.to_org_id });
      events.set(e.member_id, list);
    }
  }
  const asOfIdx = monthIndex(asOf);
  return {
    months(r: ListRow, inScope: Set<number>): { months: string[]; fen: number } {
      const out: string[] = [];
      let fen = 0;
      // no row yet: from the latest standard's first month (a member whose rows were never materialized)
      const from = r.last_month == null ? monthIndex(r.std_from!) : monthIndex(r.last_month) + 1;
      if (from > asOfIdx) return { months: out, fen };
      const ev = events.get(r.id);
      const w = waivers.get(r.id);
      const spans = ev ? rollSpans({ joinedOn: r.joined_on, enteredOn: r.entered_on, orgId: r.org_id, events: ev }) : null;
      const start = monthIndex(monthOf(rollStart({ joinedOn: r.joined_on, enteredOn: r.entered_on })));
      const std = { standards: [{ id: r.std_id!, fromMonth: r.std_from!, year: r.std_year!, amountFen: r.std_fen!, draft: r.std_draft === 1 }], waivers: w ?? [] };
      for (let i = from; i <= asOfIdx; i++) {
        const month = monthFromIndex(i);
        const org = spans ? orgForMonth(spans, month) : r.roll === '在册' && i >= start ? r.org_id : null;
        if (org === null || !inScope.has(org)) continue;
        let due = r.std_fen!;
        if (w) {
          const plan = planMonth(month, std);
          if (!plan || plan.waived) continue;
          due = plan.dueFen;
        }
        if (due > 0) {
          out.push(month);
          fen += due;
        }
      }
      return { months: out, fen };
    },
  };
}

/** 党费交至年月 for many members at once: the month before the first open month, else the last settled month */
export async function paidThroughMap(db: Tx, memberIds: number[]): Promise<Map<number, Month | null>> {
  const out = new Map<number, Month | null>();
  if (!memberIds.length) return out;
  const { rows } = await sql<{ member_id: number; first: string | null; open: string | null; last: string | null }>`
    SELECT member_id, MIN(month) AS first, MIN(CASE WHEN status IN ('未交', '部分') THEN month END) AS open,
      MAX(CASE WHEN status NOT IN ('未交', '部分') THEN month END) AS last
    FROM dues_months WHERE member_id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)})) GROUP BY member_id`.execute(db);
  for (const r of rows) {
    if (!r.first) out.set(r.member_id, null);
    else if (r.open) out.set(r.member_id, r.open > r.first ? addMonths(r.open, -1) : null);
    else out.set(r.member_id, r.last);
  }
  for (const id of memberIds) if (!out.has(id)) out.set(id, null);
  return out;
}
