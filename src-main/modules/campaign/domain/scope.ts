import { before, earlier, later, onOrBefore, type IsoDate } from '../../../domain/periods.ts';

// Who is on a campaign's checklist (docs/domain/religion-campaign.md#campaign-roll), judged by the members'
// OWN dates, never by when their records were entered, so a 2023 campaign created today still covers the 2023
// roll.
//
//  - arrival on this roll = the later of 入党日期 and the last 转入 event (member_events type 转入);
//  - departure = members.left_on or the first 转出/死亡/出党 event after arrival;
//  - arrival on/before start and no departure before start → base member;
//  - arrival after start and on/before end → added later (marked);
//  - arrival after end, or departure before start → not in the campaign;
//  - departure between start and end → stays on the checklist, marked left, and is not counted.
//  - departure after end does not matter: the member was there the whole campaign.

export interface MemberDates {
  joinedOn: IsoDate;
  /** last 转入 date, if any */
  transferredInOn?: IsoDate | null;
  /** members.left_on or first leaving event */
  leftOn?: IsoDate | null;
}

export interface CampaignPeriod {
  start: IsoDate;
  end: IsoDate;
}

export type Membership =
  | { inScope: false }
  | { inScope: true; addedLater: boolean; arrivedOn: IsoDate; leftOn: IsoDate | null };

export { ARRIVING_EVENTS, LEAVING_EVENTS } from '../../../domain/roll.ts';

export function arrivalOf(m: MemberDates): IsoDate {
  return later(m.joinedOn, m.transferredInOn) ?? m.joinedOn;
}

export function classifyMember(m: MemberDates, period: CampaignPeriod): Membership {
  const arrivedOn = arrivalOf(m);
  if (!onOrBefore(arrivedOn, period.end)) return { inScope: false };
  const leftOn = m.leftOn ?? null;
  // left before the campaign started (and not back since: a later 转入 moves the arrival past it)
  if (leftOn && before(leftOn, period.start) && !before(leftOn, arrivedOn)) return { inScope: false };
  const leftDuring = leftOn && !before(leftOn, arrivedOn) && onOrBefore(leftOn, period.end) ? leftOn : null;
  return { inScope: true, addedLater: !onOrBefore(arrivedOn, period.start), arrivedOn, leftOn: leftDuring };
}

/**
 * the first leaving date on/after the arrival, among members.left_on and the leaving events: a member
 * who left in 2010 and was transferred back in 2023 has no departure unless they left again
 */
export function departureOf(arrivedOn: IsoDate, leftOnField: IsoDate | null | undefined, leavingEventDates: (IsoDate | null | undefined)[]): IsoDate | null {
  let first: IsoDate | null = null;
  for (const d of [leftOnField, ...leavingEventDates]) if (d && !before(d, arrivedOn)) first = earlier(first, d);
  return first;
}

/** dates outside the campaign's start–end only warn */
export function outsidePeriod(date: IsoDate, period: CampaignPeriod): boolean {
  return before(date, period.start) || before(period.end, date);
}
