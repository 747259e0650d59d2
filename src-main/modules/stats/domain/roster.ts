import { ageOn, partyAgeOn } from '../../../domain/ages.ts';
import { addDays, type IsoDate } from '../../../domain/periods.ts';
import { orgOnDate, rollEffect, rollSpans, rollStart, suspendedOn, type RollEvent, type RollSpan } from '../../../domain/roll.ts';

// A member as the statistics see them on a date (docs/domain/statistics.md#as-of-a-date): on the roll of which
// organization, in the count or not (停止党籍 is out of it), 预备 or 正式, how old, how long a member.
// Everything dated comes from the one roll rule (domain/roll.ts: the effects of the member's events); the
// registry's own fields (在册情况, 党籍状态, 所在党组织) speak for the time after the member's last event.
// Where the two disagree, the balance lists the member (balance.ts).

export interface StatEvent {
  type: string;
  date: IsoDate;
  fromOrgId: number | null;
  toOrgId: number | null;
  /** 出党 sub-type */
  subtype: string | null;
  /** 整建制 转入/转出 */
  wholeOrg: boolean;
  /** 转正: 转正日期; 延长预备期: the new end */
  effectiveOn: string | null;
  months: number | null;
}

export interface StatMember {
  id: number;
  name: string;
  idNumber: string;
  gender: string;
  ethnicity: string | null;
  birthDate: string;
  education: string | null;
  category: string;
  joinedOn: string;
  confirmedOn: string | null;
  /** the organization the registry holds the member in now */
  orgId: number;
  jobPosition: string | null;
  nativePlace: string | null;
  status: string;
  roll: string;
  leftOn: string | null;
  /** 增加方式 */
  increaseType: string;
  /** 入党类型 */
  joinType: string;
  /** 进入本组织日期 (first entered as 转入 / 恢复党籍) */
  enteredOn: string | null;
  profTitle: string | null;
  taiwan: boolean;
  migrantWorker: boolean;
  newStratum: string | null;
  selfCareUnable: boolean;
  /** in date order (ties: as recorded) */
  events: StatEvent[];
}

/** a member with the roll computed once */
export interface Prepared extends StatMember {
  spans: RollSpan[];
  rollEvents: RollEvent[];
  /** the day the member came onto the roll (入党, or 进入本组织日期) */
  entryDate: string;
  /** the last day the roll or the status changed (an event, else the entry): the registry speaks after it */
  lastChange: string;
}

/** a month-only date read as the first of its month */
export const firstDayOf = (d: string) => (d.length === 7 ? `${d}-01` : d);
/** the day before a (partial) date */
export const dayBefore = (d: string): string => addDays(firstDayOf(d), -1);

/** adds the roll to the member (the same object: 100,000 members are prepared at once) */
export function prepare(m: StatMember): Prepared {
  // StatEvent carries RollEvent's fields: the one rule reads the events as they are
  const rollEvents: RollEvent[] = m.events;
  const spans = rollSpans({ joinedOn: m.joinedOn, enteredOn: m.enteredOn, orgId: m.orgId, events: rollEvents });
  const entryDate = rollStart(m);
  let lastChange = entryDate;
  for (const e of m.events) if (rollEffect(e.type) !== 'none' && e.date > lastChange) lastChange = e.date;
  const p = m as Prepared;
  p.spans = spans;
  p.rollEvents = rollEvents;
  p.entryDate = entryDate;
  p.lastChange = lastChange;
  return p;
}

export interface DayState {
  /** the organization whose roll the member is on, or null */
  orgId: number | null;
  /** 停止党籍 */
  suspended: boolean;
}

/** the member's standing on a day from the dated events alone */
export function timelineOn(p: Prepared, date: string): DayState {
  return { orgId: orgOnDate(p.spans, date), suspended: suspendedOn(p.rollEvents, date) };
}

/**
 * The member's standing on a day as the registry has it: from the events up to the last one, and from the
 * registry's fields (在册情况 with its date, 党籍状态, 所在党组织) from then on.
 */
export function stateOn(p: Prepared, date: string): DayState {
  if (date < p.lastChange) return timelineOn(p, date);
  const onRoll = firstDayOf(p.entryDate) <= date && (p.roll === '在册' || (p.leftOn !== null && date < firstDayOf(p.leftOn)));
  return { orgId: onRoll ? p.orgId : null, suspended: p.status === '停止党籍' };
}

export type Scope = ReadonlySet<number> | null;
export const inScope = (scope: Scope, orgId: number | null): boolean => orgId !== null && (scope === null || scope.has(orgId));

/**
 * The organization a member is counted in on the day (in scope, on the roll, not 停止党籍), or null — the
 * same as stateOn without building its result (it runs for every member of every table).
 */
export function countedOrg(p: Prepared, scope: Scope, date: string): number | null {
  let org: number | null;
  if (date < p.lastChange) {
    org = orgOnDate(p.spans, date);
    if (org === null || suspendedOn(p.rollEvents, date)) return null;
  } else {
    if (p.status === '停止党籍') return null;
    const onRoll = firstDayOf(p.entryDate) <= date && (p.roll === '在册' || (p.leftOn !== null && date < firstDayOf(p.leftOn)));
    org = onRoll ? p.orgId : null;
  }
  return inScope(scope, org) ? org : null;
}

/** in the count (总数, 实有数): on the roll of an organization in scope and not 停止党籍 */
export function counted(p: Prepared, scope: Scope, date: string): boolean {
  return countedOrg(p, scope, date) !== null;
}

export function countedByTimeline(p: Prepared, scope: Scope, date: string): boolean {
  const s = timelineOn(p, date);
  return !s.suspended && inScope(scope, s.orgId);
}

/** 正式党员 on the day: full now, and 转正 on or before it (a month-only 转正日期 from its first day) */
export function isFullOn(p: StatMember, date: string): boolean {
  return p.category === '正式党员' && (!p.confirmedOn || firstDayOf(p.confirmedOn) <= date);
}

/** 周岁 on the day (docs/domain/statistics.md#basics) */
export const ageAt = (p: StatMember, date: string): number => ageOn(p.birthDate, date);

/** 党龄 in full years on the day, null for a 预备党员 (docs/domain/statistics.md#party-age) */
export const partyAgeAt = (p: StatMember, date: string): number | null => (isFullOn(p, date) ? partyAgeOn(p.confirmedOn, date) : null);
