import { UNPAID_STATUSES, type MonthStatus } from './ledger.ts';
import { monthIndex, type Month } from '../../../domain/periods.ts';

// Arrears and the 自行脱党 reminder (docs/domain/dues.md#non-payment, V18): the longest run of consecutive
// unpaid months up to the as-of month — wherever it lies, so that months paid later do not hide it —
// ignoring months covered by approved waivers. Warn at 3, escalate at 5, flag at 6 that the branch must
// examine whether there was a proper reason. Never remove anyone.

export const ARREARS_WARN = 3;
export const ARREARS_ESCALATE = 5;
export const ARREARS_RISK = 6;

export type ArrearsLevel = 'none' | 'warn' | 'escalate' | 'risk';

export const ARREARS_LEVEL_LABELS: Record<ArrearsLevel, string> = {
  none: '',
  warn: '已连续3个月未交，请提醒',
  escalate: '已连续5个月未交，请支部谈话督促',
  risk: '已连续6个月未交纳党费，请支部研究是否有正当理由',
};

export interface LedgerCell {
  month: Month;
  dueFen: number;
  paidFen: number;
  status: MonthStatus;
}

export interface ArrearsSummary {
  monthsOwed: Month[];
  amountOwedFen: number;
  consecutiveMonths: number;
  level: ArrearsLevel;
  /** 党费交至年月: the last month up to which everything is settled (null: nothing settled yet) */
  paidThrough: Month | null;
}

export function arrearsLevel(consecutive: number): ArrearsLevel {
  if (consecutive >= ARREARS_RISK) return 'risk';
  if (consecutive >= ARREARS_ESCALATE) return 'escalate';
  if (consecutive >= ARREARS_WARN) return 'warn';
  return 'none';
}

/** cells of one member (any order); only months ≤ asOf count as owed */
export function summarizeArrears(cells: LedgerCell[], asOf: Month): ArrearsSummary {
  const sorted = [...cells].sort((a, b) => monthIndex(a.month) - monthIndex(b.month));
  const monthsOwed: Month[] = [];
  let amountOwedFen = 0;
  for (const c of sorted) {
    if (c.month <= asOf && UNPAID_STATUSES.includes(c.status)) {
      monthsOwed.push(c.month);
      amountOwedFen += c.dueFen - c.paidFen;
    }
  }
  // the longest unpaid run; waived months neither count nor break it
  const waived = new Set(sorted.filter((c) => c.month <= asOf && c.status === '免交').map((c) => monthIndex(c.month)));
  const consecutiveMonths = longestOpenRun(monthsOwed.map(monthIndex), waived);
  let paidThrough: Month | null = null;
  for (const c of sorted) {
    if (UNPAID_STATUSES.includes(c.status)) break;
    paidThrough = c.month;
  }
  return { monthsOwed, amountOwedFen, consecutiveMonths, level: arrearsLevel(consecutiveMonths), paidThrough };
}

/**
 * The longest run of consecutive open months, given their month indexes in ascending order: a gap made
 * only of waived months (免交) keeps the run going without counting.
 */
export function longestOpenRun(openMonths: readonly number[], waived?: ReadonlySet<number>): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < openMonths.length; i++) {
    if (i > 0) {
      let bridged = true;
      for (let m = openMonths[i - 1] + 1; m < openMonths[i]; m++) {
        if (!waived?.has(m)) {
          bridged = false;
          break;
        }
      }
      run = bridged ? run + 1 : 1;
    } else run = 1;
    if (run > best) best = run;
  }
  return best;
}
