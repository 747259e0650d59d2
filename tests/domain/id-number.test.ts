import { describe, expect, it } from 'vitest';
import { checkIdNumber, convert15To18, idCheckChar, normalizeIdNumber } from '../../src-main/domain/id-number.ts';
import { checkChar, describeId, idNumber, invalidIds, nthId, withCheckChar } from '../support/id-numbers.ts';

const today = '2025-01-10';
const check = (raw: string | number) => checkIdNumber(raw, { today });

describe('公民身份号码', () => {
  it('accepts the worked examples and derives birth date and gender', () => {
    const a = check('11010519491231002X');
    expect(a).toMatchObject({ ok: true, id: '11010519491231002X', birthDate: '1949-12-31', gender: '女', convertedFrom15: false });
    expect(check('110101199003072316')).toMatchObject({ ok: true, gender: '男', birthDate: '1990-03-07' });
    expect(idCheckChar('34052419800101001')).toBe('X');
  });

  it('cleans lower-case x, full-width digits and spaces, hyphens and an Excel apostrophe', () => {
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber("'110105 1949　1231-002x")).toBe('11010519491231002X');
    expect(check('１１０１０５１９４９１２３１００２ｘ').ok).toBe(true);
  });

  it('refuses a wrong length, naming the field', () => {
    const r = check('1101051949123100');
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([{ field: 'idNumber', message: '公民身份号码应为18位（现为16位）' }]);
  });

  it('refuses illegal characters', () => {
    expect(check('11010519491231A02X').issues[0].message).toMatch(/非法字符/);
  });

  it('refuses a wrong MOD 11-2 check character', () => {
    expect(check('110101202311012171').issues[0].message).toBe('公民身份号码校验位错误，请核对');
  });

  it('refuses an impossible date (not a leap year)', () => {
    const first17 = '11010519490229002';
    expect(check(withCheckChar(first17)).issues[0].message).toBe('公民身份号码中的出生日期无效');
  });

  it('refuses a birth year before 1900 and a birth date in the future', () => {
    expect(check('440524188001010014').issues[0].message).toMatch(/早于1900年/);
    const future = '11010120250111217';
    expect(check(withCheckChar(future)).issues[0].message).toMatch(/晚于今天/);
  });

  it('converts a 15-digit number and flags it for review', () => {
    expect(convert15To18('110105491231002')).toBe('11010519491231002X');
    expect(check('110105491231002')).toMatchObject({ ok: true, id: '11010519491231002X', convertedFrom15: true, gender: '女' });
  });

  it('accepts Hong Kong / Macao / Taiwan residence-permit numbers (81/82/83)', () => {
    for (const area of ['810000', '820000', '830000']) {
      const first17 = `${area}19900101123`;
      expect(check(withCheckChar(first17)).ok).toBe(true);
    }
  });

  it('refuses a foreign permanent-residence ID with its own message', () => {
    const first17 = '93310019900101123';
    const r = check(withCheckChar(first17));
    expect(r.ok).toBe(false);
    expect(r.issues[0].message).toMatch(/外国人永久居留身份证/);
  });

  it('refuses numbers damaged by Excel (V05)', () => {
    expect(check(110101199003072000).issues[0].message).toMatch(/Excel/);
    expect(check('1.10101E+17').issues[0].message).toMatch(/科学计数法/);
  });

  it('asks for an empty number', () => {
    expect(check('  ').issues[0].message).toBe('请填写公民身份号码');
  });
});

describe('the application agrees with the tests\' own oracle (tests/support/id-numbers.ts)', () => {
  it('computes the same check character and accepts every oracle-made number with its birth date and sex', () => {
    const made = [
      ...Array.from({ length: 400 }, (_, i) => nthId(i * 2_503)),
      ...['男', '女'].flatMap((sex) => ['1949-10-01', '1960-02-29', '2000-12-31'].map((birth) => idNumber({ birth, sex: sex as '男' | '女', seq: 7, area: '440305' }))),
    ];
    for (const id of made) {
      expect(idCheckChar(id.slice(0, 17)), id).toBe(checkChar(id.slice(0, 17)));
      const { birthDate, sex } = describeId(id);
      expect(check(id), id).toMatchObject({ ok: true, id, birthDate, gender: sex });
    }
    expect(made.some((id) => id.endsWith('X'))).toBe(true);
    expect(idNumber({ birth: '1990-03-07', seq: 230, sex: '男' }).slice(14, 17)).toBe('231');
  });

  it('refuses each kind of deliberately invalid oracle number', () => {
    const bad = invalidIds();
    expect(check(bad.checkChar).issues[0].message).toBe('公民身份号码校验位错误，请核对');
    expect(check(bad.badDate).issues[0].message).toBe('公民身份号码中的出生日期无效');
    expect(check(bad.tooShort).issues[0].message).toBe('公民身份号码应为18位（现为17位）');
    expect(check(bad.letter).issues[0].message).toMatch(/非法字符/);
  });
});
