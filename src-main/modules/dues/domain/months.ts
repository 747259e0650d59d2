import { AppError } from '../../../domain/errors.ts';
import { monthIndex, monthsBetween, parseMonth, type Month } from '../../../domain/periods.ts';

// The dues ledger's own month notations (months, periods and dates are shared: domain/periods.ts).
// Dues are owed per calendar month (docs/domain/dues.md#who-when-where), so the month is the unit.

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

/** '2023-03' → '2023.03' (交至年月 as printed) */
export function monthDot(month: Month | null): string {
  return month ? month.replace('-', '.') : '';
}
