// Payer categories of the dues rules (docs/domain/dues.md#rates) and how each one is assessed.
// Declared once; the UI, CLI, import and exports all use this list.

export const PAYER_CATEGORIES = [
  '在职', '离退休', '农民', '学生', '下岗失业', '依靠抚恤或救济生活', '领取最低生活保障金', '年薪制', '个体经营', '其他',
] as const;
export type PayerCategory = (typeof PAYER_CATEGORIES)[number];

/**
 * salary: the salary table on a monthly base (年薪制 / 个体经营 / 其他 use it too);
 * retiree: the retirement table; farmer: 0.20–1.00 chosen by the branch; fixed: a fixed amount.
 */
export type RuleKind = 'salary' | 'retiree' | 'farmer' | 'fixed';

/**
 * how often the base is set: yearly assessment (docs/domain/dues.md#assessment), the month's pay for 年薪制,
 * last quarter's average for 个体经营
 */
export type BaseCadence = 'year' | 'month' | 'quarter';

export const CATEGORY_RULES: Record<PayerCategory, { kind: RuleKind; cadence: BaseCadence }> = {
  在职: { kind: 'salary', cadence: 'year' },
  离退休: { kind: 'retiree', cadence: 'year' },
  农民: { kind: 'farmer', cadence: 'year' },
  学生: { kind: 'fixed', cadence: 'year' },
  下岗失业: { kind: 'fixed', cadence: 'year' },
  依靠抚恤或救济生活: { kind: 'fixed', cadence: 'year' },
  领取最低生活保障金: { kind: 'fixed', cadence: 'year' },
  年薪制: { kind: 'salary', cadence: 'month' },
  个体经营: { kind: 'salary', cadence: 'quarter' },
  其他: { kind: 'salary', cadence: 'year' },
};

/** names clerks commonly write in spreadsheets and on the command line */
const ALIASES: Record<string, PayerCategory> = {
  在职职工: '在职', 在职人员: '在职', 机关事业单位: '在职', 企业职工: '在职',
  离休: '离退休', 退休: '离退休', 离退休干部职工: '离退休', 离退休人员: '离退休',
  农民党员: '农民', 学生党员: '学生',
  下岗: '下岗失业', 失业: '下岗失业', 下岗失业人员: '下岗失业',
  依靠抚恤或救济: '依靠抚恤或救济生活', 抚恤: '依靠抚恤或救济生活', 救济: '依靠抚恤或救济生活',
  低保: '领取最低生活保障金', 领取低保: '领取最低生活保障金', 最低生活保障: '领取最低生活保障金',
  年薪: '年薪制', 个体: '个体经营', 个体经营者: '个体经营', 个体工商户: '个体经营',
};

export function normalizeCategory(text: string): PayerCategory | null {
  const t = text.trim();
  if ((PAYER_CATEGORIES as readonly string[]).includes(t)) return t as PayerCategory;
  return ALIASES[t] ?? null;
}

export function categoryHasBase(category: PayerCategory): boolean {
  const k = CATEGORY_RULES[category].kind;
  return k === 'salary' || k === 'retiree';
}
