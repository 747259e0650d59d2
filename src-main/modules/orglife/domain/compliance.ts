import { periodOf, unitsOf, type IsoDate, type Period, type PeriodUnit } from '../../../domain/periods.ts';

// How often each activity must be held (docs/domain/org-life.md#frequencies) and whether an
// organization kept to it in a period (docs/domain/org-life.md#compliance). Frequencies are data
// (orglife_frequencies); the defaults below seed it. Pure.

export const FREQUENCY_UNITS: readonly PeriodUnit[] = ['month', 'quarter', 'half', 'year'];
export const UNIT_LABELS: Record<PeriodUnit, string> = { month: '每月', quarter: '每季度', half: '每半年', year: '每年' };

export interface Frequency {
  type: string;
  /** null: recorded but not required (中心组 until the clerk sets its level) */
  unit: PeriodUnit | null;
  /** organization types the requirement applies to */
  orgTypes: string[];
  /** only organizations that have a committee (at least COMMITTEE_MIN members with a committee post) */
  needsCommittee: boolean;
  /** reminders for the current unit start in this month of the year (组织生活会: from October) */
  remindFromMonth: number | null;
}

/** a branch committee has 3 to 5 (at most 7) members (docs/domain/organizations.md#size-rules) */
export const COMMITTEE_MIN = 3;

const BRANCHES = ['党支部', '联合党支部'];
const f = (type: string, unit: PeriodUnit | null, orgTypes: string[], extra: Partial<Frequency> = {}): Frequency => ({
  type, unit, orgTypes, needsCommittee: false, remindFromMonth: null, ...extra,
});

export const DEFAULT_FREQUENCIES: readonly Frequency[] = [
  f('支部党员大会', 'quarter', BRANCHES),
  f('支部委员会', 'month', BRANCHES, { needsCommittee: true }),
  f('党小组会', 'month', ['党小组']),
  f('党课', 'quarter', BRANCHES),
  f('主题党日', 'month', BRANCHES),
  f('组织生活会', 'year', BRANCHES, { remindFromMonth: 10 }),
  f('民主评议党员', 'year', BRANCHES, { remindFromMonth: 10 }),
  f('理论学习中心组学习', null, ['党委', '党组']),
];

export interface UnitState {
  /** the unit's own spelling: 2026-04, 2026-Q2, 2026-H1, 2026 */
  key: string;
  start: IsoDate;
  end: IsoDate;
  state: 'held' | 'missing' | 'notYetDue';
  /** meetings that count, in this unit */
  count: number;
}

export interface ComplianceResult {
  required: number;
  held: number;
  missing: string[];
  notYetDue: string[];
  /** units not yet due that already have their meeting */
  heldAhead: string[];
  /** held / required, 2 places; null when nothing is required yet */
  rate: number | null;
  units: UnitState[];
}

/** a fraction rounded to 2 places (0.8333 → 0.83) */
export const rate2 = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 100) / 100 : null);

/**
 * One organization × one required type in a period. A unit (month, quarter …) is required once it has
 * ended by min(period end, today) — a unit ends at its last day, so today's own month is not yet due;
 * it is held when at least one meeting that counts falls in it (however many there are); a meeting
 * belongs to the unit containing its date (a 党员大会 on 03-31 is Q1's). Units that ended before the
 * organization was established are not required.
 */
export function complianceOf(input: {
  period: Period;
  unit: PeriodUnit;
  today: IsoDate;
  /** dates of the meetings that count (any order, duplicates allowed) */
  heldDates: readonly IsoDate[];
  establishedOn?: string | null;
}): ComplianceResult {
  const { period, unit, today } = input;
  const counts = new Map<string, number>();
  for (const d of input.heldDates) {
    const k = periodOf(d, unit).key;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const units: UnitState[] = [];
  const est = input.establishedOn ?? null;
  for (const u of unitsOf(period, unit)) {
    if (est && u.end < est) continue;
    const ended = u.end <= period.end && u.end < today;
    const count = counts.get(u.key) ?? 0;
    units.push({ key: u.key, start: u.start, end: u.end, count, state: !ended ? 'notYetDue' : count > 0 ? 'held' : 'missing' });
  }
  const due = units.filter((u) => u.state !== 'notYetDue');
  const held = due.filter((u) => u.state === 'held').length;
  return {
    required: due.length,
    held,
    missing: due.filter((u) => u.state === 'missing').map((u) => u.key),
    notYetDue: units.filter((u) => u.state === 'notYetDue').map((u) => u.key),
    heldAhead: units.filter((u) => u.state === 'notYetDue' && u.count > 0).map((u) => u.key),
    rate: rate2(held, due.length),
    units,
  };
}

/** the requirement applies to this organization */
export function applies(fr: Frequency, org: { type: string; committeeSize: number }): boolean {
  if (!fr.unit || !fr.orgTypes.includes(org.type)) return false;
  return !fr.needsCommittee || org.committeeSize >= COMMITTEE_MIN;
}
