import type { Generated } from 'kysely';

// The orglife module's tables (migrations/orglife/), added to the Database type.

export interface OrglifeTypesTable {
  name: string;
  /** JSON array of alias words */
  aliases: string;
  /** JSON array of organization types that may hold it */
  holders: string;
  attendees: string;
  panel: string | null;
  quorum: number;
  votes: number;
  sort_order: number;
}

export interface OrglifeFrequenciesTable {
  type: string;
  unit: string | null;
  /** JSON array of organization types */
  org_types: string;
  needs_committee: number;
  remind_from_month: number | null;
}

export interface OrglifeActivitiesTable {
  id: Generated<number>;
  type: string;
  date: string;
  start_time: string | null;
  end_time: string | null;
  place: string | null;
  chair: string | null;
  recorder: string | null;
  lecturer: string | null;
  lecturer_kind: string | null;
  topic: string | null;
  first_topic: string | null;
  content: string | null;
  decisions: string | null;
  vote_kind: string | null;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  written_for: number | null;
  written_against: number | null;
  written_abstain: number | null;
  vote_passed: number | null;
  /** JSON array of names (列席) */
  guests: string;
  hours: number | null;
  expected: number;
  present: number;
  on_leave: number;
  absent: number;
  excused: number;
  voting_expected: number;
  voting_present: number;
  /** 1 / 0 for types with a quorum rule, null otherwise */
  quorum_met: number | null;
  import_batch: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrglifeActivityOrgsTable {
  activity_id: number;
  org_id: number;
  date: string;
  type: string;
  /** 1 when the activity counts as held for the compliance board */
  counts: number;
  expected: number;
  present: number;
  on_leave: number;
  absent: number;
  excused: number;
}

export interface OrglifeAttendanceTable {
  activity_id: number;
  member_id: number;
  org_id: number;
  status: string;
  reason: string | null;
  voting: number;
}

export interface OrglifeTagsTable {
  id: Generated<number>;
  name: string;
}

export interface OrglifeActivityTagsTable {
  activity_id: number;
  tag_id: number;
}

export interface OrglifeAttachmentsTable {
  id: Generated<number>;
  activity_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  added_at: string;
}

export interface OrglifeExcusedTable {
  id: Generated<number>;
  member_id: number;
  reason: string;
  from_date: string;
  until_date: string | null;
  note: string | null;
  created_at: string;
}

export interface OrglifePanelsTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  member_id: number;
  role: string | null;
  from_date: string;
  until_date: string | null;
  created_at: string;
}

export interface OrglifeTrainingsTable {
  id: Generated<number>;
  title: string;
  kind: string;
  level: string;
  org_id: number;
  start_date: string;
  end_date: string;
  hours: number;
  place: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrglifeTrainingMembersTable {
  training_id: number;
  member_id: number;
}

export interface OrglifeTargetsTable {
  key: string;
  label: string;
  hours: number;
}

export interface OrglifeTables {
  orglife_types: OrglifeTypesTable;
  orglife_frequencies: OrglifeFrequenciesTable;
  orglife_activities: OrglifeActivitiesTable;
  orglife_activity_orgs: OrglifeActivityOrgsTable;
  orglife_attendance: OrglifeAttendanceTable;
  orglife_tags: OrglifeTagsTable;
  orglife_activity_tags: OrglifeActivityTagsTable;
  orglife_attachments: OrglifeAttachmentsTable;
  orglife_excused: OrglifeExcusedTable;
  orglife_panels: OrglifePanelsTable;
  orglife_trainings: OrglifeTrainingsTable;
  orglife_training_members: OrglifeTrainingMembersTable;
  orglife_targets: OrglifeTargetsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends OrglifeTables {}
}
