import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface OrgsTable {
  id: Generated<number>;
  name: string;
  short_name: string | null;
  type: string;
  parent_id: number | null;
  /** materialized path of ids, e.g. "/1/5/12/": a subtree is `path LIKE '/1/5/%'` */
  path: string;
  secretary_id: number | null;
  established_on: string | null;
  /** 撤销日期 (migrations/stats/0030_member_fields.ts) */
  dissolved_on: string | null;
  term_start: string | null;
  term_years: number | null;
  postponed_until: string | null;
  postponement_note: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface MembersTable {
  id: Generated<number>;
  name: string;
  name_pinyin: string;
  name_initials: string;
  id_number: string;
  id_needs_review: number;
  gender: string;
  ethnicity: string | null;
  birth_date: string;
  education: string | null;
  degree: string | null;
  category: string;
  joined_on: string;
  confirmed_on: string | null;
  org_id: number;
  job_position: string | null;
  work_unit: string | null;
  native_place: string | null;
  phone: string | null;
  landline: string | null;
  address: string | null;
  household_reg: string | null;
  party_post: string | null;
  work_start: string | null;
  status: string;
  roll: string;
  left_on: string | null;
  is_lost: number;
  lost_on: string | null;
  is_mobile: number;
  outflow: string | null;
  remark: string | null;
  import_batch_id: number | null;
  /** the statistics' fields (migrations/stats/0030_member_fields.ts, domain/member-stat-fields.ts) */
  prof_title: string | null;
  taiwan: number;
  migrant_worker: number;
  new_stratum: string | null;
  self_care_unable: number;
  /** 增加方式 (domain/lifecycle.ts INCREASE_TYPES) */
  increase_type: Generated<string>;
  /** 入党类型 (domain/lifecycle.ts JOIN_TYPES) */
  join_type: Generated<string>;
  /** 进入本组织日期 for a member first entered as 转入/恢复党籍 (the roll starts then) */
  entered_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface MemberEventsTable {
  id: Generated<number>;
  member_id: number;
  type: string;
  date: string;
  detail: string | null;
  from_org_id: number | null;
  to_org_id: number | null;
  /** 出党 sub-type (domain/lifecycle.ts EXIT_SUBTYPES) */
  subtype: string | null;
  /** 延长预备期: months */
  months: number | null;
  /** 整建制 转入/转出 */
  whole_org: Generated<number>;
  /** 转正: 转正日期 (the end of probation); 延长预备期: the new end */
  effective_on: string | null;
  /** JSON: the member columns the event changed, as they were before it (undo puts them back) */
  prior: string | null;
  recorded_at: string;
  recorded_by: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string | null;
  entity: string;
  entity_id: number;
  action: string;
  before: string | null;
  after: string | null;
  /** the computer's name (os.hostname()), from migration safety/0050 */
  machine: string | null;
  /** the module the entity belongs to, for the audit viewer's filter */
  module: string | null;
}

export interface ExportPrefsTable {
  name: string;
  /** JSON array of column keys, in order */
  columns: string;
}

export interface CoreTables {
  export_prefs: ExportPrefsTable;
  settings: SettingsTable;
  orgs: OrgsTable;
  members: MembersTable;
  member_events: MemberEventsTable;
  audit_log: AuditLogTable;
}

declare module '../../db/schema.ts' {
  interface Database extends CoreTables {}
}
