import { describe, expect, it } from 'vitest';
import { ageOn, bandDateBounds, bandOf, findAgeBand, partyAgeOn } from '../../src-main/domain/ages.ts';
import { AGE_BANDS, PARTY_AGE_BANDS } from '../../src-main/domain/enums.ts';

describe('age and 党龄', () => {
  it('counts 周岁 and 党龄 from 转正; a 预备党员 has no 党龄', () => {
    expect(ageOn('1990-03-07', '2025-03-06')).toBe(34);
    expect(partyAgeOn('2016-06-01', '2025-01-10')).toBe(8);
    expect(partyAgeOn(null, '2025-01-10')).toBeNull();
    expect(bandOf(AGE_BANDS, 30)?.label).toBe('30岁及以下');
    expect(bandOf(AGE_BANDS, 31)?.label).toBe('31-35岁');
    expect(bandOf(PARTY_AGE_BANDS, 50)?.label).toBe('50年及以上');
  });

  it('band bounds agree with ageOn for day and month precision', () => {
    const today = '2025-01-10';
    const band = findAgeBand('31-35岁')!;
    const { latest, earliestExclusive } = bandDateBounds(band, today);
    for (const birth of ['1994-01-10', '1994-01-11', '1989-01-10', '1989-01-11', '1994-01', '1994-02', '1989-01', '1989-02', '1990-06-30']) {
      const inBand = birth <= latest && birth > earliestExclusive;
      const age = ageOn(birth, today);
      expect(inBand, `${birth} (age ${age})`).toBe(age >= 31 && age <= 35);
    }
  });
});
