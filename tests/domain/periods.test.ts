import { describe, expect, it } from 'vitest';
import { addDays, inPeriod, parsePeriod, periodOf, unitsOf } from '../../src-main/domain/periods.ts';

describe('periods', () => {
  it('reads every spelling and gives first/last days, months, label and key', () => {
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', start: '2026-01-01', end: '2026-12-31', from: '2026-01', to: '2026-12', label: '2026年度', key: '2026' });
    expect(parsePeriod('2026-H1')).toMatchObject({ kind: 'half', start: '2026-01-01', end: '2026-06-30', label: '2026年上半年', key: '2026-H1' });
    expect(parsePeriod('2026h2')).toMatchObject({ start: '2026-07-01', end: '2026-12-31', key: '2026-H2' });
    expect(parsePeriod('2026年下半年').key).toBe('2026-H2');
    expect(parsePeriod('2026-Q3')).toMatchObject({ kind: 'quarter', start: '2026-07-01', end: '2026-09-30', label: '2026年第三季度', key: '2026-Q3' });
    expect(parsePeriod('2024-02')).toMatchObject({ kind: 'month', start: '2024-02-01', end: '2024-02-29', label: '2024年2月' });
    expect(parsePeriod('2026.7').key).toBe('2026-07');
    expect(parsePeriod('2026-03-01..2026-05-31')).toMatchObject({ kind: 'range', start: '2026-03-01', end: '2026-05-31', from: '2026-03', to: '2026-05', label: '2026年3月1日至5月31日' });
    expect(parsePeriod('2025-12-01~2026-01-31').label).toBe('2025年12月1日至2026年1月31日');
  });

  it('refuses what is not a period, in Chinese, naming the field', () => {
    expect(() => parsePeriod('2026-Q5')).toThrow(/期间格式不正确/);
    expect(() => parsePeriod('2026-05-31..2026-03-01')).toThrow(/起止颠倒/);
    expect(() => parsePeriod('2026-02-30..2026-03-01')).toThrow(/YYYY-MM-DD/);
    try {
      parsePeriod('x', 'asOf');
    } catch (e) {
      expect((e as { field: string }).field).toBe('asOf');
    }
  });

  it('a day on the last day of a period is in it; a quarter held on 03-31 counts for Q1', () => {
    const h1 = parsePeriod('2026-H1');
    expect(inPeriod(h1, '2026-06-30')).toBe(true);
    expect(inPeriod(h1, '2026-07-01')).toBe(false);
    expect(inPeriod(h1, '2026-06')).toBe(true);
    expect(periodOf('2026-03-31', 'quarter').key).toBe('2026-Q1');
    expect(periodOf('2026-04-01', 'quarter').key).toBe('2026-Q2');
    expect(periodOf('2026-06-30', 'half').key).toBe('2026-H1');
  });

  it('splits a period into units', () => {
    expect(unitsOf(parsePeriod('2026-H1'), 'month').map((p) => p.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(unitsOf(parsePeriod('2026'), 'quarter').map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(unitsOf(parsePeriod('2026-02-15..2026-04-10'), 'month').map((p) => p.key)).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
