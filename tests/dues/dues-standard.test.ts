import { describe, expect, it } from 'vitest';
import { computeStandard } from '../../src-main/modules/dues/domain/standard.ts';
import { formatFen, parseYuan } from '../../src-main/domain/money.ts';
import { divideRounded } from '../../src-main/modules/dues/domain/rounding.ts';
import { PAYER_CATEGORIES, normalizeCategory, type PayerCategory } from '../../src-main/modules/dues/domain/categories.ts';
import { addMonths, monthsBetween, parsePeriod } from '../../src-main/domain/periods.ts';
import { parseMonthList } from '../../src-main/modules/dues/domain/months.ts';
import { computeBaseFromPayslip, TAX_ONLY_PROFILE, WIDE_DEDUCTION_PROFILE } from '../../src-main/modules/dues/domain/payslip.ts';
import { allocatePayment, monthStatus, paymentTiming, planMonth } from '../../src-main/modules/dues/domain/ledger.ts';
import { summarizeArrears } from '../../src-main/modules/dues/domain/arrears.ts';
import { RATE_TABLES, rateTableFor } from '../../src-main/modules/dues/domain/rates.ts';
import { AppError } from '../../src-main/domain/errors.ts';

const std = (category: PayerCategory, base?: string, opts: { rounding?: 'half-up' | 'down' | 'up'; farmer?: string } = {}) =>
  formatFen(computeStandard({ category, baseFen: base ? parseYuan(base) : null, farmerFen: opts.farmer ? parseYuan(opts.farmer) : null }, { rounding: opts.rounding }).amountFen);

describe('dues standard (rates, rounding)', () => {
  it('salary table: every bracket and its edges (rate on the whole base)', () => {
    expect(std('在职', '0.00')).toBe('0.00');
    expect(std('在职', '2800.00')).toBe('14.00');
    expect(std('在职', '3000.00')).toBe('15.00');
    expect(std('在职', '3000.01')).toBe('30.00');
    expect(std('在职', '4500.00')).toBe('45.00');
    expect(std('在职', '4523.60')).toBe('45.24');
    expect(std('在职', '5000.00')).toBe('50.00');
    expect(std('在职', '5000.01')).toBe('75.00');
    expect(std('在职', '7850.00')).toBe('117.75');
    expect(std('在职', '10000.00')).toBe('150.00');
    expect(std('在职', '10000.01')).toBe('200.00');
    expect(std('在职', '12000.00')).toBe('240.00');
  });
  it('年薪制 / 个体经营 / 其他 use the salary table on their base (worked examples 14, 15)', () => {
    expect(std('年薪制', '9000.00')).toBe('135.00');
    expect(std('年薪制', '25000.00')).toBe('500.00');
    expect(std('个体经营', '4200.00')).toBe('42.00');
    expect(std('其他', '3000.01')).toBe('30.00');
  });
  it('retiree table and its edge', () => {
    expect(std('离退休', '4800.00')).toBe('24.00');
    expect(std('离退休', '5000.00')).toBe('25.00');
    expect(std('离退休', '5000.01')).toBe('50.00');
    expect(std('离退休', '6200.00')).toBe('62.00');
  });
  it('fixed amounts ignore the income', () => {
    for (const c of ['学生', '下岗失业', '依靠抚恤或救济生活', '领取最低生活保障金'] as const) {
      expect(std(c)).toBe('0.20');
      expect(std(c, '99999.00')).toBe('0.20');
    }
  });
  it('farmer: 0.20–1.00 chosen by the branch; missing is a usage error, outside a validation error', () => {
    expect(std('农民', undefined, { farmer: '0.50' })).toBe('0.50');
    expect(std('农民', undefined, { farmer: '0.20' })).toBe('0.20');
    expect(std('农民', undefined, { farmer: '1.00' })).toBe('1.00');
    expect(() => std('农民')).toThrowError(expect.objectContaining({ code: 'USAGE' }) as unknown as Error);
    for (const bad of ['0.19', '1.01']) {
      try {
        std('农民', undefined, { farmer: bad });
        expect.unreachable();
      } catch (e) {
        expect((e as AppError).code).toBe('VALIDATION');
      }
    }
  });
  it('rounding: half up by default, configurable (U5)', () => {
    // 3000.01 × 1% = 30.0001; 4523.60 × 1% = 45.236; 4523.50 × 1% = 45.235
    expect(std('在职', '4523.50')).toBe('45.24');
    expect(std('在职', '4523.40')).toBe('45.23');
    expect(std('在职', '4523.50', { rounding: 'down' })).toBe('45.23');
    expect(std('在职', '4523.01', { rounding: 'up' })).toBe('45.24');
    expect(std('在职', '3000.01', { rounding: 'up' })).toBe('30.01');
    expect(divideRounded(5, 10, 'half-up')).toBe(1);
    expect(divideRounded(4, 10, 'half-up')).toBe(0);
  });
  it('integer fen, no float error: 0.1 + 0.2 style amounts stay exact', () => {
    expect(parseYuan('4500.00')).toBe(450000);
    expect(parseYuan('4,500.1')).toBe(450010);
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(formatFen(29)).toBe('0.29');
    expect(formatFen(-1550)).toBe('-15.50');
    // 1.5% of 5861.20: 87.918 → 87.92 (float would give 87.91799999…)
    expect(std('在职', '5861.20')).toBe('87.92');
  });
  it('every category is known and assessable; aliases are accepted', () => {
    for (const c of PAYER_CATEGORIES) expect(normalizeCategory(c)).toBe(c);
    expect(normalizeCategory('低保')).toBe('领取最低生活保障金');
    expect(normalizeCategory('退休')).toBe('离退休');
    expect(normalizeCategory('无此类')).toBeNull();
  });
  it('the rate table is data with a version in force by month', () => {
    expect(RATE_TABLES[0].version).toBe('2008');
    expect(rateTableFor('2023-01').version).toBe('2008');
    expect(computeStandard({ category: '在职', baseFen: 450000 }).tableVersion).toBe('2008');
  });
});

