import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { monthStatus, planMonth, type StandardSpan, type WaiverSpan, type WaiverType } from '../domain/ledger.ts';
import { monthsBetween, type Month } from '../../../domain/periods.ts';
import { orgForMonth, rollSpans, type RollEvent } from '../../../domain/roll.ts';

// The month table (dues_months: one row per member-month) kept in step with what a member owes: the
// standards and waivers, and the member's roll — whether and to which organization each month is owed
// (docs/domain/dues.md#ledger-and-roll). Called inside the transaction of every change to those: a
// standard, a waiver, a payment into a month not yet materialized, and any roll event (the module's
// onRollChange). Paid amounts are never touched here; what was paid stays with the organization that
// received it.
//
// This is the dues ledger's documented bulk path (src-main/db/connection.ts): raw prepared statements,
// cached per connection, because a 整建制 transfer rebuilds a thousand members' months in one action.

export type Sqlite = BetterSqlite3.Database;

interface MonthRow {
  month: string;
  org_id: number;
  standard_id: number;
  due_fen: number;
  paid_fen: number;
  status: string;
  waived: number;
  provisional: number;
  paid_on: string | null;
}

function statements(sqlite: Sqlite) {
  return {
    member: sqlite.prepare('SELECT org_id, joined_on, entered_on FROM members WHERE id = ?'),
    events: sqlite.prepare('SELECT type, date, from_org_id, to_org_id FROM member_events WHERE member_id = ? ORDER BY date, id'),
    standards: sqlite.prepare('SELECT id, from_month, year, amount_fen, draft FROM dues_standards WHERE member_id = ? ORDER BY from_month'),
    waivers: sqlite.prepare('SELECT type, from_month, to_month, reduced_fen FROM dues_waivers WHERE member_id = ? AND revoked_at IS NULL'),
    existing: sqlite.prepare('SELECT month, org_id, standard_id, due_fen, paid_fen, status, waived, provisional, paid_on FROM dues_months WHERE member_id = ?'),
    lastMonth: sqlite.prepare('SELECT MAX(month) AS m FROM dues_months WHERE member_id = ?'),
    del: sqlite.prepare('DELETE FROM dues_months WHERE member_id = ? AND month = ?'),
    notOwed: sqlite.prepare('UPDATE dues_months SET due_fen = 0, waived = 0, status = ? WHERE member_id = ? AND month = ?'),
    upsert: sqlite.prepare(`INSERT INTO dues_months (member_id, month, org_id, standard_id, due_fen, paid_fen, status, waived, provisional, paid_on)
      VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, NULL)
      ON CONFLICT(member_id, month) DO UPDATE SET org_id = excluded.org_id, standard_id = excluded.standard_id, due_fen = excluded.due_fen,
        status = excluded.status, waived = excluded.waived, provisional = excluded.provisional`),
  };
}
type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Sqlite, Statements>();
const stmts = (sqlite: Sqlite): Statements => {
  let s = cache.get(sqlite);
  if (!s) cache.set(sqlite, (s = statements(sqlite)));
  return s;
};

export function loadSpans(sqlite: Sqlite, memberId: number): { standards: StandardSpan[]; waivers: WaiverSpan[] } {
  const s = stmts(sqlite);
  const standards = (s.standards.all(memberId) as { id: number; from_month: string; year: number; amount_fen: number; draft: number }[])
    .map((r) => ({ id: r.id, fromMonth: r.from_month, year: r.year, amountFen: r.amount_fen, draft: r.draft === 1 }));
  const waivers = (s.waivers.all(memberId) as { type: WaiverType; from_month: string; to_month: string; reduced_fen: number | null }[])
    .map((w) => ({ type: w.type, fromMonth: w.from_month, toMonth: w.to_month, reducedFen: w.reduced_fen }));
  return { standards, waivers };
}

