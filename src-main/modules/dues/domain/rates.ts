import type { Month } from '../../../domain/periods.ts';

// The dues brackets, rates and fixed amounts as DATA (a versioned table, not constants scattered
// in code). A new national or local table is one more entry; the table in force for a month is the
// latest whose effectiveFrom ≤ that month.

export interface Bracket {
  /** inclusive upper bound of the monthly base in fen; null = no upper bound */
  upToFen: number | null;
  /** rate in basis points of the WHOLE base (not progressive, docs/domain/dues.md#rates) */
  rateBp: number;
}

export interface RateTable {
  version: string;
  effectiveFrom: Month;
  source: string;
  /** 在职 (and 年薪制 / 个体经营 / 其他 on their base) */
  salary: Bracket[];
  /** 离退休 */
  retiree: Bracket[];
  /** fixed monthly amounts in fen by category */
  fixedFen: Record<string, number>;
  /** 农民: the branch picks an amount in this inclusive range */
  farmerRangeFen: [number, number];
}

export const RATE_TABLES: readonly RateTable[] = [
  {
    version: '2008',
    effectiveFrom: '2008-04',
    // 中组发〔2008〕3号 arts. 2, 5, 6 — docs/domain/dues.md#rates (new rates applied from 2008-04-01)
    source: '《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）第二、五、六条',
    salary: [
      { upToFen: 300_000, rateBp: 50 }, // B ≤ 3,000 → 0.5 %
      { upToFen: 500_000, rateBp: 100 }, // 3,000 < B ≤ 5,000 → 1 %
      { upToFen: 1_000_000, rateBp: 150 }, // 5,000 < B ≤ 10,000 → 1.5 %
      { upToFen: null, rateBp: 200 }, // B > 10,000 → 2 %
    ],
    retiree: [
      { upToFen: 500_000, rateBp: 50 }, // B ≤ 5,000 → 0.5 %
      { upToFen: null, rateBp: 100 }, // B > 5,000 → 1 %
    ],
    fixedFen: { 学生: 20, 下岗失业: 20, 依靠抚恤或救济生活: 20, 领取最低生活保障金: 20 }, // fixed amounts: 0.2 元
    farmerRangeFen: [20, 100], // 农民党员 0.2 – 1 元
  },
];

export function rateTableFor(month: Month | null = null, tables: readonly RateTable[] = RATE_TABLES): RateTable {
  const sorted = [...tables].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (!month) return sorted[sorted.length - 1];
  let found = sorted[0];
  for (const t of sorted) if (t.effectiveFrom <= month) found = t;
  return found;
}

export function bracketFor(brackets: Bracket[], baseFen: number): Bracket {
  for (const b of brackets) if (b.upToFen === null || baseFen <= b.upToFen) return b;
  return brackets[brackets.length - 1];
}

/** 150 → '1.5%' */
export function formatRate(rateBp: number): string {
  const whole = Math.floor(rateBp / 100);
  const frac = rateBp % 100;
  return `${whole}${frac ? `.${String(frac).padStart(2, '0').replace(/0$/, '')}` : ''}%`;
}
