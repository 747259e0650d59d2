import type { NormalizedMember } from '../domain/member-rules.ts';
import type { ImportFieldKey } from './fields.ts';

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
};

export type StoredValue = string | number | null;

export function storedValue(m: NormalizedMember, field: ImportFieldKey): StoredValue {
  const v = (m as unknown as Record<string, unknown>)[field];
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined || v === '') return null;
  return v as StoredValue;
}

/** the full members row of a new member (org and batch added by the caller) */
export function insertValues(m: NormalizedMember): Record<string, StoredValue> {
  return {
    name: m.name,
    id_number: m.idNumber,
    id_needs_review: m.idNeedsReview ? 1 : 0,
    gender: m.gender,
    ethnicity: m.ethnicity,
    birth_date: m.birthDate,
    education: m.education,
    degree: m.degree,
    category: m.category,
    joined_on: m.joinedOn,
    confirmed_on: m.confirmedOn,
    job_position: m.jobPosition,
    work_unit: m.workUnit,
    native_place: m.nativePlace,
    phone: m.phone,
    landline: m.landline,
    address: m.address,
    household_reg: m.householdReg,
    party_post: m.partyPost,
    work_start: m.workStart,
    status: m.status,
    is_lost: m.isLost ? 1 : 0,
    lost_on: m.lostOn,
    is_mobile: m.isMobile ? 1 : 0,
    outflow: m.outflow,
    remark: m.remark,
  };
}
