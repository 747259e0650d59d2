import type { Issue } from './errors.ts';
import { EDUCATIONS, type Category, type Gender, type MemberStatus } from './enums.ts';
import { FIELD_LABELS } from './field-labels.ts';
import { normalizeStatFields, type RawStatFields, type StatFields } from './member-stat-fields.ts';
import { checkIdNumber } from './id-number.ts';
import { NAME_MAX_LENGTH, nameLength, normalizeName } from './names.ts';
import {
  compactText,
  isMobileNumber,
  normalizeBoolean,
  normalizeCategory,
  normalizeEducation,
  normalizeEthnicity,
  normalizeGender,
  normalizePhone,
  normalizeStatus,
} from './member-values.ts';
import { INCREASE_TYPES, initialIncreaseType, JOIN_TYPES, type IncreaseType, type JoinType } from './lifecycle.ts';
import {
  addYears,
  certainlyAfter,
  certainlyBefore,
  isMonthOnly,
  parsePartialDate,
  sameAtPrecision,
  type PartialDate,
} from './partial-date.ts';

// The member record's rules (docs/domain/members.md#validation-list, V01–V17): the SAME function for
// the form, the CLI and imports. Errors refuse the save; warnings are saved and shown beside the field.

/** what a caller hands in: the keys of contract/core.ts memberInput, values as typed or imported */
export interface RawMember extends RawStatFields {
  name?: string | null;
  idNumber?: string | number | null;
  gender?: string | null;
  ethnicity?: string | null;
  birthDate?: string | null;
  education?: string | null;
  degree?: string | null;
  category?: string | null;
  joinedOn?: string | null;
  confirmedOn?: string | null;
  org?: string | null;
  orgId?: number | null;
  jobPosition?: string | null;
  workUnit?: string | null;
  nativePlace?: string | null;
  phone?: string | null;
  landline?: string | null;
  address?: string | null;
  householdReg?: string | null;
  partyPost?: string | null;
  workStart?: string | null;
  status?: string | null;
  isLost?: boolean | string | null;
  lostOn?: string | null;
  isMobile?: boolean | string | null;
  outflow?: string | null;
  remark?: string | null;
  /** 增加方式 (domain/lifecycle.ts); when absent on a new record: by the admission year */
  increaseType?: string | null;
  /** 入党类型: 新发展 (default) or 重新入党 */
  joinType?: string | null;
  /** 进入本组织日期: required for 增加方式 转入 / 恢复党籍 */
  enteredOn?: string | null;
}

/** the record after normalisation, ready to store (org still by name or id: the service resolves it) */
export interface NormalizedMember extends StatFields {
  name: string;
  idNumber: string;
  idNeedsReview: boolean;
  gender: Gender | '';
  ethnicity: string | null;
  birthDate: PartialDate | '';
  education: string | null;
  degree: string | null;
  category: Category | '';
  joinedOn: PartialDate | '';
  confirmedOn: PartialDate | null;
  org: string | null;
  orgId: number | null;
  jobPosition: string | null;
  workUnit: string | null;
  nativePlace: string | null;
  phone: string | null;
  landline: string | null;
  address: string | null;
  householdReg: string | null;
  partyPost: string | null;
  workStart: PartialDate | null;
  status: MemberStatus;
  isLost: boolean;
  lostOn: PartialDate | null;
  isMobile: boolean;
  outflow: string | null;
  remark: string | null;
  increaseType: IncreaseType;
  joinType: JoinType;
  enteredOn: PartialDate | null;
}

export interface MemberCheckResult {
  member: NormalizedMember;
  errors: Issue[];
  warnings: Issue[];
  /** what was filled in for the clerk (kept in the member's history), e.g. a birth day completed from the ID */
  notes: Issue[];
  /** what the ID number says (filled into the form as the clerk types) */
  derived: { gender?: Gender; birthDate?: string; idNumber?: string };
}

const label = (field: keyof RawMember) => FIELD_LABELS[field] ?? field;

/** trimmed free text, null when empty */
function textOrNull(raw: unknown): string | null {
  if (raw == null) return null;
  if (typeof raw === 'string' && raw.length && !/^\s|\s$|\u3000/.test(raw)) return raw;
  const t = String(raw).replace(/\u3000/g, ' ').trim();
  return t ? t : null;
}

