import { formatFen } from '../../../domain/money.ts';

// Payslip helper: the dues base from payslip items under a per-organization deduction profile
// (docs/domain/dues.md#base, U6 — sources disagree on what is deducted, so it is configuration).

export interface DeductionProfile {
  name: string;
  /** payslip items added to the base */
  add: string[];
  /** payslip items subtracted from the base */
  subtract: string[];
}

/** the later (wider-deduction) caliber, the default (tax + employee social insurance/fund/annuity) */
export const WIDE_DEDUCTION_PROFILE: DeductionProfile = {
  name: '扣除个税及个人社保公积金年金（默认）',
  add: ['职务职级工资', '级别工资', '岗位工资', '薪级工资', '基础性绩效工资', '规范津贴补贴', '技术等级工资', '基本工资', '奖金'],
  subtract: ['个人所得税', '养老保险', '职业年金', '企业年金', '医疗保险', '失业保险', '住房公积金'],
};

/** the 2009 Nantong caliber: only personal income tax is deducted */
export const TAX_ONLY_PROFILE: DeductionProfile = {
  name: '仅扣除个人所得税',
  add: WIDE_DEDUCTION_PROFILE.add,
  subtract: ['个人所得税'],
};

export const DEDUCTION_PROFILES = [WIDE_DEDUCTION_PROFILE, TAX_ONLY_PROFILE] as const;

export interface PayslipLine {
  item: string;
  sign: 1 | -1 | 0;
  fen: number;
}

export interface PayslipComputation {
  baseFen: number;
  lines: PayslipLine[];
  /** '8000.00 − 640.00 − … = 5861.20', shown on the assessment sheet */
  text: string;
}

/**
 * items not named by the profile are left out (sign 0) and listed, since the rules leave them to the
 * committee
 */
export function computeBaseFromPayslip(items: { item: string; fen: number }[], profile: DeductionProfile): PayslipComputation {
  const lines: PayslipLine[] = items.map(({ item, fen }) => ({
    item,
    fen,
    sign: profile.add.includes(item) ? 1 : profile.subtract.includes(item) ? -1 : 0,
  }));
  const baseFen = Math.max(0, lines.reduce((s, l) => s + l.sign * l.fen, 0));
  const plus = lines.filter((l) => l.sign === 1);
  const minus = lines.filter((l) => l.sign === -1);
  const text = [
    plus.map((l) => `${l.item}${formatFen(l.fen)}`).join(' + ') || '0.00',
    ...minus.map((l) => `− ${l.item}${formatFen(l.fen)}`),
  ].join(' ') + ` = ${formatFen(baseFen)}`;
  return { baseFen, lines, text };
}
