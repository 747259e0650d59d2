// Partial dates: ISO text `YYYY-MM-DD`, or `YYYY-MM` where only the month is known (docs/architecture.md#data;
// docs/domain/import.md#date-forms: never invent a day). A month-only date stands for every
// day of its month, so rules compare by month and refuse only when a rule is certainly broken.

/** `YYYY-MM-DD` or `YYYY-MM` */
export type PartialDate = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_SHAPE = /^\d{4}-\d{2}(-\d{2})?$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** a real calendar date (leap years included) */
export function isValidYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function isPartialDate(s: unknown): s is PartialDate {
  if (typeof s !== 'string') return false;
  let m = DAY_RE.exec(s);
  if (m) return isValidYmd(+m[1], +m[2], +m[3]);
  m = MONTH_RE.exec(s);
  return !!m && +m[2] >= 1 && +m[2] <= 12 && +m[1] >= 1;
}

export function isMonthOnly(d: PartialDate): boolean {
  return d.length === 7;
}

/** full-width digits and punctuation → ASCII; whitespace (incl. U+3000) removed */
function halfWidth(text: string): string {
  if (!/[\s\uFF01-\uFF5E]/.test(text)) return text;
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}

/**
 * Reads a date the way clerks write it (docs/domain/import.md#date-forms): 1985-06-15, 1985/6/15, 1985.06.15,
 * 1985.06, 1985年6月15日, 1985年6月, 19850615, 198506. Returns the ISO partial date, or null when the
 * text is not a real date. Empty input is null too; callers decide whether a date is required.
 */
export function parsePartialDate(text: string | null | undefined): PartialDate | null {
  if (text == null) return null;
  // already ISO (a date cell, a date taken from an ID number): checked, not re-parsed
  if (typeof text === 'string' && (text.length === 10 || text.length === 7) && ISO_SHAPE.test(text)) return isPartialDate(text) ? text : null;
  const t = halfWidth(String(text));
  if (!t) return null;
  let m = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月?)$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})?$/.exec(t);
  if (!m) return null;
  const y = +m[1];
  const mo = +m[2];
  if (m[3] === undefined) return mo >= 1 && mo <= 12 && y >= 1 ? `${m[1]}-${pad(mo)}` : null;
  const d = +m[3];
  return isValidYmd(y, mo, d) ? `${m[1]}-${pad(mo)}-${pad(d)}` : null;
}

/** Excel serial day number (1900 date system) → YYYY-MM-DD; serials ≥ 61 use epoch 1899-12-30. */
export function fromExcelSerial(serial: number): PartialDate | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const whole = Math.floor(serial);
  const epoch = Date.UTC(1899, 11, whole >= 61 ? 30 : 31);
  const d = new Date(epoch + whole * 86_400_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** first and last day a partial date may stand for */
export function dateRange(d: PartialDate): { first: string; last: string } {
  if (!isMonthOnly(d)) return { first: d, last: d };
  const y = +d.slice(0, 4);
  const m = +d.slice(5, 7);
  return { first: `${d}-01`, last: `${d}-${pad(daysInMonth(y, m))}` };
}

/** the first and the last day a partial date may stand for, without building a range object */
const firstDay = (d: PartialDate): string => (isMonthOnly(d) ? `${d}-01` : d);
const lastDay = (d: PartialDate): string => (isMonthOnly(d) ? `${d}-${pad(daysInMonth(+d.slice(0, 4), +d.slice(5, 7)))}` : d);

/** a is before b on every reading of both */
export function certainlyBefore(a: PartialDate, b: PartialDate): boolean {
  return lastDay(a) < firstDay(b);
}

/** a is after b on every reading of both */
export function certainlyAfter(a: PartialDate, b: PartialDate): boolean {
  return firstDay(a) > lastDay(b);
}

/** equal at the coarser precision of the two (compare by month when either has only a month) */
export function sameAtPrecision(a: PartialDate, b: PartialDate): boolean {
  if (isMonthOnly(a) || isMonthOnly(b)) return a.slice(0, 7) === b.slice(0, 7);
  return a === b;
}

/**
 * Adds whole years keeping the precision. 29 February in a non-leap target year becomes 1 March, so that an
 * age reached "on the birthday" agrees with the 周岁 formula of docs/domain/id-numbers.md#derived-values.
 */
export function addYears(d: PartialDate, years: number): PartialDate {
  const y = +d.slice(0, 4) + years;
  if (isMonthOnly(d)) return `${pad(y, 4)}${d.slice(4)}`;
  const m = +d.slice(5, 7);
  const day = +d.slice(8, 10);
  if (m === 2 && day === 29 && !isLeapYear(y)) return `${pad(y, 4)}-03-01`;
  return `${pad(y, 4)}${d.slice(4)}`;
}

/** adds days to a full date (YYYY-MM-DD) */
export function addDays(d: string, days: number): string {
  const t = Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) + days * 86_400_000;
  const x = new Date(t);
  return `${pad(x.getUTCFullYear(), 4)}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}`;
}

/** whole days from a to b (both YYYY-MM-DD) */
export function daysBetween(a: string, b: string): number {
  const ta = Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10));
  const tb = Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10));
  return Math.round((tb - ta) / 86_400_000);
}

/**
 * Full years from `from` to `on` (周岁, docs/domain/id-numbers.md#derived-values). A month-only `from` is
 * compared by month: the anniversary counts as reached from the first day of its month.
 */
export function fullYearsBetween(from: PartialDate, on: string): number {
  const fy = +from.slice(0, 4);
  const fm = +from.slice(5, 7);
  const fd = isMonthOnly(from) ? 1 : +from.slice(8, 10);
  const oy = +on.slice(0, 4);
  const om = +on.slice(5, 7);
  const od = isMonthOnly(on) ? 31 : +on.slice(8, 10);
  return oy - fy - (om < fm || (om === fm && od < fd) ? 1 : 0);
}

// Writing dates for print (1985.06.15 / 1985.06 / 1985年6月15日) lives in src-main/excel/format.ts.
