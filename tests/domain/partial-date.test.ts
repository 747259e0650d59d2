import { describe, expect, it } from 'vitest';
import {
  addYears,
  certainlyAfter,
  certainlyBefore,
  fromExcelSerial,
  fullYearsBetween,
  isPartialDate,
  parsePartialDate,
  sameAtPrecision,
} from '../../src-main/domain/partial-date.ts';

describe('partial dates', () => {
  it('reads the forms clerks write', () => {
    expect(parsePartialDate('1985-06-15')).toBe('1985-06-15');
    expect(parsePartialDate('1985/6/5')).toBe('1985-06-05');
    expect(parsePartialDate('1985.06.15')).toBe('1985-06-15');
    expect(parsePartialDate('1985.06')).toBe('1985-06');
    expect(parsePartialDate('1985年6月15日')).toBe('1985-06-15');
    expect(parsePartialDate('1985年6月')).toBe('1985-06');
    expect(parsePartialDate('19850615')).toBe('1985-06-15');
    expect(parsePartialDate('198506')).toBe('1985-06');
    expect(parsePartialDate('１９８５．０６')).toBe('1985-06');
  });

  it('refuses impossible dates and junk', () => {
    expect(parsePartialDate('1985-02-29')).toBeNull();
    expect(parsePartialDate('1984-02-29')).toBe('1984-02-29');
    expect(parsePartialDate('1985-13')).toBeNull();
    expect(parsePartialDate('去年')).toBeNull();
    expect(parsePartialDate('')).toBeNull();
    expect(isPartialDate('2000-02-30')).toBe(false);
    expect(isPartialDate('2000-02')).toBe(true);
  });

  it('converts Excel serials (epoch 1899-12-30 from serial 61)', () => {
    expect(fromExcelSerial(45658)).toBe('2025-01-01');
    expect(fromExcelSerial(1)).toBe('1900-01-01');
  });

  it('compares by month when only a month is known', () => {
    expect(certainlyBefore('2000-05', '2000-05-10')).toBe(false);
    expect(certainlyBefore('2000-04', '2000-05-01')).toBe(true);
    expect(certainlyAfter('2000-06', '2000-05-31')).toBe(true);
    expect(sameAtPrecision('1985-06', '1985-06-15')).toBe(true);
    expect(sameAtPrecision('1985-06-14', '1985-06-15')).toBe(false);
  });

  it('adds years keeping the precision; 29 February rolls to 1 March', () => {
    expect(addYears('2000-05', 18)).toBe('2018-05');
    expect(addYears('2000-02-29', 18)).toBe('2018-03-01');
    expect(addYears('2000-02-29', 4)).toBe('2004-02-29');
  });

  it('counts full years (周岁)', () => {
    expect(fullYearsBetween('1990-03-07', '2025-03-06')).toBe(34);
    expect(fullYearsBetween('1990-03-07', '2025-03-07')).toBe(35);
    expect(fullYearsBetween('1990-03', '2025-03-01')).toBe(35);
    expect(fullYearsBetween('1990-03', '2025-02-28')).toBe(34);
  });
});
