import { ETHNICITIES } from '../../../domain/enums.ts';
import {
  compactText,
  normalizeBoolean,
  normalizeCategory,
  normalizeEducation,
  normalizeEthnicity,
  normalizeGender,
  normalizeStatus,
} from '../../../domain/member-values.ts';
import { addYears, certainlyAfter, certainlyBefore, isValidYmd, type PartialDate } from '../../../domain/partial-date.ts';
import type { ImportFieldKey } from './fields.ts';

// Values as other systems' templates write them (docs/domain/import.md#coded-values): dropdown codes
// ("95_男", "223_正式党员"), national code-list values ("01 汉族", "21 大学", "011 公务员", or the bare code),
// education bands ("高中及以下"), checkbox answers ("☑是 □否"), 正 / 预. Each is turned into the plain
// value the member rules know; the sheet's own text is kept for the import record.

export interface ImportedValue {
  value: string;
  /** the sheet's text, when it differs from the value beyond spelling (kept in the import record) */
  sheet?: string;
  /** a guess the clerk should check (shown as a warning on the row) */
  warning?: string;
}

/** 学历 codes of the national collection form (docs/domain/members.md#education, list (b)) */
const EDUCATION_CODES: Record<string, string> = {
  '11': '博士研究生', '12': '硕士研究生', '13': '硕士生班', '1A': '中央党校研究生', '1B': '省（区、市）委党校研究生',
  '21': '大学本科', '22': '大学专科', '23': '大学普通班', '24': '第二学士学位班', '2A': '中央党校大学',
  '2B': '省（区、市）委党校大学', '2C': '中央党校大专', '2D': '省（区、市）委党校大专', '41': '中等专科', '44': '职业高中',
  '47': '技工学校', '6': '普通高中', '7': '初中', '8': '小学', '9': '其他',
};

/** 工作岗位 codes of the national collection form (docs/domain/members.md#job-position) */
const JOB_CODES: Record<string, string> = {
  '011': '公务员', '012': '参照公务员法管理的工作人员', '0211': '事业单位管理岗位', '0212': '事业单位专业技术岗位',
  '0213': '公有经济控制企业管理岗位', '0214': '公有经济控制企业专业技术岗位', '0215': '非公有经济控制企业管理岗位',
  '0216': '非公有经济控制企业专业技术岗位', '0217': '民办非企业管理岗位', '0218': '民办非企业专业技术岗位',
  '0311': '公有经济控制单位工勤岗位', '0312': '非公有企业工勤岗位', '0313': '民办非企业工勤岗位', '0314': '机关单位工勤岗位',
  '0315': '事业单位工勤岗位', '11': '农牧渔业生产人员', '122': '乡村医生', '123': '外出务工经商人员', '124': '其他农牧渔民',
  '2': '解放军、武警', '301': '研究生毕业年级学生', '302': '研究生一年级学生', '303': '研究生其他年级学生',
  '311': '大学本科毕业年级学生', '312': '大学本科一年级学生', '313': '大学本科其他年级学生', '321': '大学专科毕业年级学生',
  '322': '大学专科一年级学生', '323': '大学专科其他年级学生', '33': '中等专业学校学生', '34': '高中学生', '35': '技工学校学生',
  '501': '离休干部', '502': '退休人员', '503': '退职人员', '504': '内部退养职工', '601': '大学生村官', '602': '社区工作人员',
  '603': '停薪留职人员', '604': '个体工商户中的从业人员', '605': '自由职业人员', '606': '（转业）待安置、学生毕业未就业的人员',
  '607': '公派或因私出国、出境逾期未归的人员', '608': '改革后不再保留原机关干部身份，党组织关系仍保留在原单位的人员',
  '609': '企业破产后，领取保险金或被辞退的职工中未重新就业的人员',
  '610': '由于各种原因，已经离开本人的生产、工作岗位，并已不在本单位从事其他工作，但仍与单位保留劳动关系的职工（不包括内部退养职工）',
  '611': '党组织关系在人才（劳动）服务中心，不明职业的人员', '612': '其他从业人员', '613': '其他无业人员',
};

/** 民族 codes of GB/T 3304 (docs/domain/members.md#ethnicity): 01–56 in list order, 97/98 and their aliases 57/58 */
const ETHNICITY_CODES: Record<string, string> = Object.fromEntries([
  ...ETHNICITIES.slice(0, 56).map((e, i) => [String(i + 1).padStart(2, '0'), e]),
  ['97', '其他'], ['98', '外国血统中国籍人士'], ['57', '其他'], ['58', '外国血统中国籍人士'],
]);

const CODE_TABLES: Partial<Record<ImportFieldKey, Record<string, string>>> = {
  ethnicity: ETHNICITY_CODES,
  education: EDUCATION_CODES,
  jobPosition: JOB_CODES,
};

