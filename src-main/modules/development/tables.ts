import type { Generated } from 'kysely';

// Tables of the development module (migrations/development/0035_development.ts).

export interface DevPeopleTable {
  id: Generated<number>;
  name: string;
  id_number: string;
  gender: string | null;
  ethnicity: string | null;
  birth_date: string | null;
  education: string | null;
  phone: string | null;
  job_position: string | null;
  work_unit: string | null;
  org_id: number;
  /** 入党申请人 | 入党积极分子 | 发展对象 | 预备党员 */
  stage: string;
  applied_on: string;
  talked_on: string | null;
  activist_on: string | null;
  /** JSON: member ids of the 培养联系人 */
  contacts: string | null;
  candidate_on: string | null;
  /** JSON: member ids of the 入党介绍人 */
  sponsors: string | null;
  political_review_on: string | null;
  political_review_result: string | null;
  training_from: string | null;
  training_to: string | null;
  training_hours: number | null;
  training_cert: string | null;
  publicity_from: string | null;
  publicity_to: string | null;
  pre_review_on: string | null;
  volunteer_form_no: string | null;
  admitted_on: string | null;
  /** JSON VoteCount of the admission meeting */
  votes: string | null;
  approval_on: string | null;
  oath_on: string | null;
  join_type: Generated<string>;
  /** the member record made at the admission meeting */
  member_id: number | null;
  remark: string | null;
  created_at: string;
  updated_at: string;
}

export interface DevReviewsTable {
  id: Generated<number>;
  person_id: number;
  /** 培养考察 | 思想汇报 */
  kind: string;
  date: string;
  reviewer: string | null;
  summary: string | null;
  recorded_at: string;
  recorded_by: string | null;
}

export interface DevOverridesTable {
  id: Generated<number>;
  person_id: number;
  stage: string;
  code: string;
  rule: string;
  reason: string;
  date: string;
  recorded_at: string;
  recorded_by: string | null;
}

export interface DevelopmentTables {
  dev_people: DevPeopleTable;
  dev_reviews: DevReviewsTable;
  dev_overrides: DevOverridesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends DevelopmentTables {}
}
