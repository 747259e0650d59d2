// The code lists the party statistics count by, kept as data (docs/domain/statistics.md#code-lists):
// 工作岗位 codes of the national collection form and the 年报 occupation row tree they feed
// (docs/domain/statistics.md#occupation-rows), the education bands (docs/domain/statistics.md#education-bands),
// 少数民族 and 台湾省籍 (docs/domain/statistics.md#other-columns), 专业技术职务, 新社会阶层
// (docs/domain/members.md#new-social-stratum). The 出党 sub-types (the columns of 党员出党情况（一）) are the
// member lifecycle's own: domain/lifecycle.ts EXIT_SUBTYPES.

/** 工作岗位 → its code on the national collection form (docs/domain/members.md#job-position) */
export const JOB_CODES: Readonly<Record<string, string>> = {
  公务员: '011',
  参照公务员法管理的工作人员: '012',
  事业单位管理岗位: '0211',
  事业单位专业技术岗位: '0212',
  公有经济控制企业管理岗位: '0213',
  公有经济控制企业专业技术岗位: '0214',
  非公有经济控制企业管理岗位: '0215',
  非公有经济控制企业专业技术岗位: '0216',
  民办非企业管理岗位: '0217',
  民办非企业专业技术岗位: '0218',
  公有经济控制单位工勤岗位: '0311',
  非公有企业工勤岗位: '0312',
  民办非企业工勤岗位: '0313',
  机关单位工勤岗位: '0314',
  事业单位工勤岗位: '0315',
  农牧渔业生产人员: '11',
  乡村医生: '122',
  外出务工经商人员: '123',
  其他农牧渔民: '124',
  '解放军、武警': '2',
  研究生毕业年级学生: '301',
  研究生一年级学生: '302',
  研究生其他年级学生: '303',
  大学本科毕业年级学生: '311',
  大学本科一年级学生: '312',
  大学本科其他年级学生: '313',
  大学专科毕业年级学生: '321',
  大学专科一年级学生: '322',
  大学专科其他年级学生: '323',
  中等专业学校学生: '33',
  高中学生: '34',
  技工学校学生: '35',
  离休干部: '501',
  退休人员: '502',
  退职人员: '503',
  内部退养职工: '504',
  大学生村官: '601',
  社区工作人员: '602',
  停薪留职人员: '603',
  个体工商户中的从业人员: '604',
  自由职业人员: '605',
  '（转业）待安置、学生毕业未就业的人员': '606',
  '公派或因私出国、出境逾期未归的人员': '607',
  '改革后不再保留原机关干部身份，党组织关系仍保留在原单位的人员': '608',
  '企业破产后，领取保险金或被辞退的职工中未重新就业的人员': '609',
  '由于各种原因，已经离开本人的生产、工作岗位，并已不在本单位从事其他工作，但仍与单位保留劳动关系的职工（不包括内部退养职工）': '610',
  '党组织关系在人才（劳动）服务中心，不明职业的人员': '611',
  其他从业人员: '612',
  其他无业人员: '613',
};

/** code → 工作岗位 */
export const JOB_NAME_BY_CODE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(JOB_CODES).map(([n, c]) => [c, n]));

/** one row of a statistical table's row tree */
export interface RowDef {
  /** stable key (the replica's row code for the occupation tree) */
  key: string;
  label: string;
  /** indentation: 0 top level; a 其中 row sits one level below the row it belongs to */
  level: number;
  /** a 其中 row: counted inside its parent, not added into any sum */
  ofWhich?: boolean;
}

