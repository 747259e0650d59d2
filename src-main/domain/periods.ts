import { AppError } from './errors.ts';
import { daysInMonth, isValidYmd } from './partial-date.ts';

// Months, dates and reporting periods shared by every module (docs/architecture.md#data): a month is
// 'YYYY-MM'; a period is a month ('2026-07'), quarter ('2026-Q3'), half-year ('2026-H1'), year ('2026')
// or a custom range ('2026-03-01..2026-05-31'); every period has first and last days and a Chinese label.
// Dates are ISO text and compare as strings; a month-only date ('2026-04') sorts before every day of its
// month, i.e. it is taken as the start of that month — no day is invented.

export type Month = string;
export type IsoDate = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const isMonth = (text: string): boolean => MONTH_RE.test(text);

export function isIsoDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  return isValidYmd(y, m, d);
}

/** '2026-3', '2026.03', '2026年3月', '2026/03' → '2026-03' */
export function parseMonth(text: string, field = 'month'): Month {
  const t = text.trim().replace(/[./年]/g, '-').replace(/月$/, '');
  const m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2].padStart(2, '0')}`;
  throw new AppError('VALIDATION', `月份格式不正确：${text}（应为 YYYY-MM）`, field);
}

/** months since year 0: comparable and subtractable */
export const monthIndex = (month: Month): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

export function monthFromIndex(index: number): Month {
  const y = Math.floor(index / 12);
  return `${y}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const addMonths = (month: Month, n: number): Month => monthFromIndex(monthIndex(month) + n);

/** inclusive list of months; empty when to < from */
export function monthsBetween(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

export const yearMonths = (year: number): Month[] => monthsBetween(`${year}-01`, `${year}-12`);

/** month part of an ISO date or month ('2023-03-05' → '2023-03') */
export const monthOf = (isoDate: string): Month => isoDate.slice(0, 7);

export const firstDay = (month: Month): IsoDate => `${month}-01`;
export const lastDay = (month: Month): IsoDate => `${month}-${String(daysInMonth(+month.slice(0, 4), +month.slice(5, 7))).padStart(2, '0')}`;

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

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'range';

export interface Period {
  kind: PeriodKind;
  /** first and last day, inclusive */
  start: IsoDate;
  end: IsoDate;
  /** first and last month, inclusive */
  from: Month;
  to: Month;
  /** the year of the first day */
  year: number;
  /** 2026年第一季度 / 2026年上半年 / 2026年3月 / 2026年度 / 2026年3月1日至5月31日 */
  label: string;
  /** the canonical spelling: 2026-Q1, 2026-H1, 2026-03, 2026, 2026-03-01..2026-05-31 */
  key: string;
}

const CN_NUM = ['一', '二', '三', '四'];

function ofMonths(kind: PeriodKind, from: Month, to: Month, label: string, key: string): Period {
  return { kind, start: firstDay(from), end: lastDay(to), from, to, year: Number(from.slice(0, 4)), label, key };
}

export const monthPeriod = (m: Month): Period => ofMonths('month', m, m, `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`, m);

export function quarterPeriod(year: number, q: number): Period {
  const from = `${year}-${String(q * 3 - 2).padStart(2, '0')}`;
  return ofMonths('quarter', from, addMonths(from, 2), `${year}年第${CN_NUM[q - 1]}季度`, `${year}-Q${q}`);
}

export function halfPeriod(year: number, h: number): Period {
  const from = h === 1 ? `${year}-01` : `${year}-07`;
  return ofMonths('half', from, addMonths(from, 5), `${year}年${h === 1 ? '上' : '下'}半年`, `${year}-H${h}`);
}

export const yearPeriod = (year: number): Period => ofMonths('year', `${year}-01`, `${year}-12`, `${year}年度`, String(year));

function cnDay(d: IsoDate): string {
  return `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

export function rangePeriod(start: IsoDate, end: IsoDate, field = 'period'): Period {
  if (!isIsoDay(start) || !isIsoDay(end)) throw new AppError('VALIDATION', `期间的起止日期应为 YYYY-MM-DD：${start}..${end}`, field);
  if (end < start) throw new AppError('VALIDATION', `期间起止颠倒：${start}..${end}`, field);
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  const label = `${start.slice(0, 4)}年${cnDay(start)}至${sameYear ? '' : `${end.slice(0, 4)}年`}${cnDay(end)}`;
  return { kind: 'range', start, end, from: monthOf(start), to: monthOf(end), year: Number(start.slice(0, 4)), label, key: `${start}..${end}` };
}

/**
 * Reads a period as clerks and scripts write it: 2026 | 2026-H1 (H2, 上半年…) | 2026-Q3 | 2026-07 |
 * 2026-03-01..2026-05-31 (also '~' or '至' between the days).
 */
export function parsePeriod(text: string, field = 'period'): Period {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  let m = /^(\d{4})-?Q([1-4])$/.exec(t);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-?H([12])$/.exec(t);
  if (m) return halfPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})年?(上|下)半年$/.exec(t);
  if (m) return halfPeriod(Number(m[1]), m[2] === '上' ? 1 : 2);
  m = /^(\d{4})年?度?$/.exec(t);
  if (m) return yearPeriod(Number(m[1]));
  m = /^(\d{4}-\d{2}-\d{2})(?:\.\.|~|至)(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m) return rangePeriod(m[1], m[2], field);
  if (/^\d{4}[-./年]\d{1,2}月?$/.test(t)) return monthPeriod(parseMonth(t, field));
  throw new AppError('VALIDATION', `期间格式不正确：${text}（应为 2026、2026-H1、2026-Q3、2026-07 或 2026-03-01..2026-05-31）`, field);
}

/** the date falls in the period (a month-only date by its month) */
export function inPeriod(p: Period, date: string): boolean {
  return date.length === 7 ? date >= p.from && date <= p.to : date >= p.start && date <= p.end;
}

export type PeriodUnit = 'month' | 'quarter' | 'half' | 'year';

/** the period of a unit that contains a date: the quarter of 2026-03-31 is 2026-Q1 */
export function periodOf(date: string, unit: PeriodUnit): Period {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  switch (unit) {
    case 'month':
      return monthPeriod(date.slice(0, 7));
    case 'quarter':
      return quarterPeriod(y, Math.ceil(mo / 3));
    case 'half':
      return halfPeriod(y, mo <= 6 ? 1 : 2);
    default:
      return yearPeriod(y);
  }
}

/** the unit periods that overlap a period, in order (the months of a quarter, the quarters of a year …) */
export function unitsOf(p: Period, unit: PeriodUnit): Period[] {
  const out: Period[] = [];
  let cur = periodOf(p.start, unit);
  while (cur.start <= p.end) {
    out.push(cur);
    cur = periodOf(addDays(cur.end, 1), unit);
  }
  return out;
}

/** calendar arithmetic on an ISO day */
export function addDays(date: IsoDate, n: number): IsoDate {
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + n));
  return d.toISOString().slice(0, 10);
}
