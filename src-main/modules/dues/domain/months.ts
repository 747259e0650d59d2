import { AppError } from '../../../domain/errors.ts';

// Months ('YYYY-MM') and reporting periods ('YYYY-MM', 'YYYY-Qn', 'YYYY') of the dues ledger.
// Dues are owed per calendar month (docs/domain/dues.md#who-when-where), so the month is the unit.

export type Month = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH_RE.test(text);
}

export function parseMonth(text: string, field = 'month'): Month {
  const t = text.trim().replace(/[./年]/g, '-').replace(/月$/, '');
  const m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2].padStart(2, '0')}`;
  throw new AppError('VALIDATION', `月份格式不正确：${text}（应为 YYYY-MM）`, field);
}

/** months since year 0: comparable and subtractable */
export function monthIndex(month: Month): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): Month {
  const y = Math.floor(index / 12);
  return `${y}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: Month, n: number): Month {
  return monthFromIndex(monthIndex(month) + n);
}

/** inclusive list of months; empty when to < from */
export function monthsBetween(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

export function yearMonths(year: number): Month[] {
  return monthsBetween(`${year}-01`, `${year}-12`);
}

/** month part of an ISO date or month ('2023-03-05' → '2023-03') */
export function monthOf(isoDate: string): Month {
  return isoDate.slice(0, 7);
}

/** '2023-01..2023-03', '2023-01', '2023-01,2023-02' → sorted distinct months */
export function parseMonthList(text: string, field = 'months'): Month[] {
  const out = new Set<Month>();
  for (const part of text.split(/[,，、\s]+/).filter(Boolean)) {
    const range = part.split(/\.\.|~|至/);
    if (range.length === 2) {
      const from = parseMonth(range[0], field);
      const to = parseMonth(range[1], field);
      if (monthIndex(to) < monthIndex(from)) throw new AppError('VALIDATION', `月份范围起止颠倒：${part}`, field);
      if (monthIndex(to) - monthIndex(from) > 120) throw new AppError('VALIDATION', `月份范围过长：${part}`, field);
      for (const m of monthsBetween(from, to)) out.add(m);
    } else if (range.length === 1) out.add(parseMonth(part, field));
    else throw new AppError('VALIDATION', `月份格式不正确：${part}`, field);
  }
  if (!out.size) throw new AppError('VALIDATION', '请填写交纳月份', field);
  return [...out].sort();
}

export interface Period {
  from: Month;
  to: Month;
  year: number;
  /** 2023年第一季度 / 2023年3月 / 2023年度 */
  label: string;
  key: string;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

/**
 * '2023-03' | '2023-Q1' | '2023' (publicity is monthly, quarterly or yearly, docs/domain/dues.md#publication)
 */
export function parsePeriod(text: string, field = 'period'): Period {
  const t = text.trim().toUpperCase();
  let m = /^(\d{4})-?Q([1-4])$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const from = `${y}-${String(q * 3 - 2).padStart(2, '0')}`;
    return { from, to: addMonths(from, 2), year: y, label: `${y}年第${QUARTER_NAMES[q - 1]}季度`, key: `${y}-Q${q}` };
  }
  m = /^(\d{4})$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    return { from: `${y}-01`, to: `${y}-12`, year: y, label: `${y}年度`, key: String(y) };
  }
  if (isMonth(t)) {
    const y = Number(t.slice(0, 4));
    return { from: t, to: t, year: y, label: `${y}年${Number(t.slice(5, 7))}月`, key: t };
  }
  throw new AppError('VALIDATION', `期间格式不正确：${text}（应为 YYYY-MM 或 YYYY-Qn）`, field);
}

/** '2023-03' → '2023.03' (交至年月 as printed) */
export function monthDot(month: Month | null): string {
  return month ? month.replace('-', '.') : '';
}