/** the 年报 occupation row tree, 2017 version (docs/domain/statistics.md#occupation-rows) */
export const OCCUPATION_ROWS: readonly RowDef[] = [
  { key: '0', label: '一、在岗职工', level: 0 },
  { key: '01', label: '公有制单位', level: 1 },
  { key: '011', label: '党政机关工作人员', level: 2 },
  { key: '012', label: '事业单位管理人员', level: 2 },
  { key: '013', label: '事业单位专业技术人员', level: 2 },
  { key: '014', label: '企业管理人员', level: 2 },
  { key: '015', label: '企业专业技术人员', level: 2 },
  { key: '016', label: '工勤技能人员', level: 2 },
  { key: '0164', label: '其中：农民工', level: 3, ofWhich: true },
  { key: '02', label: '非公有制单位', level: 1 },
  { key: '021', label: '企业管理人员', level: 2 },
  { key: '022', label: '企业专业技术人员', level: 2 },
  { key: '023', label: '民办非企业单位管理人员', level: 2 },
  { key: '024', label: '民办非企业专业技术人员', level: 2 },
  { key: '025', label: '工勤技能人员', level: 2 },
  { key: '0253', label: '其中：农民工', level: 3, ofWhich: true },
  { key: '1', label: '二、农牧渔民', level: 0 },
  { key: '113', label: '其中：外出务工经商人员', level: 1, ofWhich: true },
  { key: '2', label: '三、军人、武警', level: 0 },
  { key: '3', label: '四、学生', level: 0 },
  { key: '4', label: '五、离退休人员', level: 0 },
  { key: '5', label: '六、其他', level: 0 },
];

/** the top-level rows whose sum is the total (一 … 六) */
export const OCCUPATION_TOP = ['0', '1', '2', '3', '4', '5'] as const;

/** 工作岗位 code → the 年报 leaf row it is counted in */
export function occupationLeaf(jobCode: string): string | null {
  const fixed: Record<string, string> = {
    '011': '011', '012': '011',
    '0211': '012', '0212': '013', '0213': '014', '0214': '015',
    '0311': '016', '0314': '016', '0315': '016',
    '0215': '021', '0216': '022', '0217': '023', '0218': '024', '0312': '025', '0313': '025',
    '11': '1', '122': '1', '123': '1', '124': '1',
    '2': '2',
  };
  if (fixed[jobCode]) return fixed[jobCode];
  if (/^3\d{1,2}$/.test(jobCode)) return '3';
  if (/^50[1-4]$/.test(jobCode)) return '4';
  if (/^6(0[1-9]|1[0-3])$/.test(jobCode)) return '5';
  return null;
}

/**
 * The row keys a member with this 工作岗位 code counts in: the leaf, its parents, and the 其中 rows
 * (农民工 among the 工勤 rows, 外出务工经商人员 among the 农牧渔民). Empty when the code is unknown.
 */
export function occupationRows(jobCode: string | null, migrantWorker: boolean): string[] {
  if (!jobCode) return [];
  const leaf = occupationLeaf(jobCode);
  if (!leaf) return [];
  const keys = [leaf];
  if (leaf.length === 3 && leaf.startsWith('0')) keys.push(leaf.slice(0, 2), '0');
  if (migrantWorker && leaf === '016') keys.push('0164');
  if (migrantWorker && leaf === '025') keys.push('0253');
  if (jobCode === '123') keys.push('113');
  return keys;
}

/**
 * 生产、工作第一线 for the 发展党员 table (docs/domain/statistics.md#other-tables: 企业 / 农村 / 教学科研 一线).
 * Our choice: the enterprise and 民办非企业 professional and 工勤 posts, the 农牧渔民 and the 事业单位
 * 专业技术岗位 (teaching and research).
 */
export const FRONT_LINE_CODES: ReadonlySet<string> = new Set(['0212', '0214', '0216', '0218', '0311', '0312', '0313', '0315', '11', '122', '123', '124']);

/** the enterprise and 民办非企业 posts whose 专业技术职务 the supplementary rows count */
export const ENTERPRISE_CODES: ReadonlySet<string> = new Set(['0213', '0214', '0215', '0216', '0217', '0218', '0311', '0312', '0313']);

/**
 * A first guess for a free-text 工作岗位 from an older roster ("退休", "干部", "工人" …), shown to the clerk,
 * who confirms or picks another code; the confirmed mapping is remembered. Never applied unconfirmed.
 */
