import { AGE_BANDS, PARTY_AGE_BANDS } from './enums.ts';
import { addYears, fullYearsBetween, type PartialDate } from './partial-date.ts';

// 年龄 (周岁, docs/domain/statistics.md#age-bands) and 党龄 (counted from 转正日期; 预备党员 have none:
// docs/domain/statistics.md#party-age).

export function ageOn(birthDate: PartialDate, on: string): number {
  return fullYearsBetween(birthDate, on);
}

/** full years of membership on `on`, or null for a 预备党员 (no 转正日期) */
export function partyAgeOn(confirmedOn: PartialDate | null | undefined, on: string): number | null {
  if (!confirmedOn) return null;
  return Math.max(0, fullYearsBetween(confirmedOn, on));
}

export interface Band {
  label: string;
  min: number;
  max: number;
}

export const findAgeBand = (label: string): Band | undefined => AGE_BANDS.find((b) => b.label === label);
export const findPartyAgeBand = (label: string): Band | undefined => PARTY_AGE_BANDS.find((b) => b.label === label);

export const bandOf = (bands: readonly Band[], years: number): Band | undefined =>
  bands.find((b) => years >= b.min && years <= b.max);

/**
 * The range of start dates (birth or 转正) whose full years on `today` fall in the band, as ISO strings
 * for a SQL comparison: `date <= latest AND date > earliestExclusive`. A month-only date `YYYY-MM` sorts
 * before every day of its month as text, which is exactly the by-month reading of `fullYearsBetween`.
 */
export function bandDateBounds(band: Band, today: string): { latest: string; earliestExclusive: string } {
  return { latest: addYears(today, -band.min), earliestExclusive: addYears(today, -(band.max + 1)) };
}
