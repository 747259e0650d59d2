import { sql } from 'kysely';
import type { ArrearsEntry } from '../contract.ts';
import { ARREARS_LEVEL_LABELS, ARREARS_RISK, arrearsLevel, longestOpenRun } from '../domain/arrears.ts';
import { planMonth, type StandardSpan, type WaiverSpan, type WaiverType } from '../domain/ledger.ts';
import { formatFen } from '../../../domain/money.ts';
import { addMonths, lastDay, monthFromIndex, monthIndex, monthOf, type Month } from '../../../domain/periods.ts';
import { orgForMonth, rollSpans, type RollEvent } from '../../../domain/roll.ts';
import type { Tx } from '../../../services/context.ts';

// The arrears list, 欠交党费名单 (docs/domain/dues.md#non-payment, V18): every open month up to the as-of
// month, approved waivers excluded; the longest run of open months (a later payment does not hide earlier
// arrears) gives warn 3 / escalate 5 / risk 6. Members who left keep their open months before leaving
// (marked with the leaving) until paid or waived; members on the roll without a standard are listed as
// unassessed. A list to act on — nobody is removed automatically.
//
// One statement yields one row per member already in list order (organization path, pinyin, id): the outer
// loop walks orgs by path, the inner one each org's members in pinyin order (members_org_pinyin), their open
// months from the member-first partial index dues_months_open (in month order). Months after a member's
// last row (a new year before its assessment) are planned in memory from the standards, waivers and roll
// read once for all (no per-member query): `npm run bench:dues` at 100,000 members.

