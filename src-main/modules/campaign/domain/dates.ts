// Date comparisons for the campaign's scope rules. Member dates may be month-only (YYYY-MM,
// docs/domain/import.md#date-forms: never invent a day); ISO text compares correctly as strings, and a
// month-only value sorts before every day of its month ('2023-04' < '2023-04-01'), i.e. it is taken as
// "at the start of that month". That keeps a member who joined "2023-04" in a campaign starting
// 2023-04-01 as a base member rather than inventing a later day.

export type IsoDate = string;

export const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export const before = (a: IsoDate, b: IsoDate): boolean => a < b;
export const onOrBefore = (a: IsoDate, b: IsoDate): boolean => a <= b;

/** the later of two optional dates */
export function later(a: IsoDate | null | undefined, b: IsoDate | null | undefined): IsoDate | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a >= b ? a : b;
}

/** the earlier of two optional dates */
export function earlier(a: IsoDate | null | undefined, b: IsoDate | null | undefined): IsoDate | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a <= b ? a : b;
}
