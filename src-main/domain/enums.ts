// Every enumeration of the registry, declared once (docs/domain/members.md#enumerations).
// Stored as their standard Chinese values.

export const GENDERS = ['男', '女'] as const;
export type Gender = (typeof GENDERS)[number];

/** GB/T 3304 order (docs/domain/members.md#ethnicity), plus 97 其他 and 98 外国血统中国籍人士 */
export const ETHNICITIES = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族', '其他', '外国血统中国籍人士',
] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

/**
 * 学历: the party-member system list (list (b) of docs/domain/members.md#education) with the forms'
 * common names (大学本科/大学专科 instead of 大学/大专) and 研究生 for files that don't say 博士 or 硕士.
 */
export const EDUCATIONS = [
  '博士研究生', '硕士研究生', '研究生', '硕士生班', '中央党校研究生', '省（区、市）委党校研究生',
  '大学本科', '大学专科', '大学普通班', '第二学士学位班', '中央党校大学', '省（区、市）委党校大学',
  '中央党校大专', '省（区、市）委党校大专', '中等专科', '职业高中', '技工学校', '普通高中', '初中', '小学', '其他',
] as const;
export type Education = (typeof EDUCATIONS)[number];

/** 人员类别 (docs/domain/members.md#member-type) */
export const CATEGORIES = ['正式党员', '预备党员'] as const;
export type Category = (typeof CATEGORIES)[number];

/** 党籍状态 (docs/domain/members.md#membership-status): leaving the registry is NOT a status, see ROLLS */
export const STATUSES = ['正常', '停止党籍'] as const;
export type MemberStatus = (typeof STATUSES)[number];

/**
 * whether the member is on this committee's roll; the others are events with a date
 * (docs/domain/members.md#lifecycle-events)
 */
export const ROLLS = ['在册', '转出', '死亡', '出党'] as const;
export type Roll = (typeof ROLLS)[number];

/**
 * events kept in a member's history (docs/domain/members.md#lifecycle-events): 转入 puts a member back on the
 * roll, 转出/死亡/出党 take them off, 调整 moves them between organizations of the tree; the others change
 * 党籍状态, 人员类别 or the 失联/流动 flags. Their rules: domain/lifecycle.ts; their roll effects: domain/roll.ts.
 */
export const MEMBER_EVENT_TYPES = [
  '转入', '转出', '调整', '死亡', '出党', '停止党籍', '恢复党籍', '失联', '找回', '流动', '返回', '转正', '延长预备期',
] as const;
export type MemberEventType = (typeof MEMBER_EVENT_TYPES)[number];

/** organization types (docs/domain/organizations.md#vocabulary); 党组 is informational and holds no members */
export const ORG_TYPES = ['党委', '党总支', '党支部', '联合党支部', '党小组', '党组'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** term lengths by type (docs/domain/org-life.md#terms-and-elections, 2018 意见): 党委 5 years, 党总支/党支部 3 years */
export const DEFAULT_TERM_YEARS: Record<OrgType, number | null> = {
  党委: 5,
  党总支: 3,
  党支部: 3,
  联合党支部: 3,
  党小组: null,
  党组: null,
};

/** 工作岗位 with their codes as printed on the national collection form (docs/domain/members.md#job-position) */
export const JOB_POSITIONS = [
  '公务员', '参照公务员法管理的工作人员',
  '事业单位管理岗位', '事业单位专业技术岗位', '公有经济控制企业管理岗位', '公有经济控制企业专业技术岗位',
  '非公有经济控制企业管理岗位', '非公有经济控制企业专业技术岗位', '民办非企业管理岗位', '民办非企业专业技术岗位',
  '公有经济控制单位工勤岗位', '非公有企业工勤岗位', '民办非企业工勤岗位', '机关单位工勤岗位', '事业单位工勤岗位',
  '农牧渔业生产人员', '乡村医生', '外出务工经商人员', '其他农牧渔民', '解放军、武警',
  '研究生毕业年级学生', '研究生一年级学生', '研究生其他年级学生', '大学本科毕业年级学生', '大学本科一年级学生',
  '大学本科其他年级学生', '大学专科毕业年级学生', '大学专科一年级学生', '大学专科其他年级学生', '中等专业学校学生',
  '高中学生', '技工学校学生', '离休干部', '退休人员', '退职人员', '内部退养职工',
  '大学生村官', '社区工作人员', '停薪留职人员', '个体工商户中的从业人员', '自由职业人员',
  '其他从业人员', '其他无业人员',
] as const;

/** age bands (周岁, inclusive) of the 党内统计公报 (docs/domain/statistics.md#age-bands) and 党龄 bands used by offices
 * (docs/domain/statistics.md#party-age, U21) */
export const AGE_BANDS = [
  { label: '30岁及以下', min: 0, max: 30 },
  { label: '31-35岁', min: 31, max: 35 },
  { label: '36-40岁', min: 36, max: 40 },
  { label: '41-45岁', min: 41, max: 45 },
  { label: '46-50岁', min: 46, max: 50 },
  { label: '51-55岁', min: 51, max: 55 },
  { label: '56-60岁', min: 56, max: 60 },
  { label: '61岁及以上', min: 61, max: 200 },
] as const;

export const PARTY_AGE_BANDS = [
  { label: '不满5年', min: 0, max: 4 },
  { label: '5-9年', min: 5, max: 9 },
  { label: '10-19年', min: 10, max: 19 },
  { label: '20-29年', min: 20, max: 29 },
  { label: '30-39年', min: 30, max: 39 },
  { label: '40-49年', min: 40, max: 49 },
  { label: '50年及以上', min: 50, max: 200 },
] as const;
