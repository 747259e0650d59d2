// The tests' own oracle for 18-digit 公民身份号码 (GB 11643-1999): it computes the ISO 7064 MOD 11-2
// check character itself and never imports the application's id-number module, so a bug there
// cannot hide in the test data. Used by every test and bench that needs valid or invalid numbers.
// Plain TypeScript (runs under Node's type stripping): bench scripts import it too.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** the check character of the first 17 digits: Σ(digit × weight) mod 11 → "10X98765432" */
export function checkChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`checkChar needs 17 digits, got ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** the first 17 digits followed by their check character */
export const withCheckChar = (first17: string): string => first17 + checkChar(first17);

/** true when the number has 17 digits, a correct check character and a real calendar date (no other rule) */
export function isWellFormed(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (checkChar(id.slice(0, 17)) !== id[17]) return false;
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export type Sex = '男' | '女';

export interface IdSpec {
  /** birth date, `YYYY-MM-DD` or `YYYYMMDD` */
  birth: string;
  /** the 3-digit 顺序码 (0–999); its parity is the sex: odd = 男, even = 女 */
  seq?: number | string;
  /** forces the parity of the sequence code (the next code of that parity, wrapping within 0–999) */
  sex?: Sex;
  /** 6-digit area code, default 110101 (北京市东城区) */
  area?: string;
}

/** a valid 18-digit number for a birth date, sequence code and/or sex */
export function idNumber(spec: IdSpec): string {
  const birth = spec.birth.replace(/-/g, '');
  if (!/^\d{8}$/.test(birth)) throw new Error(`birth must be YYYY-MM-DD or YYYYMMDD, got ${spec.birth}`);
  const area = spec.area ?? '110101';
  if (!/^\d{6}$/.test(area)) throw new Error(`area must have 6 digits, got ${area}`);
  let seq = Number(spec.seq ?? 1) % 1000;
  if (spec.sex && (seq % 2 === 1) !== (spec.sex === '男')) seq = (seq + 1) % 1000;
  const id = withCheckChar(`${area}${birth}${String(seq).padStart(3, '0')}`);
  if (!isWellFormed(id)) throw new Error(`not a real date: ${spec.birth}`);
  return id;
}

/** shorthand: `makeId('1990-03-07', 231)` = idNumber({ birth, seq, area }) */
export const makeId = (birth: string, seq: number | string = 1, area?: string): string => idNumber({ birth, seq, area });

/** what the number says about its holder, read by the oracle's own rules */
export function describeId(id: string): { birthDate: string; sex: Sex } {
  return { birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, sex: Number(id[16]) % 2 === 1 ? '男' : '女' };
}

/**
 * the n-th number of a deterministic series of distinct valid numbers (n ≥ 0): 1,000 sequence codes per
 * birth date, birth dates counted in days from 1980-01-01 — for seeds that need unique numbers only.
 */
export function nthId(n: number, area?: string): string {
  const born = new Date(Date.UTC(1980, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const birth = born.toISOString().slice(0, 10);
  return idNumber({ birth, seq: n % 1000, area });
}

/** the same number with a wrong check character (every other character is kept) */
export function withWrongCheck(id: string): string {
  const right = checkChar(id.slice(0, 17));
  return id.slice(0, 17) + CHECK_CHARS[(CHECK_CHARS.indexOf(right) + 1) % 11];
}

/**
 * deliberately invalid numbers of each kind, all built from `valid` (default: a valid number): every
 * one but `checkChar` has a correct check character, so only the named fault is wrong
 */
export function invalidIds(valid = idNumber({ birth: '1985-06-15', seq: 21 })): Record<'checkChar' | 'badDate' | 'tooShort' | 'letter', string> {
  const area = valid.slice(0, 6);
  return {
    checkChar: withWrongCheck(valid),
    badDate: withCheckChar(`${area}19490229${valid.slice(14, 17)}`), // 1949 is not a leap year
    tooShort: valid.slice(0, 17),
    letter: `${valid.slice(0, 10)}A${valid.slice(11)}`,
  };
}
