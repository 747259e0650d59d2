import type { MembersTable } from '../modules/core/tables.ts';
import type { NormalizedMember } from '../domain/member-rules.ts';

// How a normalised member is stored in the members table (migrations/0001_core.ts): the one mapping
// shared by the member form (services/members.ts) and the bulk import (import/commit.ts).
export type MemberColumnValues = Omit<
  MembersTable,
  'id' | 'name_pinyin' | 'name_initials' | 'org_id' | 'roll' | 'left_on' | 'import_batch_id' | 'created_at' | 'updated_at' | 'increase_type' | 'join_type'
> & { increase_type: string; join_type: string };

export function memberColumnValues(m: NormalizedMember): MemberColumnValues {
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
    prof_title: m.profTitle,
    taiwan: m.taiwan ? 1 : 0,
    migrant_worker: m.migrantWorker ? 1 : 0,
    new_stratum: m.newStratum,
    self_care_unable: m.selfCareUnable ? 1 : 0,
    increase_type: m.increaseType,
    join_type: m.joinType,
    entered_on: m.enteredOn,
  };
}