interface Row {
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
  first_std: string | null;
  last_month: string | null;
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

export async function computeArrears(db: Tx, input: { asOf: Month; scope: { id: number; path: string } | null }): Promise<ArrearsEntry[]> {
  const { asOf } = input;
  const like = input.scope ? `${input.scope.path}%` : '%';
  const asOfEnd = lastDay(asOf);
  const orgs = (await db.selectFrom('orgs').select(['id', 'name', 'path']).execute());
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const inScope = new Set(orgs.filter((o) => !input.scope || o.path.startsWith(input.scope.path)).map((o) => o.id));
  const scopeIds = JSON.stringify([...inScope]);
  const { rows } = await sql<Row>`SELECT m.id, m.id_number, m.name, m.name_pinyin, m.org_id, m.joined_on, m.entered_on, m.roll, m.left_on,
      group_concat(d.month) AS months, SUM(d.due_fen - d.paid_fen) AS fen,
      (SELECT MIN(s.from_month) FROM dues_standards s WHERE s.member_id = m.id) AS first_std,
      CASE WHEN MAX(d.month) = ${asOf} THEN ${asOf}
        ELSE (SELECT MAX(r.month) FROM dues_months r WHERE r.member_id = m.id) END AS last_month
    FROM orgs o INDEXED BY orgs_path
    CROSS JOIN members m INDEXED BY members_org_pinyin
    LEFT JOIN dues_months d INDEXED BY dues_months_open ON d.member_id = m.id
      AND d.status IN ('未交', '部分') AND d.month <= ${asOf}
      AND d.org_id IN (SELECT value FROM json_each(${scopeIds}))
    WHERE o.path LIKE ${like} AND m.org_id = o.id
    GROUP BY o.path, o.id, m.name_pinyin, m.id
    HAVING months IS NOT NULL
      OR (m.roll = '在册' AND m.joined_on <= ${asOfEnd} AND (first_std IS NULL OR first_std > ${asOf}))
      OR (first_std <= ${asOf} AND (last_month IS NULL OR last_month < ${asOf}) AND (m.roll = '在册' OR m.left_on > COALESCE(last_month, '')))
    ORDER BY o.path, o.id, m.name_pinyin, m.id`.execute(db);

  // members whose rows stop before the as-of month: the months after are planned here, provisionally
  const needsTail = (r: Row) => r.first_std !== null && r.first_std <= asOf && (r.last_month === null || r.last_month < asOf)
    && (r.roll === '在册' || (r.left_on ?? '') > (r.last_month ?? ''));
  const tailIds = rows.filter(needsTail).map((r) => r.id);
  const tail = tailIds.length ? await tailContext(db, tailIds, asOf) : null;

  // approved 免交 months neither count nor break a run
  const waivedSets = new Map<number, Set<number>>();
  for (const w of await db.selectFrom('dues_waivers').select(['member_id', 'from_month', 'to_month']).where('type', '=', '免交')
    .where('revoked_at', 'is', null).where('from_month', '<=', asOf).execute()) {
    const set = waivedSets.get(w.member_id) ?? new Set<number>();
    for (let i = monthIndex(w.from_month); i <= Math.min(monthIndex(w.to_month), monthIndex(asOf)); i++) set.add(i);
    waivedSets.set(w.member_id, set);
  }

  const monthBefore = new Map<string, string>();
  const out: ArrearsEntry[] = [];
  const entry = (r: Row, list: string[], fen: number, unassessed: boolean): ArrearsEntry => {
    const run = longestOpenRun(list.map(fastIndex), waivedSets.get(r.id));
    // 党费交至年月: the month before the first open month, unless that is the member's first month owed
    let paidThrough: string | null = null;
    if (list.length) {
      const firstOwed = list[0];
      const fs = r.first_std ?? firstOwed;
      const jm = monthOf(r.entered_on && r.entered_on > r.joined_on ? r.entered_on : r.joined_on);
      if (firstOwed > (jm > fs ? jm : fs)) {
        paidThrough = monthBefore.get(firstOwed) ?? null;
        if (paidThrough === null) monthBefore.set(firstOwed, (paidThrough = addMonths(firstOwed, -1)));
      }
    }
    const level = arrearsLevel(run);
    return {
      memberId: r.id, idNumber: r.id_number, name: r.name, org: orgById.get(r.org_id)?.name ?? '', orgId: r.org_id,
      monthsOwed: list, amountOwed: formatFen(fen), amountOwedFen: fen, consecutiveMonths: run,
      risk: run >= ARREARS_RISK, level, levelText: ARREARS_LEVEL_LABELS[level], paidThrough,
      unassessed, left: r.roll === '在册' ? null : { type: r.roll, on: r.left_on ?? '' },
    };
  };
  for (const r of rows) {
    let list: string[] = r.months === null ? [] : r.months.split(',');
    if (!ascending(list)) list.sort();
    let fen = Number(r.fen ?? 0);
    if (tail && needsTail(r)) {
      const t = tail.months(r, inScope);
      if (t.months.length) {
        list = list.concat(t.months);
        fen += t.fen;
      }
    }
    const unassessed = r.roll === '在册' && r.joined_on <= asOfEnd && (r.first_std === null || r.first_std > asOf);
    if (!list.length && !unassessed) continue;
    out.push(entry(r, list, fen, unassessed));
  }

  // months owed to an organization in scope by members now held elsewhere (moved out of the scope since)
  if (input.scope) {
    const listed = new Set(out.map((e) => e.memberId));
    const { rows: away } = await sql<Row>`SELECT m.id, m.id_number, m.name, m.name_pinyin, m.org_id, m.joined_on, m.entered_on, m.roll, m.left_on,
        group_concat(d.month) AS months, SUM(d.due_fen - d.paid_fen) AS fen, NULL AS first_std, NULL AS last_month
      FROM dues_months d INDEXED BY dues_months_org JOIN members m ON m.id = d.member_id
      WHERE d.org_id IN (SELECT value FROM json_each(${scopeIds})) AND d.month <= ${asOf} AND d.status IN ('未交', '部分')
        AND m.org_id NOT IN (SELECT value FROM json_each(${scopeIds}))
      GROUP BY m.id ORDER BY m.name_pinyin, m.id`.execute(db);
    for (const r of away) {
      if (listed.has(r.id)) continue;
      const list = r.months!.split(',').sort();
      out.push(entry(r, list, Number(r.fen ?? 0), false));
    }
  }
  return out;
}

/** what planning the months after each member's last row needs, read in three queries for all of them */
async function tailContext(db: Tx, memberIds: number[], asOf: Month) {
  const ids = JSON.stringify(memberIds);
  const standards = new Map<number, StandardSpan[]>();
  const { rows: stds } = await sql<{ member_id: number; id: number; from_month: string; year: number; amount_fen: number; draft: number }>`
    SELECT member_id, id, from_month, year, amount_fen, draft FROM dues_standards
    WHERE member_id IN (SELECT value FROM json_each(${ids})) AND from_month <= ${asOf} ORDER BY member_id, from_month`.execute(db);
  for (const s of stds) {
    const list = standards.get(s.member_id) ?? [];
    list.push({ id: s.id, fromMonth: s.from_month, year: s.year, amountFen: s.amount_fen, draft: s.draft === 1 });
    standards.set(s.member_id, list);
  }
  const waivers = new Map<number, WaiverSpan[]>();
  for (const w of await db.selectFrom('dues_waivers').select(['member_id', 'type', 'from_month', 'to_month', 'reduced_fen']).where('revoked_at', 'is', null).execute()) {
    const list = waivers.get(w.member_id) ?? [];
    list.push({ type: w.type as WaiverType, fromMonth: w.from_month, toMonth: w.to_month, reducedFen: w.reduced_fen });
    waivers.set(w.member_id, list);
  }
  // the roll: only members with events need more than "from 入党 (or entry) in the organization held now"
  const events = new Map<number, RollEvent[]>();
  const { rows: evs } = await sql<{ member_id: number; type: string; date: string; from_org_id: number | null; to_org_id: number | null }>`
    SELECT member_id, type, date, from_org_id, to_org_id FROM member_events
    WHERE member_id IN (SELECT value FROM json_each(${ids})) ORDER BY member_id, date, id`.execute(db);
  for (const e of evs) {
    const list = events.get(e.member_id) ?? [];
    list.push({ type: e.type, date: e.date, fromOrgId: e.from_org_id, toOrgId: e.to_org_id });
    events.set(e.member_id, list);
  }
  const asOfIdx = monthIndex(asOf);
  return {
    months(r: Row, inScope: Set<number>): { months: string[]; fen: number } {
      const out: string[] = [];
      let fen = 0;
      const std = standards.get(r.id);
      if (!std) return { months: out, fen };
      const ctx = { standards: std, waivers: waivers.get(r.id) ?? [] };
      const spans = rollSpans({ joinedOn: r.joined_on, enteredOn: r.entered_on, orgId: r.org_id, events: events.get(r.id) ?? [] });
      const from = r.last_month === null ? monthIndex(std[0].fromMonth) : monthIndex(r.last_month) + 1;
      for (let i = from; i <= asOfIdx; i++) {
        const month = monthFromIndex(i);
        const org = orgForMonth(spans, month);
        if (org === null || !inScope.has(org)) continue;
        const plan = planMonth(month, ctx);
        if (plan && !plan.waived && plan.dueFen > 0) {
          out.push(month);
          fen += plan.dueFen;
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