/** 党内职务 (docs/domain/members.md#party-post), with the organization level some files put in front */
const PARTY_POST = /^(?:中共)?(?:党委|党总支|总支|党支部|支部|党小组|小组)?(?:副?书记|组织委员|宣传委员|纪检委员|纪律检查委员|青年委员|统战委员|保密委员|群工委员|委员|党小组长|副?组长)$/;

export function isPartyPost(text: string): boolean {
  const t = compactText(text);
  if (!t) return false;
  if (t === '党员' || t === '普通党员' || t === '无') return true;
  return t.split(/[、,，/;；]/).every((p) => PARTY_POST.test(p));
}

export const isMobileLike = (text: string): boolean => /^1\d{10}$/.test(compactText(text).replace(/[-\s]/g, '').replace(/^\+?86(?=1\d{10}$)/, ''));
export const isLandlineLike = (text: string): boolean => /^(\(?0\d{2,3}\)?[-－—]?)\d{7,8}(-\d{1,6})?$/.test(compactText(text));

/** a value that may carry a code, a band or a tick */
const MARKED = /[_及以☑☒■√✔✓▣●□☐]/;

const CODED = new Set<ImportFieldKey>(['gender', 'ethnicity', 'education', 'degree', 'category', 'status', 'jobPosition', 'partyPost', 'isLost', 'isMobile']);

/** whether the member rules accept this text for an enumerated field */
function accepted(field: ImportFieldKey, t: string): boolean {
  switch (field) {
    case 'gender':
      return normalizeGender(t) !== null;
    case 'ethnicity':
      return normalizeEthnicity(t) !== null;
    case 'education':
      return normalizeEducation(t) !== null;
    case 'category':
      return categoryOf(t) !== null;
    case 'status':
      return normalizeStatus(t) !== null;
    case 'isLost':
    case 'isMobile':
      return normalizeBoolean(t) !== null;
    default:
      return /\D/.test(t);
  }
}

/** 人员类别 as templates write it: 正式党员 / 预备党员, 正式 / 预备, 正 / 预, 中共党员 / 中共预备党员 */
export function categoryOf(text: string): '正式党员' | '预备党员' | null {
  const t = compactText(text);
  if (t === '正' || t === '中共党员' || t === '正式中共党员') return '正式党员';
  if (t === '预' || t === '中共预备党员' || t === '预备中共党员') return '预备党员';
  return normalizeCategory(t);
}

/** a ticked box before or after 是 / 否 */
const CHECKBOX = /[☑☒■√✔✓▣●]\s*(是|否)|(是|否)\s*[☑☒■√✔✓▣●]/;

/**
 * An enumerated field's text as the member rules expect it, or the text unchanged. Fast for the common case
 * (a plain value): only texts starting with a digit, holding "_", "及" / "以", a check mark, or 正 / 预 are looked at.
 */
export function importedValue(field: ImportFieldKey, text: string): ImportedValue {
  if (!CODED.has(field) || text === '正式党员' || text === '预备党员') return { value: text };
  const c0 = text.charCodeAt(0);
  if (!(c0 >= 48 && c0 <= 57) && !(field === 'category' && text.length <= 7) && !MARKED.test(text)) return { value: text };
  let t = text.trim();
  /** a code or a form's layout was taken off: the sheet's text is worth keeping */
  let recorded = false;
  // a dropdown's "code_name"
  const us = /^[0-9A-Za-z]{1,8}_\s*(\S.*)$/.exec(t);
  if (us) {
    t = us[1].trim();
    recorded = true;
  }
  // a national code before the name ("01 汉族", "21 大学", "011 公务员"), or the bare code
  const coded = /^([0-9][0-9A-Z]{0,3})[\s\u3000:：.、．\-]*([^\d\s].*)$/.exec(t);
  if (coded && accepted(field, coded[2].trim())) {
    t = coded[2].trim();
    recorded = true;
  } else if (/^[0-9][0-9A-Z]{0,3}$/.test(t)) {
    const name = CODE_TABLES[field]?.[field === 'ethnicity' ? t.padStart(2, '0') : t];
    if (name && (field !== 'ethnicity' || t.length === 2)) {
      t = name;
      recorded = true;
    }
  }
  if (field === 'isLost' || field === 'isMobile') {
    const mark = CHECKBOX.exec(t);
    if (mark) {
      t = mark[1] ?? mark[2];
      recorded = true;
    }
  }
  let warning: string | undefined;
  if (field === 'category') {
    const cat = categoryOf(t);
    if (cat) t = cat;
  }
  if (field === 'education' && !normalizeEducation(t)) {
    // a band: 博士及以上, 高中及以下, 大专以上 … — its named level, checked by the clerk unless it is the top one
    const band = /^(.+?)(及以上|以上|及以下|以下)(学历)?$/.exec(compactText(t));
    const base = band ? normalizeEducation(band[1]) : null;
    if (band && base) {
      if (!(base === '博士研究生' && band[2].endsWith('上'))) warning = `学历“${text}”是一个区间，已按“${base}”导入，请核对`;
      t = base;
      recorded = true;
    }
  }
  if (t === text) return { value: text };
  return recorded ? { value: t, sheet: text, warning } : { value: t };
}