describe('payslip helper (deduction profiles)', () => {
  const items = [
    { item: '职务职级工资', fen: 200000 }, { item: '级别工资', fen: 210000 }, { item: '规范津贴补贴', fen: 390000 },
    { item: '养老保险', fen: 64000 }, { item: '职业年金', fen: 32000 }, { item: '医疗保险', fen: 16000 }, { item: '住房公积金', fen: 96000 },
    { item: '个人所得税', fen: 5880 }, { item: '交通补贴', fen: 50000 },
  ];
  it('wide deduction profile gives the worked example base 5,861.20 → 87.92', () => {
    const r = computeBaseFromPayslip(items, WIDE_DEDUCTION_PROFILE);
    expect(formatFen(r.baseFen)).toBe('5861.20');
    expect(r.lines.find((l) => l.item === '交通补贴')?.sign).toBe(0);
    expect(r.text).toContain('= 5861.20');
    expect(formatFen(computeStandard({ category: '在职', baseFen: r.baseFen }).amountFen)).toBe('87.92');
  });
  it('tax-only profile (2009 Nantong caliber) gives 7,941.20 → 119.12', () => {
    const r = computeBaseFromPayslip(items, TAX_ONLY_PROFILE);
    expect(formatFen(r.baseFen)).toBe('7941.20');
    expect(formatFen(computeStandard({ category: '在职', baseFen: r.baseFen }).amountFen)).toBe('119.12');
  });
});

describe('months and periods', () => {
  it('parses months, ranges and periods', () => {
    expect(parseMonthList('2023-01..2023-03')).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(parseMonthList('2023-3,2023-01')).toEqual(['2023-01', '2023-03']);
    expect(() => parseMonthList('2023-13')).toThrow(/月份格式/);
    expect(parsePeriod('2023-Q1')).toMatchObject({ from: '2023-01', to: '2023-03', label: '2023年第一季度' });
    expect(parsePeriod('2023-q4')).toMatchObject({ from: '2023-10', to: '2023-12' });
    expect(parsePeriod('2023-05')).toMatchObject({ from: '2023-05', to: '2023-05', label: '2023年5月' });
    expect(() => parsePeriod('2023-Q5')).toThrow(/期间格式/);
    expect(addMonths('2023-12', 1)).toBe('2024-01');
    expect(monthsBetween('2023-11', '2024-02')).toHaveLength(4);
  });
});