export function checkMember(input: RawMember, opts: { today: string }): MemberCheckResult {
  const { today } = opts;
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const notes: Issue[] = [];
  const err = (field: keyof RawMember, message: string) => errors.push({ field, message });
  const warn = (field: keyof RawMember, message: string) => warnings.push({ field, message });

  /** a date field: parsed, or an error naming the field; never in the future unless allowed */
  const dateField = (field: keyof RawMember): PartialDate | null => {
    const raw = input[field];
    if (raw == null || compactText(raw) === '') return null;
    const d = parsePartialDate(String(raw));
    if (!d) {
      err(field, `${label(field)}“${String(raw)}”不是有效日期，请写成如 1985-06-15 或 1985-06`);
      return null;
    }
    if (certainlyAfter(d, today)) {
      err(field, `${label(field)}不能晚于今天`);
    }
    return d;
  };

  // 姓名 (docs/domain/members.md#record-fields)
  const name = normalizeName(input.name);
  if (!name) err('name', '请填写姓名');
  else if (nameLength(name) > NAME_MAX_LENGTH) err('name', `姓名过长（不超过${NAME_MAX_LENGTH}个字）`);

  // 公民身份号码 (V01–V05); uniqueness V06 is the service's
  const id = checkIdNumber(input.idNumber ?? null, { today });
  errors.push(...id.issues);
  const derived: MemberCheckResult['derived'] = id.ok ? { gender: id.gender, birthDate: id.birthDate, idNumber: id.id } : {};

  // 性别 (V08): filled from the ID when empty, a warning when entered differently
  let gender: Gender | '' = '';
  if (input.gender != null && compactText(input.gender) !== '') {
    const g = normalizeGender(input.gender);
    if (!g) err('gender', `性别“${input.gender}”不正确，应为男或女`);
    else {
      gender = g;
      if (id.ok && id.gender !== g) warn('gender', `性别与公民身份号码不一致（身份证号显示为${id.gender}）`);
    }
  } else if (id.ok) gender = id.gender!;

  // 出生日期 (V07): compare by month when only a month is given
  let birthDate: PartialDate | '' = '';
  const enteredBirth = dateField('birthDate');
  if (enteredBirth) {
    birthDate = enteredBirth;
    if (id.ok && !sameAtPrecision(enteredBirth, id.birthDate!)) {
      warn('birthDate', `出生日期与公民身份号码不一致（身份证号显示为${id.birthDate}）`);
    } else if (id.ok && isMonthOnly(enteredBirth)) {
      // written to the month only, and the ID gives the day: the ID completes it (it wins for statistics)
      birthDate = id.birthDate!;
      notes.push({ field: 'birthDate', message: `出生日期“${String(input.birthDate)}”只写到月，已按公民身份号码补全为 ${id.birthDate}` });
    }
  } else if (id.ok) birthDate = id.birthDate!;
  // (no valid ID and no date: the ID's own error already refuses the record)

  // 民族 (V09)
  let ethnicity: string | null = null;
  if (compactText(input.ethnicity)) {
    ethnicity = normalizeEthnicity(input.ethnicity);
    if (!ethnicity) err('ethnicity', `民族“${input.ethnicity}”不是规范的民族名称（如 汉族、蒙古族）`);
  }

  // 学历 (docs/domain/members.md#education)
  let education: string | null = null;
  if (compactText(input.education)) {
    education = normalizeEducation(input.education);
    if (!education) {
      err('education', `学历“${input.education}”不在学历列表中（如 ${EDUCATIONS.slice(6, 9).join('、')}、研究生）`);
    }
  }

  // 入党日期 (V10): required, not in the future, not before the 18th birthday
  const joinedOn = dateField('joinedOn');
  if (!joinedOn && (input.joinedOn == null || compactText(input.joinedOn) === '')) err('joinedOn', '请填写入党日期');
  if (joinedOn && birthDate && certainlyBefore(joinedOn, addYears(birthDate, 18))) {
    err('joinedOn', '入党日期早于年满十八周岁之日（入党时未满十八周岁），请核对入党日期或出生日期');
  }

  const confirmedOn = dateField('confirmedOn');

  // 人员类别 (docs/domain/members.md#member-type); when omitted, a 转正日期 says 正式党员
  let category: Category | '' = '';
  if (compactText(input.category)) {
    const c = normalizeCategory(input.category);
    if (!c) err('category', `人员类别“${input.category}”不正确，应为正式党员或预备党员`);
    else category = c;
  } else if (confirmedOn) category = '正式党员';
  else err('category', '请填写人员类别（正式党员或预备党员）');

  if (category === '预备党员') {
    // V12
    if (confirmedOn) err('confirmedOn', '预备党员不应填写转正日期；已转正的请把人员类别改为正式党员');
    // V13: probation over, no 转正 recorded; beyond two years (a year plus the longest extension) certainly overdue
    else if (joinedOn && certainlyBefore(addYears(joinedOn, 2), today)) {
      warn('category', '入党已超过两年（预备期一年加最长延长一年）仍为预备党员，已超出预备期规定，请立即讨论转正或取消预备党员资格');
    } else if (joinedOn && certainlyBefore(addYears(joinedOn, 1), today)) {
      warn('category', '预备期已满一年仍为预备党员，请及时讨论转正（或记录延长预备期）');
    }
  } else if (category === '正式党员') {
    // V11: probation is at least one year (error), normally exactly one, at most two with an extension (warning)
    if (!confirmedOn) {
      if (input.confirmedOn == null || compactText(input.confirmedOn) === '') err('confirmedOn', '正式党员须填写转正日期');
    } else if (joinedOn) {
      if (certainlyBefore(confirmedOn, addYears(joinedOn, 1))) {
        err('confirmedOn', '转正日期距入党日期不足一年，不符合预备期规定');
      } else if (certainlyAfter(confirmedOn, addYears(joinedOn, 2))) {
        warn('confirmedOn', '转正日期距入党日期超过两年，超出预备期（含延长）规定，请核对');
      }
    }
  }

  // 党籍状态 (V17)
  let status: MemberStatus = '正常';
  if (compactText(input.status)) {
    const s = normalizeStatus(input.status);
    if (!s) err('status', '党籍状态应为“正常”或“停止党籍”');
    else status = s;
  }

  // 失联 / 流动 (V14, V16)
  const flag = (field: 'isLost' | 'isMobile'): boolean => {
    const raw = input[field];
    if (raw == null || raw === '') return false;
    const b = normalizeBoolean(raw);
    if (b === null) {
      err(field, `${label(field)}应为“是”或“否”`);
      return false;
    }
    return b;
  };
  const isLost = flag('isLost');
  const lostOn = dateField('lostOn');
  if (isLost && !lostOn && !compactText(input.lostOn)) err('lostOn', '失联党员请填写失去联系日期');
  const isMobile = flag('isMobile');
  const outflow = textOrNull(input.outflow);
  if (isMobile && !outflow) warn('outflow', '流动党员请填写外出流向');

  // 手机号码 (docs/domain/members.md#cross-field-rules): 11 digits starting with 1
  const phoneRaw = textOrNull(input.phone);
  const phone = phoneRaw ? normalizePhone(phoneRaw) : null;
  if (phone && !isMobileNumber(phone)) warn('phone', '手机号码应为以1开头的11位数字，请核对');

  const workStart = dateField('workStart');

  // the statistics' own fields (docs/domain/statistics.md#other-columns)
  const stat = normalizeStatFields(input);
  errors.push(...stat.errors);

  // 入党类型 and 增加方式 (docs/domain/members.md#increase-and-decrease-types)
  let joinType: JoinType = '新发展';
  if (compactText(input.joinType)) {
    const j = compactText(input.joinType);
    if ((JOIN_TYPES as readonly string[]).includes(j)) joinType = j as JoinType;
    else err('joinType', `入党类型应为：${JOIN_TYPES.join('、')}`);
  }
  const enteredOn = dateField('enteredOn');
  let increaseType: IncreaseType = initialIncreaseType({ joinedOn, joinType }, today);
  if (compactText(input.increaseType)) {
    const t = compactText(input.increaseType);
    if ((INCREASE_TYPES as readonly string[]).includes(t)) increaseType = t as IncreaseType;
    else err('increaseType', `增加方式应为：${INCREASE_TYPES.join('、')}`);
  }
  if ((increaseType === '转入' || increaseType === '恢复党籍') && !enteredOn && !compactText(input.enteredOn)) {
    err('enteredOn', `增加方式为${increaseType}的，请填写进入本组织的日期`);
  }
  if (enteredOn && joinedOn && certainlyBefore(enteredOn, joinedOn)) err('enteredOn', '进入本组织的日期早于入党日期，请核对');

  const member: NormalizedMember = {
    name,
    idNumber: id.id,
    idNeedsReview: id.convertedFrom15,
    gender,
    ethnicity,
    birthDate,
    education,
    degree: textOrNull(input.degree),
    category,
    joinedOn: joinedOn ?? '',
    confirmedOn,
    org: textOrNull(input.org),
    orgId: input.orgId ?? null,
    jobPosition: textOrNull(input.jobPosition),
    workUnit: textOrNull(input.workUnit),
    nativePlace: textOrNull(input.nativePlace),
    phone,
    landline: textOrNull(input.landline) && compactText(input.landline),
    address: textOrNull(input.address),
    householdReg: textOrNull(input.householdReg),
    partyPost: textOrNull(input.partyPost),
    workStart,
    status,
    isLost,
    lostOn,
    isMobile,
    outflow,
    remark: textOrNull(input.remark),
    increaseType,
    joinType,
    enteredOn,
    ...stat.values,
  };
  if (id.convertedFrom15) {
    warnings.push({ field: 'idNumber', message: `已将15位旧身份证号转换为18位（${id.id}），请对照身份证原件核对` });
  }
  return { member, errors, warnings, notes, derived };
}
