import { checkIdNumber } from '../../../domain/id-number.ts';
import { compactText, normalizeEducation, normalizeEthnicity, normalizeGender, normalizePhone } from '../../../domain/member-values.ts';
import { NAME_MAX_LENGTH, nameLength, normalizeName } from '../../../domain/names.ts';
import { parsePartialDate } from '../../../domain/partial-date.ts';
import { JOIN_TYPES } from './rules.ts';

// A person of the development register as typed or imported, normalised with the registry's own value
// rules (names, 公民身份号码, 性别, 民族, 学历: docs/domain/members.md#enumerations), so that the admission
// meeting can enter them into the member registry unchanged.

export interface RawPerson {
  name?: string | null;
  idNumber?: string | number | null;
  gender?: string | null;
  ethnicity?: string | null;
  birthDate?: string | null;
  education?: string | null;
  phone?: string | null;
  jobPosition?: string | null;
  workUnit?: string | null;
  joinType?: string | null;
  remark?: string | null;
}

export interface NormalPerson {
  name: string;
  idNumber: string;
  gender: string | null;
  ethnicity: string | null;
  birthDate: string | null;
  education: string | null;
  phone: string | null;
  jobPosition: string | null;
  workUnit: string | null;
  joinType: string;
  remark: string | null;
}

const textOrNull = (v: unknown): string | null => {
  const t = v == null ? '' : String(v).replace(/\u3000/g, ' ').trim();
  return t || null;
};

/** a date field: null when empty, an error when it is not a date */
export function dateOrError(raw: unknown, label: string, errors: string[]): string | null {
  if (raw == null || compactText(raw) === '') return null;
  const d = parsePartialDate(String(raw));
  if (!d) errors.push(`${label}“${String(raw)}”不是有效日期，请写成如 2025-03-01`);
  return d;
}

export function normalizePerson(raw: RawPerson, today: string): { person: NormalPerson; errors: string[] } {
  const errors: string[] = [];
  const name = normalizeName(raw.name ?? '');
  if (!name) errors.push('请填写姓名');
  else if (nameLength(name) > NAME_MAX_LENGTH) errors.push(`姓名过长（不超过${NAME_MAX_LENGTH}个字）`);
  const id = checkIdNumber(raw.idNumber ?? null, { today });
  errors.push(...id.issues.map((i) => i.message));
  let gender: string | null = null;
  if (compactText(raw.gender)) {
    gender = normalizeGender(raw.gender);
    if (!gender) errors.push(`性别“${raw.gender}”不正确，应为男或女`);
  } else if (id.ok) gender = id.gender ?? null;
  let ethnicity: string | null = null;
  if (compactText(raw.ethnicity)) {
    ethnicity = normalizeEthnicity(raw.ethnicity);
    if (!ethnicity) errors.push(`民族“${raw.ethnicity}”不是规范的民族名称`);
  }
  let education: string | null = null;
  if (compactText(raw.education)) {
    education = normalizeEducation(raw.education);
    if (!education) errors.push(`学历“${raw.education}”不在学历列表中`);
  }
  const birthDate = dateOrError(raw.birthDate, '出生日期', errors) ?? (id.ok ? (id.birthDate ?? null) : null);
  const joinType = textOrNull(raw.joinType) ?? '新发展';
  if (!(JOIN_TYPES as readonly string[]).includes(joinType)) errors.push(`入党类型应为：${JOIN_TYPES.join('、')}`);
  const phone = textOrNull(raw.phone);
  return {
    person: {
      name,
      idNumber: id.id,
      gender,
      ethnicity,
      birthDate,
      education,
      phone: phone ? normalizePhone(phone) : null,
      jobPosition: textOrNull(raw.jobPosition),
      workUnit: textOrNull(raw.workUnit),
      joinType,
      remark: textOrNull(raw.remark),
    },
    errors,
  };
}
