import type { NormalizedMember } from '../../../domain/member-rules.ts';
import type { ImportFieldKey } from '../domain/fields.ts';

// Which members-table column each imported field writes (migrations/0001_core.ts), and how a
// normalised value is stored there (booleans as 0/1). The import writes rows in bulk with prepared
// statements, so it keeps this one table instead of going through saveMember row by row.

export const FIELD_COLUMN: Partial<Record<ImportFieldKey, string>> = {
  name: 'name',
  gender: 'gender',
  ethnicity: 'ethnicity',
  birthDate: 'birth_date',
  education: 'education',
  degree: 'degree',
  category: 'category',
  joinedOn: 'joined_on',
  confirmedOn: 'confirmed_on',
  jobPosition: 'job_position',
  workUnit: 'work_unit',
  nativePlace: 'native_place',
  phone: 'phone',
  landline: 'landline',
  address: 'address',
  householdReg: 'household_reg',
  partyPost: 'party_post',
  workStart: 'work_start',
  status: 'status',
  isLost: 'is_lost',
  lostOn: 'lost_on',
  isMobile: 'is_mobile',
  outflow: 'outflow',
  remark: 'remark',
  profTitle: 'prof_title',
  taiwan: 'taiwan',
  migrantWorker: 'migrant_worker',
  newStratum: 'new_stratum',
  selfCareUnable: 'self_care_unable',
};

export type StoredValue = string | number | null;

export function storedValue(m: NormalizedMember, field: ImportFieldKey): StoredValue {
  const v = (m as unknown as Record<string, unknown>)[field];
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined || v === '') return null;
  return v as StoredValue;
}