export function suggestJobCode(text: string): string | null {
  const t = text.replace(/\s/g, '');
  if (JOB_CODES[t]) return JOB_CODES[t];
  const rules: [RegExp, string][] = [
    [/离休/, '501'],
    [/内退|内部退养/, '504'],
    [/退职/, '503'],
    [/退休/, '502'],
    [/参公|参照公务员/, '012'],
    [/公务员|机关干部|行政/, '011'],
    [/军|武警/, '2'],
    [/研究生|博士生|硕士生/, '303'],
    [/本科生|大学生|学生/, '313'],
    [/村官/, '601'],
    [/社区/, '602'],
    [/个体/, '604'],
    [/自由职业/, '605'],
    [/无业|待业|失业/, '613'],
    [/外出务工|务工|打工/, '123'],
    [/村医|乡村医生/, '122'],
    [/农|牧|渔/, '11'],
    [/工勤|司机|炊事|保安|后勤|工人/, '0314'],
    [/教师|医生|护士|工程师|专业技术|技术员|会计师|研究员/, '0212'],
    [/事业/, '0211'],
    [/干部|科员|科长|处长|局长/, '011'],
  ];
  for (const [re, code] of rules) if (re.test(t)) return code;
  return null;
}

/** the six bands of 党员学历情况 (docs/domain/statistics.md#education-bands) */
export const EDUCATION_BANDS = ['研究生', '大学本科', '大学专科', '中专', '高中、中技', '初中及以下'] as const;
export type EducationBand = (typeof EDUCATION_BANDS)[number];

const EDUCATION_BAND_OF: Readonly<Record<string, EducationBand>> = {
  博士研究生: '研究生', 硕士研究生: '研究生', 研究生: '研究生', 硕士生班: '研究生', 中央党校研究生: '研究生', '省（区、市）委党校研究生': '研究生',
  大学本科: '大学本科', 大学: '大学本科', 大学普通班: '大学本科', 第二学士学位班: '大学本科', 中央党校大学: '大学本科', '省（区、市）委党校大学': '大学本科',
  大学专科: '大学专科', 大专: '大学专科', 中央党校大专: '大学专科', '省（区、市）委党校大专': '大学专科',
  中等专科: '中专', 中专: '中专',
  普通高中: '高中、中技', 高中: '高中、中技', 职业高中: '高中、中技', 技工学校: '高中、中技',
  初中: '初中及以下', 小学: '初中及以下', 其他: '初中及以下',
};

/** the band of a registry 学历 value, or null when empty or unknown */
export const educationBand = (education: string | null | undefined): EducationBand | null =>
  education ? (EDUCATION_BAND_OF[education] ?? null) : null;

/** 大专及以上 = 研究生 + 大学本科 + 大学专科 */
export const isCollegeOrAbove = (band: EducationBand | null): boolean => band === '研究生' || band === '大学本科' || band === '大学专科';

/** 少数民族: every 民族 but 汉族; 其他 and 外国血统中国籍人士 are not counted (U3) */
export const isMinority = (ethnicity: string | null | undefined): boolean =>
  Boolean(ethnicity) && ethnicity !== '汉族' && ethnicity !== '其他' && ethnicity !== '外国血统中国籍人士';

/** 台湾省籍: the member's flag, or a 籍贯 beginning with 台湾 (docs/domain/statistics.md#other-columns) */
export const isTaiwanese = (flag: boolean, nativePlace: string | null | undefined): boolean =>
  flag || Boolean(nativePlace && /^台湾/.test(nativePlace.trim()));

/** 从事专业技术职务 and 新社会阶层类型: the member's values (docs/domain/members.md#new-social-stratum) */
export { NEW_STRATA, PROF_TITLES } from '../../../domain/member-stat-fields.ts';

/** the 其中 values and the group they belong to */
export const NEW_STRATUM_PARENT: Readonly<Record<string, string>> = {
  城镇个体劳动者: '个体劳动者',
  '私营企业主（民营科技企业创业人员）': '私营企业主',
};

