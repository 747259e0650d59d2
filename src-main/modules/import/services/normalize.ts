import type { CellValue } from '../../../excel/read/grid.ts';
import { isDateCell } from '../../../excel/read/grid.ts';
import { serialToIsoDate } from '../../../excel/read/date-format.ts';
import type { RawMember } from '../../../domain/member-rules.ts';
import type { ImportField } from '../domain/fields.ts';
import { MEMBER_TEXT_MAX } from '../../core/contract.ts';

// Cell → the value the member rules receive (docs/domain/import.md#value-normalisation,
// docs/domain/id-numbers.md#excel-pitfalls). Only what depends on the CELL lives here (types, Excel serials,
// numeric IDs, invisible characters); what depends on the TEXT (男性 → 男, 汉 → 汉族, 2005年7月 → 2005-07 …) is the
// member rules' own normalisation, shared with the form.

/** the fixed message for an ID that Excel stored as a number */
export const NUMERIC_ID_MESSAGE = '身份证号被存成了数字，末尾几位已丢失，请将该列设为文本后重新录入';

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** full-width digits and Latin letters only: full-width brackets in organization names must stay */
const FULLWIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

/** anything cleanText would change inside the text */
const UNCLEAN = /[\u200B-\u200D\u2060\uFEFF\u00AD\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;
const isSpace = (c: number) => c <= 32 || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a);

export function cleanText(s: string): string {
  // most cells are clean: a glance at the ends and one test instead of three passes over the text
  if (s.length && !isSpace(s.charCodeAt(0)) && !isSpace(s.charCodeAt(s.length - 1)) && !UNCLEAN.test(s)) return s;
  return s.replace(INVISIBLE, '').replace(FULLWIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
}

const numberText = (n: number): string => (Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n));

export interface CellOutcome {
  value: RawMember[keyof RawMember] | undefined;
  warning?: string;
  error?: string;
}

/**
 * A numeric cell in a date column. Real date cells never reach here (the reader turned them into
 * dates). 20050701 / 200507 typed as numbers are read as text would be; a whole number in the serial
 * range is an Excel serial whose cell lost its date format; a decimal like 2005.07 is year.month —
 * except a one-digit fraction .1, which Excel also produces from a typed 2005.10: ambiguous, left
 * empty with a warning, never guessed.
 */
function numericDate(n: number, label: string): CellOutcome {
  if (Number.isInteger(n)) {
    const t = String(n);
    if (/^(19|20)\d{6}$/.test(t) || /^(19|20)\d{4}$/.test(t)) return { value: t };
    if (n >= 1900 && n <= 2100) return { value: t }; // a bare year: the rules refuse it with their message
    const iso = serialToIsoDate(n);
    return iso ? { value: iso } : { value: t };
  }
  const m = /^(\d{4})\.(\d+)$/.exec(String(n));
  if (m && +m[1] >= 1900 && +m[1] <= 2100) {
    if (m[2] === '1') {
      return {
        value: null,
        warning: `${label}是数字 ${n}，无法判断是${m[1]}年1月还是10月（Excel 会把 ${m[1]}.10 存成 ${m[1]}.1），已留空；请把该列设为文本后填写`,
      };
    }
    return { value: `${m[1]}.${m[2]}` };
  }
  return { value: numberText(n) };
}

export function cellToField(cell: CellValue, field: ImportField): CellOutcome {
  if (cell === null || cell === undefined || cell === '') return { value: undefined };
  // the form's limits hold on this path too (docs/safety.md#bad-input)
  if (typeof cell === 'string') {
    if (cell.includes('\u0000')) return { value: undefined, error: `${field.label}含有空字符（NUL，文件可能已损坏），请删除后重新录入` };
    if (cell.length > MEMBER_TEXT_MAX) return { value: undefined, error: `${field.label}过长（${cell.length} 个字符，最多 ${MEMBER_TEXT_MAX} 个）` };
  }
  switch (field.kind) {
    case 'id':
      if (typeof cell === 'number') return { value: cell, error: NUMERIC_ID_MESSAGE };
      if (typeof cell === 'string') return { value: cleanText(cell) || undefined };
      return { value: isDateCell(cell) ? cell.date : String(cell) };
    case 'date':
      if (isDateCell(cell)) return { value: cell.date };
      if (typeof cell === 'number') return numericDate(cell, field.label);
      if (typeof cell === 'string') {
        // "2005-07-01 00:00:00" from CSV exports of date cells: the time is not part of the date
        const t = cleanText(cell).replace(/[ T]0?0:00(:00(\.0+)?)?$/, '');
        return { value: t || undefined };
      }
      return { value: String(cell) };
    case 'bool':
      if (typeof cell === 'boolean') return { value: cell };
      return { value: typeof cell === 'number' ? String(cell) : isDateCell(cell) ? cell.date : cleanText(cell) || undefined };
    default:
      if (typeof cell === 'number') return { value: numberText(cell) };
      if (typeof cell === 'boolean') return { value: cell ? '是' : '否' };
      if (isDateCell(cell)) return { value: cell.date };
      return { value: cleanText(cell) || undefined };
  }
}
