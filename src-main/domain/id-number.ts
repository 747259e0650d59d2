import type { Issue } from './errors.ts';
import { isValidYmd } from './partial-date.ts';
import type { Gender } from './enums.ts';

// 公民身份号码 (GB 11643-1999): docs/domain/id-numbers.md; checks V01–V05 of docs/domain/members.md#validation-list.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const FIELD = 'idNumber';

/**
 * docs/domain/id-numbers.md#normalisation: trim and remove every space (incl. U+3000), tab, line break and
 * hyphen; full-width digits and letters → ASCII; a leading Excel text apostrophe dropped; the check letter
 * upper-cased.
 */
export function normalizeIdNumber(raw: string | number | null | undefined): string {
  if (raw == null) return '';
  if (typeof raw === 'string' && raw.length === 18 && /^\d{17}[\dX]$/.test(raw)) return raw;
  return String(raw)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00A0\-\u2010-\u2015\uFE63]+/g, '')
    .replace(/^['’‘]+/, '')
    .toUpperCase();
}

/** ISO 7064 MOD 11-2 check character for the first 17 digits (docs/domain/id-numbers.md#check-digit) */
export function idCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[s % 11];
}

/**
 * docs/domain/id-numbers.md#15-digit-numbers: 15-digit number → 18 digits (century 19 inserted, check
 * character appended)
 */
export function convert15To18(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckChar(first17);
}

export interface IdCheckResult {
  ok: boolean;
  /** the normalized 18-character number (when it could be formed) */
  id: string;
  birthDate?: string;
  gender?: Gender;
  /** converted from an old 15-digit number: the clerk should check it against the card */
  convertedFrom15: boolean;
  issues: Issue[];
}

const issue = (message: string): Issue => ({ field: FIELD, message });

/**
 * Checks one ID number (V01–V05). `today` (YYYY-MM-DD) bounds the birth date (not in the future, year ≥ 1900:
 * docs/domain/id-numbers.md#birth-date-checks). Uniqueness (V06) needs the registry and is checked by the
 * member service.
 */
export function checkIdNumber(raw: string | number | null | undefined, opts: { today: string }): IdCheckResult {
  const fail = (message: string, id = ''): IdCheckResult => ({ ok: false, id, convertedFrom15: false, issues: [issue(message)] });

  // V05: a number that went through an Excel numeric cell has lost its last digits for good.
  if (typeof raw === 'number') {
    return fail('公民身份号码被Excel转为数字，末几位已丢失，请按身份证原件重新录入（单元格应设为文本格式）');
  }
  let id = normalizeIdNumber(raw);
  if (!id) return fail('请填写公民身份号码');
  if (/^\d+(\.\d+)?E\+?\d+$/.test(id)) {
    return fail('公民身份号码被Excel转为科学计数法，末几位已丢失，请按身份证原件重新录入', id);
  }

  let convertedFrom15 = false;
  if (/^\d{15}$/.test(id)) {
    // old 15-digit numbers were issued to people born in the 1900s; convert and flag for review
    const yymmdd = id.slice(6, 12);
    if (!isValidYmd(1900 + +yymmdd.slice(0, 2), +yymmdd.slice(2, 4), +yymmdd.slice(4, 6))) {
      return fail('公民身份号码（15位旧号码）中的出生日期无效', id);
    }
    id = convert15To18(id);
    convertedFrom15 = true;
  }

  if (id.length !== 18) return fail(`公民身份号码应为18位（现为${[...id].length}位）`, id);
  if (!/^\d{17}[\dX]$/.test(id)) return fail('公民身份号码含非法字符（只能是17位数字加数字或X）', id);

  // the 2023 foreign permanent residents' ID starts with 9; a foreigner cannot be a party member (U26)
  if (id.startsWith('9')) {
    return fail('该号码是外国人永久居留身份证号码，外国籍人员不能登记为党员，请核对公民身份号码', id);
  }

  const y = +id.slice(6, 10);
  const m = +id.slice(10, 12);
  const d = +id.slice(12, 14);
  if (!isValidYmd(y, m, d)) return fail('公民身份号码中的出生日期无效', id);
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900) return fail('公民身份号码中的出生年份早于1900年，请核对', id);
  if (birthDate > opts.today) return fail('公民身份号码中的出生日期晚于今天，请核对', id);

  if (idCheckChar(id) !== id[17]) return fail('公民身份号码校验位错误，请核对', id);

  // position 17 odd → 男, even → 女 (docs/domain/id-numbers.md#derived-values)
  const gender: Gender = (id.charCodeAt(16) - 48) % 2 === 1 ? '男' : '女';
  return { ok: true, id, birthDate, gender, convertedFrom15, issues: [] };
}