describe('ledger rules', () => {
  const standards = [{ id: 1, fromMonth: '2023-01', year: 2023, amountFen: 4500, draft: false }, { id: 2, fromMonth: '2023-07', year: 2023, amountFen: 6000, draft: false }];
  it('the standard applies from its month until the next; later years are provisional', () => {
    const ctx = { standards, waivers: [], joinedMonth: null, leftMonth: null };
    expect(planMonth('2022-12', ctx)).toBeNull();
    expect(planMonth('2023-06', ctx)?.dueFen).toBe(4500);
    expect(planMonth('2023-07', ctx)?.dueFen).toBe(6000);
    expect(planMonth('2024-02', ctx)).toMatchObject({ dueFen: 6000, provisional: true });
  });
  it('预备党员 from the admission month; nothing after leaving; waivers', () => {
    const ctx = { standards, waivers: [{ type: '免交' as const, fromMonth: '2023-09', toMonth: '2023-10', reducedFen: null }, { type: '少交' as const, fromMonth: '2023-11', toMonth: '2023-11', reducedFen: 20 }], joinedMonth: '2023-05', leftMonth: '2023-11' };
    expect(planMonth('2023-04', ctx)).toBeNull();
    expect(planMonth('2023-05', ctx)?.dueFen).toBe(4500);
    expect(planMonth('2023-09', ctx)).toMatchObject({ dueFen: 0, waived: true });
    expect(planMonth('2023-11', ctx)?.dueFen).toBe(20);
    expect(planMonth('2023-12', ctx)).toBeNull();
  });
  it('allocation: oldest month first, shortfall leaves the last month partial', () => {
    const r = allocatePayment([{ month: '2023-03', outstandingFen: 9300 }, { month: '2023-01', outstandingFen: 9300 }, { month: '2023-02', outstandingFen: 9300 }], 20000);
    expect(r.lines).toEqual([{ month: '2023-01', fen: 9300 }, { month: '2023-02', fen: 9300 }, { month: '2023-03', fen: 1400 }]);
    expect(r.excessFen).toBe(0);
    expect(allocatePayment([{ month: '2023-01', outstandingFen: 100 }], 150)).toEqual({ lines: [{ month: '2023-01', fen: 150 }], excessFen: 50 });
  });
  it('status and timing', () => {
    expect(monthStatus({ month: '2023-05', dueFen: 100, paidFen: 100, waived: false, paidOn: '2023-04-30' })).toBe('预交');
    expect(monthStatus({ month: '2023-05', dueFen: 100, paidFen: 100, waived: false, paidOn: '2023-05-01' })).toBe('已交');
    expect(monthStatus({ month: '2023-05', dueFen: 100, paidFen: 40, waived: false, paidOn: '2023-05-01' })).toBe('部分');
    expect(monthStatus({ month: '2023-05', dueFen: 0, paidFen: 0, waived: true, paidOn: null })).toBe('免交');
    expect(paymentTiming(['2023-01', '2023-02', '2023-08'], '2023-03-05')).toEqual({ backMonths: 2, advanceMonths: 5 });
  });
  it('arrears: run ending at the as-of month, waived months skipped, levels 3/5/6', () => {
    const cells = ['01', '02', '03', '04', '05', '06'].map((m, i) => ({ month: `2023-${m}`, dueFen: 100, paidFen: i === 0 ? 100 : 0, status: (i === 0 ? '已交' : i === 2 ? '免交' : '未交') as never }));
    const s = summarizeArrears(cells, '2023-06');
    expect(s.monthsOwed).toEqual(['2023-02', '2023-04', '2023-05', '2023-06']);
    expect(s.consecutiveMonths).toBe(4);
    expect(s.level).toBe('warn');
    expect(s.paidThrough).toBe('2023-01');
    expect(summarizeArrears(cells, '2023-01').consecutiveMonths).toBe(0);
  });
});
