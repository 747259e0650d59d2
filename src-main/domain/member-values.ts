import {
  CATEGORIES,
  EDUCATIONS,
  ETHNICITIES,
  STATUSES,
  type Category,
  type Education,
  type Ethnicity,
  type Gender,
  type MemberStatus,
} from './enums.ts';

// Value normalisers for the enumerations of the registry, shared by the form, the CLI and imports
// (docs/domain/import.md#value-normalisation). Each returns the standard value, or null when
// the text is not a known spelling (the caller turns that into a message naming the field).

/** full-width → half-width, whitespace (incl. U+3000) removed */
export function compactText(raw: unknown): string {
  if (raw == null) return '';
  // the common case, a plain value: nothing to fold or remove
  if (typeof raw === 'string' && !/[\s\u3000\u00A0\uFF01-\uFF5E]/.test(raw)) return raw;
  return String(raw)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00A0]+/g, '');
}

/** 男/女/男性/女性/M/F and the GB/T 2261.1 codes 1 = 男, 2 = 女 */
export function normalizeGender(raw: unknown): Gender | null {
  const t = compactText(raw).toUpperCase();
  if (t === '男' || t === '男性' || t === 'M' || t === '1') return '男';
  if (t === '女' || t === '女性' || t === 'F' || t === '2') return '女';
  return null;
}

/** docs/domain/members.md#ethnicity: historical and erroneous names seen in data */
const ETHNICITY_ALIASES: Record<string, Ethnicity> = {
  毛难族: '毛南族',
  毛难: '毛南族',
  崩龙族: '德昂族',
  崩龙: '德昂族',
  基洛族: '基诺族',
  其他族: '其他',
  其它: '其他',
  其它族: '其他',
  其他未识别的民族: '其他',
  未识别民族: '其他',
  穿青人: '其他',
  外国血统: '外国血统中国籍人士',
};

/** the GB 3304 list; accepts the short form without 族 (汉 → 汉族, 蒙古 → 蒙古族) */
export function normalizeEthnicity(raw: unknown): Ethnicity | null {
  const t = compactText(raw);
  if (!t) return null;
  if ((ETHNICITIES as readonly string[]).includes(t)) return t as Ethnicity;
  if (ETHNICITY_ALIASES[t]) return ETHNICITY_ALIASES[t];
  const withZu = `${t}族`;
  if ((ETHNICITIES as readonly string[]).includes(withZu)) return withZu as Ethnicity;
  return null;
}

/** docs/domain/members.md#education: spelling variants and the party-system short names of list (b) */
const EDUCATION_ALIASES: Record<string, Education> = {
  大学: '大学本科',
  本科: '大学本科',
  大学本科毕业: '大学本科',
  大专: '大学专科',
  专科: '大学专科',
  高职: '大学专科',
  大学专科毕业: '大学专科',
  中专: '中等专科',
  中等专业学校: '中等专科',
  中专毕业: '中等专科',
  高中: '普通高中',
  普高: '普通高中',
  高中毕业: '普通高中',
  职高: '职业高中',
  技校: '技工学校',
  中技: '技工学校',
  博士: '博士研究生',
  硕士: '硕士研究生',
  研究生班: '硕士生班',
  初中毕业: '初中',
  初级中学: '初中',
  小学毕业: '小学',
  文盲: '其他',
  其它: '其他',
  省委党校研究生: '省（区、市）委党校研究生',
  省委党校大学: '省（区、市）委党校大学',
  省委党校大专: '省（区、市）委党校大专',
};

export function normalizeEducation(raw: unknown): Education | null {
  const t = compactText(raw).replace(/\(/g, '（').replace(/\)/g, '）');
  if (!t) return null;
  if ((EDUCATIONS as readonly string[]).includes(t)) return t as Education;
  return EDUCATION_ALIASES[t] ?? null;
}

/** 正式党员 / 预备党员 (also 正式 / 预备) */
export function normalizeCategory(raw: unknown): Category | null {
  const t = compactText(raw);
  if ((CATEGORIES as readonly string[]).includes(t)) return t as Category;
  if (t === '正式') return '正式党员';
  if (t === '预备') return '预备党员';
  return null;
}

/** V17: 正常 / 停止党籍 */
export function normalizeStatus(raw: unknown): MemberStatus | null {
  const t = compactText(raw);
  if ((STATUSES as readonly string[]).includes(t)) return t as MemberStatus;
  if (t === '停止') return '停止党籍';
  return null;
}

/** yes/no fields: 是/否, Y/N, √/×, 1/0, TRUE/FALSE; empty is null */
export function normalizeBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  const t = compactText(raw).toUpperCase();
  if (['是', 'Y', 'YES', '√', '✓', '✔', '1', 'TRUE', '有'].includes(t)) return true;
  if (['否', 'N', 'NO', '×', '✗', '✘', '0', 'FALSE', '无'].includes(t)) return false;
  return null;
}

/** phone numbers: full-width digits, spaces and hyphens between digit groups cleaned */
export function normalizePhone(raw: unknown): string {
  const t = compactText(raw);
  return /^\+?[\d\-()]+$/.test(t) && /^(\+?86)?1\d{2}-?\d{4}-?\d{4}$/.test(t) ? t.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '') : t;
}

/** docs/domain/members.md#cross-field-rules: a mobile number is 11 digits starting with 1 */
export const isMobileNumber = (phone: string): boolean => /^1\d{10}$/.test(phone);
