import { monthStatus, planMonth, type StandardSpan, type WaiverSpan, type WaiverType } from '../domain/ledger.ts';
import { addMonths, monthOf, monthsBetween, type Month } from '../../../domain/periods.ts';
import type { Sqlite } from './common.ts';

// Keeps dues_months (one row per member-month) in step with a member's standards, waivers, admission
// and leaving: called inside the transaction of every change to those. Paid amounts are never touched
// here; only what is owed and the resulting status.

interface ExistingRow {
  month: string;
  org_id: number;
  paid_fen: number;
  paid_on: string | null;
}

export function loadSpans(sqlite: Sqlite, memberId: number): { standards: StandardSpan[]; waivers: WaiverSpan[] } {
  const standards = (
    sqlite.prepare('SELECT id, from_month, year, amount_fen, draft FROM dues_standards WHERE member_id = ? ORDER BY from_month').all(memberId) as {
      id: number; from_month: string; year: number; amount_fen: number; draft: number;
    }[]
  ).map((s) => ({ id: s.id, fromMonth: s.from_month, year: s.year, amountFen: s.amount_fen, draft: s.draft === 1 }));
  const waivers = (
    sqlite.prepare('SELECT type, from_month, to_month, reduced_fen FROM dues_waivers WHERE member_id = ? AND revoked_at IS NULL').all(memberId) as {
      type: WaiverType; from_month: string; to_month: string; reduced_fen: number | null;
    }[]
  ).map((w) => ({ type: w.type, fromMonth: w.from_month, toMonth: w.to_month, reducedFen: w.reduced_fen }));
  return { standards, waivers };
}

/**
 * Rebuilds a member's month rows from the first standard to December of the latest standard's year
 * (or `through`, for provisional months of a new year not yet assessed). Returns the months written.
 */
export function rebuildMemberMonths(sqlite: Sqlite, memberId: number, opts: { through?: Month } = {}): number {
  const member = sqlite.prepare('SELECT org_id, joined_on, left_on FROM members WHERE id = ?').get(memberId) as
    | { org_id: number; joined_on: string; left_on: string | null }
    | undefined;
  if (!member) return 0;
  const { standards, waivers } = loadSpans(sqlite, memberId);
  const existing = new Map(
    (sqlite.prepare('SELECT month, org_id, paid_fen, paid_on FROM dues_months WHERE member_id = ?').all(memberId) as ExistingRow[]).map((r) => [r.month, r]),
  );
  const del = sqlite.prepare('DELETE FROM dues_months WHERE member_id = ? AND month = ?');
  if (!standards.length) {
    for (const r of existing.values()) if (r.paid_fen === 0) del.run(memberId, r.month);
    return 0;
  }
  const ctx = {
    standards,
    waivers,
    joinedMonth: member.joined_on ? monthOf(member.joined_on) : null,
    leftMonth: member.left_on ? monthOf(member.left_on) : null,
  };
  const first = standards[0].fromMonth;
  let last = `${Math.max(...standards.map((s) => s.year))}-12`;
  for (const m of existing.keys()) if (m > last) last = m;
  if (opts.through && opts.through > last) last = opts.through;
  const upsert = sqlite.prepare(`INSERT INTO dues_months (member_id, month, org_id, standard_id, due_fen, paid_fen, status, waived, provisional, paid_on)
    VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, NULL)
    ON CONFLICT(member_id, month) DO UPDATE SET standard_id = excluded.standard_id, due_fen = excluded.due_fen,
      waived = excluded.waived, provisional = excluded.provisional, status = ?`);
  let written = 0;
  const seen = new Set<string>();
  for (const month of monthsBetween(first < (ctx.joinedMonth ?? first) ? ctx.joinedMonth! : first, last)) {
    seen.add(month);
    const plan = planMonth(month, ctx);
    const prev = existing.get(month);
    if (!plan) {
      if (prev && prev.paid_fen === 0) del.run(memberId, month);
      continue;
    }
    const status = monthStatus({ month, dueFen: plan.dueFen, paidFen: prev?.paid_fen ?? 0, waived: plan.waived, paidOn: prev?.paid_on ?? null });
    const newStatus = monthStatus({ month, dueFen: plan.dueFen, paidFen: 0, waived: plan.waived, paidOn: null });
    upsert.run(memberId, month, prev?.org_id ?? member.org_id, plan.standardId, plan.dueFen, newStatus, plan.waived ? 1 : 0, plan.provisional ? 1 : 0, status);
    written++;
  }
  // rows outside the planned range that hold no money (e.g. before a moved admission month) go
  for (const r of existing.values()) if (!seen.has(r.month) && r.paid_fen === 0) del.run(memberId, r.month);
  return written;
}

/**
 * a member transferred within the committee: the transfer month stays with the sending branch, later months
 * go to the receiving one
 */
export function moveMonthsAfter(sqlite: Sqlite, memberId: number, transferMonth: Month, toOrgId: number): number {
  return sqlite
    .prepare('UPDATE dues_months SET org_id = ? WHERE member_id = ? AND month >= ? AND paid_fen = 0')
    .run(toOrgId, memberId, addMonths(transferMonth, 1)).changes;
}
