import type { RawMember } from '../../../domain/member-rules.ts';
import { FIELD_LABELS } from '../../../domain/field-labels.ts';

// The member fields an import can fill, and the column headings people write for them
// (docs/domain/import.md#header-aliases). Declared once: the mapper, the
// template, the UI's mapping dropdown and the error messages all read this table.

export type ImportFieldKey = Exclude<keyof RawMember, 'orgId'>;

/** columns we recognise but do not import (derived or owned by other modules): never "unmatched" */
export const IGNORED_KEY = 'ignore' as const;
export type MappingTarget = ImportFieldKey | typeof IGNORED_KEY;

export interface ImportField {
  key: ImportFieldKey;
  label: string;
  aliases: string[];
  kind: 'text' | 'date' | 'id' | 'bool';
}

const f = (key: ImportFieldKey, kind: ImportField['kind'], aliases: string[]): ImportField => ({
  key,
  label: FIELD_LABELS[key] ?? key,
  aliases,
  kind,
});

/** order = the template's column order */
export const IMPORT_FIELDS: ImportField[] = [
  f('name', 'text', ['姓名', '党员姓名', '名字', '人员姓名']),
  f('gender', 'text', ['性别']),
  f('idNumber', 'id', ['公民身份号码', '公民身份证号码', '公民身份证号', '身份证号', '身份证号码', '身份证', '身份号码', '证件号码', '证件号', '居民身份证号码', '身份证件号码', '公民身份号']),
  f('ethnicity', 'text', ['民族', '族别', '民族名称']),
  f('birthDate', 'date', ['出生日期', '出生年月', '出生年月日', '生日', '出生时间']),
  f('education', 'text', ['学历', '最高学历', '文化程度', '学历(最高)', '全日制学历', '在职学历']),
  f('degree', 'text', ['学位', '最高学位']),
  f('category', 'text', ['人员类别', '党员类别', '党员类型', '党员身份', '党员状态(正式/预备)', '类别', '预/正', '正/预', '正式/预备', '预备/正式']),
  f('org', 'text', ['所在党支部', '所在支部', '党支部', '所属党支部', '所属支部', '所在党组织', '所属党组织', '组织关系所在党支部', '党组织名称', '支部名称', '所在党支部全称', '党支部名称', '所属组织', '所在组织', '组织', '所在党组织名称', '所属党组织名称', '所在支部名称', '组织名称']),
  f('joinedOn', 'date', ['加入党组织日期', '入党日期', '入党时间', '入党年月', '加入党组织时间', '入党年月日', '支部大会通过日期', '确定为预备党员时间', '确定为预备党员日期', '预备日期', '预备党员日期', '成为预备党员时间']),
  f('confirmedOn', 'date', ['转为正式党员日期', '转正日期', '转正时间', '转正年月', '转为正式党员时间', '正式日期', '转正年月日', '成为正式党员时间']),
  f('jobPosition', 'text', ['工作岗位', '岗位', '职业', '身份', '人员身份', '个人身份', '工作岗位类别', '职业类型']),
  f('workUnit', 'text', ['工作单位及职务', '单位及职务', '工作单位', '现任职务', '职务', '部门及职务', '所在科室', '工作/学习单位', '工作学习单位', '工作(学习)单位']),
  f('partyPost', 'text', ['党内职务', '现任党内职务', '党内岗位', '所在党支部职务']),
  f('phone', 'text', ['手机号码', '手机号', '手机', '移动电话', '联系电话', '联系方式', '电话', '电话号码', '联系手机']),
  f('landline', 'text', ['固定电话', '座机', '座机号码', '办公电话']),
  f('address', 'text', ['家庭住址', '家庭地址', '住址', '现居住地', '现住址', '居住地址', '详细地址', '现居住地址']),
  f('householdReg', 'text', ['户籍所在地', '户籍地', '户口所在地', '户口所在地派出所', '户籍所在派出所']),
  f('nativePlace', 'text', ['籍贯', '祖籍']),
  f('workStart', 'date', ['参加工作日期', '参加工作时间', '工作时间']),
  f('status', 'text', ['党籍状态', '党员状态', '状态']),
  f('isLost', 'bool', ['是否为失联党员', '是否失联党员', '是否失联', '失联党员']),
  f('lostOn', 'date', ['失去联系日期', '失联日期', '失联时间']),
  f('isMobile', 'bool', ['是否为流动党员', '是否流动党员', '是否流动', '流动党员']),
  f('outflow', 'text', ['外出流向', '流向', '流入地', '外出地点', '外出流向(省/市/县)']),
  f('remark', 'text', ['备注', '说明', '其他']),
  // the statistics' fields (docs/domain/statistics.md#other-columns)
  f('profTitle', 'text', ['从事专业技术职务', '专业技术职务', '专业技术职称', '职称']),
  f('taiwan', 'bool', ['台湾省籍', '是否台湾省籍']),
  f('migrantWorker', 'bool', ['是否农民工', '农民工']),
  f('newStratum', 'text', ['新社会阶层类型', '新社会阶层', '新社会阶层人士类型']),
  f('selfCareUnable', 'bool', ['生活不能自理', '是否生活不能自理', '生活不能自理或无劳动能力']),
];

