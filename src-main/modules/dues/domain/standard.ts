import { AppError, type Issue } from '../../../domain/errors.ts';
import { CATEGORY_RULES, type PayerCategory } from './categories.ts';
import { formatFen } from '../../../domain/money.ts';
import { bracketFor, formatRate, rateTableFor, type RateTable } from './rates.ts';
import { divideRounded, DEFAULT_ROUNDING, type RoundingMode } from './rounding.ts';

// The monthly dues standard the rules give (docs/domain/dues.md#rates), computed in integer fen:
// amount = base × rate on the WHOLE base (3,000.00 → 15.00; 3,000.01 → 30.00), rounded to the fen.

export interface StandardInput {
  category: PayerCategory;
  /** monthly base in fen (salary/retiree kinds) */
  baseFen?: number | null;
  /** 农民: the amount the branch set, in fen */
  farmerFen?: number | null;
}

export interface StandardResult {
  amountFen: number;
  /** '1.5%', '固定0.20元', '0.20–1.00元' */
  rateLabel: string;
  rateBp: number | null;
  tableVersion: string;
}

export function computeStandard(
  input: StandardInput,
  opts: { rounding?: RoundingMode; month?: string | null; table?: RateTable } = {},
): StandardResult {
  const table = opts.table ?? rateTableFor(opts.month ?? null);
  const kind = CATEGORY_RULES[input.category].kind;
  const issues: Issue[] = [];
  if (kind === 'salary' || kind === 'retiree') {
    const base = input.baseFen;
    if (base === null || base === undefined) {
      throw new AppError('VALIDATION', `${input.category}党员须填写月收入基数`, 'income');
    }
    if (!Number.isSafeInteger(base) || base < 0) throw new AppError('VALIDATION', '月收入基数不正确', 'income');
    const bracket = bracketFor(kind === 'salary' ? table.salary : table.retiree, base);
    // base (fen) × rateBp / 10000 exactly, then one rounding (docs/domain/dues.md#rounding, U5)
    const amountFen = divideRounded(base * bracket.rateBp, 10_000, opts.rounding ?? DEFAULT_ROUNDING);
    return { amountFen, rateLabel: formatRate(bracket.rateBp), rateBp: bracket.rateBp, tableVersion: table.version };
  }
  if (kind === 'farmer') {
    const [min, max] = table.farmerRangeFen;
    const fen = input.farmerFen;
    if (fen === null || fen === undefined) {
      throw new AppError('USAGE', `农民党员须由支部确定每月交纳金额（${formatFen(min)}–${formatFen(max)}元）`, 'amount');
    }
    if (fen < min || fen > max) {
      issues.push({ field: 'amount', message: `农民党员每月交纳党费应为${formatFen(min)}–${formatFen(max)}元` });
      throw new AppError('VALIDATION', issues[0].message, 'amount', { issues });
    }
    return { amountFen: fen, rateLabel: `${formatFen(min)}–${formatFen(max)}元`, rateBp: null, tableVersion: table.version };
  }
  const fixed = table.fixedFen[input.category];
  return { amountFen: fixed, rateLabel: `固定${formatFen(fixed)}元`, rateBp: null, tableVersion: table.version };
}
