import { monthIndex, monthOf, type Month } from '../../../domain/periods.ts';

// One ledger cell per member-month: what is owed (应交) and what has been paid (实交), and the status
// the grid shows (docs/domain/dues.md#data-model: a ledger view per member-year with 12 month cells).

export const MONTH_STATUSES = ['已交', '未交', '部分', '预交', '免交'] as const;
export type MonthStatus = (typeof MONTH_STATUSES)[number];
export const UNPAID_STATUSES: readonly MonthStatus[] = ['未交', '部分'];

export const WAIVER_TYPES = ['少交', '免交'] as const;
export type WaiverType = (typeof WAIVER_TYPES)[number];

export interface StandardSpan {
  id: number;
  fromMonth: Month;
  /**
   * year of the assessment; a later month of another year uses it provisionally
   * (docs/domain/dues.md#assessment)
   */
  year: number;
  amountFen: number;
  draft: boolean;
}

export interface WaiverSpan {
  type: WaiverType;
  fromMonth: Month;
  toMonth: Month;
  reducedFen: number | null;
}

export interface PlannedMonth {
  month: Month;
  standardId: number;
  dueFen: number;
  waived: boolean;
  /** carried over from an earlier year's standard (or a draft) before this year's assessment */
  provisional: boolean;
}

/**
 * What a member owes for a month while on a roll (whether and where: domain/roll.ts orgForMonth,
 * docs/domain/dues.md#ledger-and-roll): the standard in force (the latest from_month ≤ month: it applies
 * until the next assessment), reduced or waived by an approved 少交/免交
 * (docs/domain/dues.md#who-when-where). Null before the first standard.
 */
export function planMonth(month: Month, ctx: { standards: readonly StandardSpan[]; waivers: readonly WaiverSpan[] }): PlannedMonth | null {
  let std: StandardSpan | null = null;
  for (const s of ctx.standards) if (s.fromMonth <= month && (!std || s.fromMonth > std.fromMonth)) std = s;
  if (!std) return null;
  let dueFen = std.amountFen;
  let waived = false;
  for (const w of ctx.waivers) {
    if (w.fromMonth <= month && month <= w.toMonth) {
      if (w.type === '免交') {
        dueFen = 0;
        waived = true;
      } else dueFen = Math.min(dueFen, w.reducedFen ?? dueFen);
    }
  }
  const provisional = std.draft || std.year < Number(month.slice(0, 4));
  return { month, standardId: std.id, dueFen, waived, provisional };
}

/** the cell status from what is owed and paid; paid before the month began = 预交 */
export function monthStatus(cell: { month: Month; dueFen: number; paidFen: number; waived: boolean; paidOn: string | null }): MonthStatus {
  if (cell.waived && cell.paidFen === 0) return '免交';
  if (cell.paidFen >= cell.dueFen && (cell.paidFen > 0 || cell.waived)) {
    return cell.paidOn && monthOf(cell.paidOn) < cell.month ? '预交' : '已交';
  }
  if (cell.paidFen > 0) return '部分';
  return '未交';
}

export interface AllocationTarget {
  month: Month;
  outstandingFen: number;
}

/** a total applied to the oldest covered month first; a shortfall leaves the last month(s) 部分/未交 */
export function allocatePayment(targets: AllocationTarget[], totalFen: number): { lines: { month: Month; fen: number }[]; excessFen: number } {
  const sorted = [...targets].sort((a, b) => monthIndex(a.month) - monthIndex(b.month));
  let left = totalFen;
  const lines: { month: Month; fen: number }[] = [];
  for (const t of sorted) {
    const fen = Math.min(left, Math.max(0, t.outstandingFen));
    lines.push({ month: t.month, fen });
    left -= fen;
  }
  // what exceeds the covered months' dues stays on the last month (recorded as 多交, only with confirmation)
  if (left > 0 && lines.length) lines[lines.length - 1].fen += left;
  return { lines, excessFen: left };
}

/** 补交 normally ≤ 6 months (V19); 预交 limit is local (U8, default 3) */
export const MAX_BACK_MONTHS = 6;
export const DEFAULT_ADVANCE_LIMIT = 3;

/** backMonths: covered months before the month paid in; advanceMonths: how far past it the last covered month lies */
export function paymentTiming(months: Month[], paidOn: string): { backMonths: number; advanceMonths: number } {
  const paidMonth = monthOf(paidOn);
  return {
    backMonths: months.filter((m) => m < paidMonth).length,
    // how far ahead the member will have paid (months already paid in advance count too)
    advanceMonths: Math.max(0, ...months.map((m) => monthIndex(m) - monthIndex(paidMonth))),
  };
}