/** recognised headings that carry nothing to import (序号, derived 年龄/党龄, dues columns, 证件类别) */
export const IGNORED_ALIASES = [
  '序号', '编号', 'NO.', 'NO', '序', '年龄', '周岁', '党龄', '党龄(年)', '证件类别', '证件类型', '身份证件类型',
  '党费计算基数', '计算基数', '交纳基数', '缴纳基数', '月工资收入', '税后工资总额', '月收入', '交纳比例', '缴纳比例',
  '执行标准', '比例', '月应交党费', '月交纳党费', '每月应交纳党费金额', '月应缴党费', '月应缴纳党费', '党费标准',
  '党费缴至年月', '党费交至', '缴至月份',
];

export const FIELD_BY_KEY = new Map(IMPORT_FIELDS.map((x) => [x.key, x]));

export const targetLabel = (t: MappingTarget | null): string =>
  t === null ? '（未匹配）' : t === IGNORED_KEY ? '（不导入）' : (FIELD_BY_KEY.get(t)?.label ?? t);

/** fields as bits of one number (a 200,000-row import keeps one per row instead of an array) */
const FIELD_BIT = new Map(IMPORT_FIELDS.map((x, i) => [x.key, 1 << i]));
export const fieldBit = (key: ImportFieldKey): number => FIELD_BIT.get(key) ?? 0;
export const hasField = (mask: number, key: ImportFieldKey): boolean => (mask & fieldBit(key)) !== 0;
export const fieldsIn = (mask: number): ImportFieldKey[] => IMPORT_FIELDS.filter((x) => hasField(mask, x.key)).map((x) => x.key);

const compactName = (s: string) =>
  s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000*]+/g, '').toUpperCase();
const BY_NAME = new Map<string, MappingTarget>();
for (const x of [...IMPORT_FIELDS].reverse()) for (const a of x.aliases) BY_NAME.set(compactName(a), x.key);
for (const x of IMPORT_FIELDS) {
  BY_NAME.set(compactName(x.label), x.key);
  BY_NAME.set(compactName(x.key), x.key);
}
for (const a of [IGNORED_KEY, '不导入', '忽略']) BY_NAME.set(compactName(a), IGNORED_KEY);

/** a field named by its Chinese label (手机号码), a heading alias, its key, or 不导入 */
export const fieldByName = (name: string): MappingTarget | undefined => BY_NAME.get(compactName(name));

/** the Chinese labels a field may be named by (for messages) */
export const FIELD_NAMES = IMPORT_FIELDS.map((x) => x.label);
