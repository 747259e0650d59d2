import { before, type IsoDate } from './periods.ts';

// Who is on the roll of which organization on a given day, from the member's own dated events — the
// one rule every module uses for "members of X (and its subtree) on date D" (attendance, dues, the
// screening's scope, statistics as of a date). docs/domain/members.md#lifecycle-events.
//
// Each event type has one effect on the roll, declared here once:
//   leave  — off the roll from that day (转出, 死亡, 出党);
//   return — back on the roll from that day, into the event's organization (转入);
//   move   — from one organization to another on that day, staying on the roll;
//   suspend — stays on the roll but takes no part in organizational life from that day (停止党籍:
//             left out of a meeting's 应到, docs/domain/org-life.md#who-should-attend);
//   restore — takes part again from that day (恢复党籍);
//   none   — no effect on the roll (flags: 失联, 流动 …).
// Dates compare as ISO text; a month-only date counts from the first of its month.

export type RollEffect = 'leave' | 'return' | 'move' | 'suspend' | 'restore' | 'none';

export const ROLL_EFFECTS: Readonly<Record<string, RollEffect>> = {
  转出: 'leave',
  死亡: 'leave',
  出党: 'leave',
  转入: 'return',
  调整: 'move',
  停止党籍: 'suspend',
  恢复党籍: 'restore',
};

/** the effects that move a member on, off or between rolls (suspend/restore do not) */
const MOVES_ROLL = new Set<RollEffect>(['leave', 'return', 'move']);

export const rollEffect = (type: string): RollEffect => ROLL_EFFECTS[type] ?? 'none';

/** event types that take a member off the roll, and the one that brings a member onto it */
export const LEAVING_EVENTS = Object.keys(ROLL_EFFECTS).filter((t) => ROLL_EFFECTS[t] === 'leave');
export const ARRIVING_EVENTS = Object.keys(ROLL_EFFECTS).filter((t) => ROLL_EFFECTS[t] === 'return');

export interface RollEvent {
  type: string;
  date: IsoDate;
  /** the organization the member was in when the event happened (leave, move) */
  fromOrgId?: number | null;
  /** the organization the member went to (return, move) */
  toOrgId?: number | null;
}

export interface RollMember {
  /** 入党日期: on the roll from this day (members entered with their history start here) */
  joinedOn: IsoDate;
  /** the organization the registry holds the member in now */
  orgId: number;
  /** in date order (ties: in the order recorded) */
  events: readonly RollEvent[];
}

/** on the roll of orgId from `from` (inclusive) until `until` (exclusive; null = still on it) */
export interface RollSpan {
  orgId: number;
  from: IsoDate;
  until: IsoDate | null;
}

/**
 * The spans of a member's time on the roll. Organizations are read backwards from the current one:
 * before a move or a leaving the member was in its fromOrgId; after a return or a move, in its toOrgId.
 */
export function rollSpans(m: RollMember): RollSpan[] {
  const relevant = m.events.filter((e) => MOVES_ROLL.has(rollEffect(e.type)));
  // the organization after each event, walking back from today's
  const orgAfter: number[] = new Array(relevant.length);
  let org = m.orgId;
  for (let i = relevant.length - 1; i >= 0; i--) {
    const e = relevant[i];
    orgAfter[i] = org;
    const eff = rollEffect(e.type);
    if (eff === 'move' || eff === 'leave') org = e.fromOrgId ?? org;
    else if (eff === 'return') org = e.fromOrgId ?? org; // where they had been before leaving, if known
  }
  const spans: RollSpan[] = [];
  let open: RollSpan | null = { orgId: org, from: m.joinedOn, until: null };
  relevant.forEach((e, i) => {
    const eff = rollEffect(e.type);
    if (eff === 'leave') {
      if (open) {
        open.until = e.date;
        spans.push(open);
        open = null;
      }
    } else if (eff === 'return') {
      if (open) {
        // a return while on the roll (an import that never recorded the leaving): a move
        open.until = e.date;
        spans.push(open);
      }
      open = { orgId: e.toOrgId ?? orgAfter[i], from: e.date, until: null };
    } else if (eff === 'move' && open) {
      open.until = e.date;
      spans.push(open);
      open = { orgId: e.toOrgId ?? orgAfter[i], from: e.date, until: null };
    }
  });
  if (open) spans.push(open);
  // a span that ends before it starts (an event dated before 入党) holds no day
  return spans.filter((s) => s.until === null || before(s.from, s.until));
}

/** the organization a member was on the roll of on a day, or null when off the roll */
export function orgOnDate(spans: readonly RollSpan[], date: IsoDate): number | null {
  for (const s of spans) if (s.from <= date && (s.until === null || date < s.until)) return s.orgId;
  return null;
}

/** on the roll of one of `orgIds` on the day */
export function onRollOf(spans: readonly RollSpan[], orgIds: ReadonlySet<number>, date: IsoDate): boolean {
  const org = orgOnDate(spans, date);
  return org !== null && orgIds.has(org);
}

/**
 * Suspended from organizational life on the day (停止党籍 until 恢复党籍): still on the roll, but not
 * among those who should attend a meeting. Events in date order; the last suspend/restore on or
 * before the day decides.
 */
export function suspendedOn(events: readonly RollEvent[], date: IsoDate): boolean {
  let suspended = false;
  for (const e of events) {
    if (e.date > date) break;
    const eff = rollEffect(e.type);
    if (eff === 'suspend') suspended = true;
    else if (eff === 'restore') suspended = false;
  }
  return suspended;
}