/** how well a column's sample values fit a field (0–1), for columns whose heading names another field */
export function fitOf(field: ImportFieldKey, values: string[]): number {
  if (!values.length) return 1;
  let ok = 0;
  for (const v of values) {
    const t = importedValue(field, v).value;
    let fits: boolean;
    switch (field) {
      case 'partyPost':
        fits = isPartyPost(t);
        break;
      case 'phone':
        fits = isMobileLike(t);
        break;
      case 'landline':
        fits = isLandlineLike(t);
        break;
      default:
        fits = CODED.has(field) ? accepted(field, t) : true;
    }
    if (fits) ok++;
  }
  return ok / values.length;
}

/** the enumerated fields a misplaced column may belong to instead (checked by value) */
export const ENUM_FIELDS: ImportFieldKey[] = ['category', 'status', 'gender', 'ethnicity', 'education', 'partyPost', 'isLost', 'isMobile'];

// ---- two-digit years (docs/domain/import.md#date-forms) ----

const TWO_DIGIT = /^(\d{2})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月?)$/;

export const isTwoDigitYearDate = (text: string): boolean => TWO_DIGIT.test(compactText(text));

/**
 * A YY-MM-DD date ("25-12-25") read as 19YY or 20YY: the century that makes the person at least 18 at
 * the date (入党/转正) or now (出生), with the date not in the future. Null when neither century fits (the
 * member rules then refuse the text as it is).
 */
export function twoDigitYear(text: string, field: ImportFieldKey, ctx: { birthDate?: string; today: string }): { value: PartialDate; warning: string } | null {
  const m = TWO_DIGIT.exec(compactText(text));
  if (!m) return null;
  const mo = +m[2];
  const d = m[3] === undefined ? null : +m[3];
  const candidates: PartialDate[] = [];
  for (const century of [2000, 1900]) {
    const y = century + +m[1];
    if (d === null ? mo < 1 || mo > 12 : !isValidYmd(y, mo, d)) continue;
    const iso = `${y}-${String(mo).padStart(2, '0')}${d === null ? '' : `-${String(d).padStart(2, '0')}`}`;
    if (certainlyAfter(iso, ctx.today)) continue;
    if (field === 'birthDate') {
      if (certainlyAfter(addYears(iso, 18), ctx.today) || certainlyBefore(addYears(iso, 110), ctx.today)) continue;
    } else if (ctx.birthDate && certainlyBefore(iso, addYears(ctx.birthDate, 18))) continue;
    candidates.push(iso);
  }
  if (!candidates.length) return null;
  const value = candidates[0];
  return { value, warning: `两位数年份“${text}”已按${value.slice(0, 4)}年导入，请核对` };
}

// ---- 人员类别 when the file has none (docs/domain/import.md#member-type-by-rule) ----

export const DEFAULT_CATEGORIES = ['按入党时间', '正式党员', '预备党员'] as const;
export type DefaultCategory = (typeof DEFAULT_CATEGORIES)[number];

export const MISSING_CONFIRMED = '缺少转正日期，按正式党员导入，请补录';

/**
 * 人员类别 for a row that does not give it. A 转正日期 means 正式党员 whatever the default. Otherwise by the
 * default: 按入党时间 = 预备党员 when 入党 was within the last year, else 正式党员 (its missing 转正日期 is a
 * warning); or the category the clerk chose for the whole import.
 */
export function inferCategory(
  joinedOn: PartialDate | null,
  hasConfirmedOn: boolean,
  today: string,
  mode: DefaultCategory = '按入党时间',
): { category: '正式党员' | '预备党员'; warning?: string } | null {
  if (hasConfirmedOn) return { category: '正式党员' };
  if (mode === '正式党员') return { category: '正式党员', warning: MISSING_CONFIRMED };
  if (mode === '预备党员') return { category: '预备党员', warning: '未填写人员类别，按预备党员导入' };
  if (!joinedOn) return null;
  if (certainlyBefore(addYears(joinedOn, 1), today)) return { category: '正式党员', warning: MISSING_CONFIRMED };
  return { category: '预备党员', warning: '未填写人员类别，入党不满一年，按预备党员导入' };
}
