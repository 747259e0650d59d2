import { UNPAID_STATUSES, type MonthStatus } from './ledger.ts';
import { monthIndex, type Month } from '../../../domain/periods.ts';

// Arrears and the 自行脱党 reminder (docs/domain/dues.md#non-payment, V18): count consecutive unpaid
// months up to the as-of month, ignoring months covered by approved waivers. Warn at 3, escalate at 5,
// flag at 6 that the branch must examine whether there was a proper reason. Never remove anyone.

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
  // the unpaid run ending at the as-of month; waived months neither count nor break the run
  let consecutiveMonths = 0;
  const upTo = sorted.filter((c) => c.month <= asOf);
  if (upTo.length && upTo[upTo.length - 1].month === asOf) {
    let expected = monthIndex(asOf);
    for (let i = upTo.length - 1; i >= 0; i--) {
      const c = upTo[i];
      if (monthIndex(c.month) !== expected) break;
      expected--;
      if (c.status === '免交') continue;
      if (!UNPAID_STATUSES.includes(c.status)) break;
      consecutiveMonths++;
    }
  }
  let paidThrough: Month | null = null;
  for (const c of sorted) {
    if (UNPAID_STATUSES.includes(c.status)) break;
    paidThrough = c.month;
  }
  return { monthsOwed, amountOwedFen, consecutiveMonths, level: arrearsLevel(consecutiveMonths), paidThrough };
}
