import { describe, expect, it } from 'vitest';
import { classifyMember, departureOf, outsidePeriod } from '../../src-main/modules/campaign/domain/scope.ts';
import { findOutcome, HANDLING_OUTCOMES, RELIGIONS, FINDINGS } from '../../src-main/modules/campaign/domain/enums.ts';
import { byLaggingFirst, emptyCounts, rate } from '../../src-main/modules/campaign/domain/board.ts';
import { FINDINGS_COLUMNS } from '../../src-main/modules/campaign/domain/columns.ts';
import { DEFAULT_LETTER_BODY, fillLetter, paragraphs } from '../../src-main/modules/campaign/domain/letter.ts';

const period = { start: '2023-04-01', end: '2023-09-30' };

describe('scope rules (campaign roll)', () => {
  it('joined on or before the start → base member', () => {
    expect(classifyMember({ joinedOn: '2023-04-01' }, period)).toEqual({ inScope: true, addedLater: false, arrivedOn: '2023-04-01', leftOn: null });
    expect(classifyMember({ joinedOn: '1999-07' }, period)).toMatchObject({ inScope: true, addedLater: false });
  });
  it('month-only 入党日期 in the start month counts from the start of that month', () => {
    expect(classifyMember({ joinedOn: '2023-04' }, period)).toMatchObject({ inScope: true, addedLater: false });
  });
  it('joined or transferred in between start and end → added later', () => {
    expect(classifyMember({ joinedOn: '2023-04-02' }, period)).toMatchObject({ inScope: true, addedLater: true });
    expect(classifyMember({ joinedOn: '2001-01-01', transferredInOn: '2023-09-30' }, period)).toMatchObject({ inScope: true, addedLater: true, arrivedOn: '2023-09-30' });
  });
  it('joined or transferred in after the end → not in it', () => {
    expect(classifyMember({ joinedOn: '2023-10-01' }, period)).toEqual({ inScope: false });
    expect(classifyMember({ joinedOn: '2001-01-01', transferredInOn: '2023-10-01' }, period)).toEqual({ inScope: false });
  });
  it('left before the start → not in it; left during → kept and marked; left after the end → normal', () => {
    expect(classifyMember({ joinedOn: '2001-01-01', leftOn: '2023-03-31' }, period)).toEqual({ inScope: false });
    expect(classifyMember({ joinedOn: '2001-01-01', leftOn: '2023-04-01' }, period)).toMatchObject({ inScope: true, leftOn: '2023-04-01' });
    expect(classifyMember({ joinedOn: '2001-01-01', leftOn: '2023-10-01' }, period)).toMatchObject({ inScope: true, leftOn: null });
  });
  it('a departure before a later 转入 is an old one and does not count', () => {
    expect(departureOf('2023-05-01', '2010-01-01', ['2010-01-01'])).toBeNull();
    expect(departureOf('2023-05-01', null, ['2010-01-01', '2023-08-01'])).toBe('2023-08-01');
    expect(classifyMember({ joinedOn: '2001-01-01', transferredInOn: '2023-05-01', leftOn: departureOf('2023-05-01', '2010-01-01', []) }, period))
      .toMatchObject({ inScope: true, addedLater: true, leftOn: null });
  });
  it('dates outside the period are flagged for a warning', () => {
    expect(outsidePeriod('2023-03-31', period)).toBe(true);
    expect(outsidePeriod('2023-10-01', period)).toBe(true);
    expect(outsidePeriod('2023-09-30', period)).toBe(false);
  });
});

describe('enumerations', () => {
  it('outcomes keep their register codes and accept the aliases', () => {
    expect(findOutcome('批评教育')).toMatchObject({ code: '02', label: '教育转化' });
    expect(findOutcome('劝而不退除名')).toMatchObject({ code: '05', label: '除名' });
    expect(findOutcome('劝其退党')).toMatchObject({ code: '04', label: '劝退' });
    expect(findOutcome('09')).toMatchObject({ label: '持续跟踪教育中' });
    expect(findOutcome('罚款')).toBeNull();
    expect(new Set(HANDLING_OUTCOMES.map((o) => o.code)).size).toBe(HANDLING_OUTCOMES.length);
  });
  it('religions and findings are the documented lists (邪教 is not a religion)', () => {
    expect(RELIGIONS).toEqual(['佛教', '道教', '伊斯兰教', '天主教', '基督教', '民间信仰', '其他']);
    expect(FINDINGS).toEqual(['未发现问题', '已信仰宗教', '理想信念动摇', '党员意识不强']);
  });
});

describe('board arithmetic', () => {
  it('rates have one decimal and are 0 on an empty base', () => {
    expect(rate(2, 3)).toBe(66.7);
    expect(rate(0, 0)).toBe(0);
  });
  it('sorts the lagging organizations first', () => {
    const row = (org: string, members: number, screened: number, signed: number) => ({ org, counts: { ...emptyCounts(), members, screened, signed } });
    const sorted = [row('甲', 10, 10, 10), row('乙', 10, 0, 5), row('丙', 10, 5, 5), row('丁', 20, 10, 10)].sort(byLaggingFirst);
    expect(sorted.map((r) => r.org)).toEqual(['乙', '丁', '丙', '甲']);
  });
});

describe('column choice', () => {
  it('keeps the chosen keys in the chosen order and drops unknown ones', () => {
  });
});

describe('letter template', () => {
  it('fills the name and organization into the neutral default', () => {
    const text = fillLetter(DEFAULT_LETTER_BODY, { name: '张三', org: '第一党支部', year: 2023 });
    expect(text).toContain('本人张三，系第一党支部党员');
    expect(text).not.toMatch(/\{.+?\}/);
    expect(paragraphs(text).length).toBeGreaterThan(3);
  });
});