/** the member's time on the roll, from the registry and the member's dated events (domain/roll.ts) */
function memberSpans(s: Statements, memberId: number) {
  const m = s.member.get(memberId) as { org_id: number; joined_on: string; entered_on: string | null } | undefined;
  if (!m) return null;
  const events: RollEvent[] = (s.events.all(memberId) as { type: string; date: string; from_org_id: number | null; to_org_id: number | null }[])
    .map((e) => ({ type: e.type, date: e.date, fromOrgId: e.from_org_id, toOrgId: e.to_org_id }));
  return rollSpans({ joinedOn: m.joined_on, enteredOn: m.entered_on, orgId: m.org_id, events });
}

/**
 * Rebuilds a member's month rows from the first standard to December of the latest standard's year (or
 * `through`, for provisional months of a new year not yet assessed). A month is owed to the organization
 * whose roll the member is on (nothing after the month of leaving; later months of a move go to the new
 * organization; a return re-opens months from the return); a month that holds money but is no longer owed
 * keeps the money and owes nothing. Only rows that change are written. Returns the months written.
 */
export function rebuildMemberMonths(sqlite: Sqlite, memberId: number, opts: { through?: Month } = {}): number {
  const s = stmts(sqlite);
  const spans = memberSpans(s, memberId);
  if (!spans) return 0;
  const { standards, waivers } = loadSpans(sqlite, memberId);
  const existing = new Map((s.existing.all(memberId) as MonthRow[]).map((r) => [r.month, r]));
  let written = 0;
  if (!standards.length) {
    for (const r of existing.values()) if (r.paid_fen === 0) written += s.del.run(memberId, r.month).changes;
    return written;
  }
  let first = standards[0].fromMonth;
  let last = `${Math.max(...standards.map((x) => x.year))}-12`;
  for (const m of existing.keys()) {
    if (m < first) first = m;
    if (m > last) last = m;
  }
  if (opts.through && opts.through > last) last = opts.through;
  const ctx = { standards, waivers };
  for (const month of monthsBetween(first, last)) {
    const prev = existing.get(month);
    const org = orgForMonth(spans, month);
    const plan = org === null ? null : planMonth(month, ctx);
    if (!plan) {
      if (!prev) continue;
      if (prev.paid_fen === 0) {
        written += s.del.run(memberId, month).changes;
        continue;
      }
      // money for a month not owed (paid ahead, then left): kept where it was received, owing nothing
      const status = monthStatus({ month, dueFen: 0, paidFen: prev.paid_fen, waived: false, paidOn: prev.paid_on });
      if (prev.due_fen !== 0 || prev.status !== status || prev.waived !== 0) {
        s.notOwed.run(status, memberId, month);
        written++;
      }
      continue;
    }
    const orgId = prev && prev.paid_fen > 0 ? prev.org_id : org!;
    const waived = plan.waived ? 1 : 0;
    const provisional = plan.provisional ? 1 : 0;
    const status = monthStatus({ month, dueFen: plan.dueFen, paidFen: prev?.paid_fen ?? 0, waived: plan.waived, paidOn: prev?.paid_on ?? null });
    if (
      prev && prev.org_id === orgId && prev.standard_id === plan.standardId && prev.due_fen === plan.dueFen && prev.status === status
      && prev.waived === waived && prev.provisional === provisional
    ) continue;
    s.upsert.run(memberId, month, orgId, plan.standardId, plan.dueFen, status, waived, provisional);
    written++;
  }
  return written;
}

/** the month rows of these members, rebuilt (a roll change, a re-assessment of many) */
export function rebuildMembers(sqlite: Sqlite, memberIds: readonly number[]): number {
  let n = 0;
  for (const id of memberIds) n += rebuildMemberMonths(sqlite, id);
  return n;
}

/**
 * Month rows up to `through` for members who have a standard but whose rows stop earlier (a new year
 * before its assessment: the carried-over standard applies provisionally). A cache fill.
 */
export function ensureMonthsThrough(sqlite: Sqlite, memberIds: readonly number[], through: Month): void {
  const s = stmts(sqlite);
  for (const id of memberIds) {
    const last = (s.lastMonth.get(id) as { m: string | null }).m;
    if (last !== null && last < through) rebuildMemberMonths(sqlite, id, { through });
  }
}
