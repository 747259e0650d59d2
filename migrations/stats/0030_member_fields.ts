import { sql, type Kysely } from 'kysely';

// The member and organization fields the party statistics count (docs/domain/statistics.md#other-columns,
// docs/domain/members.md#record-fields):
// - members.prof_title (从事专业技术职务: 高级/中级/初级/无), taiwan (台湾省籍), migrant_worker (是否农民工),
//   new_stratum (新社会阶层类型), self_care_unable (生活不能自理);
// - orgs.dissolved_on (撤销日期), so that 基层党组织数量 can be taken as of a date.
//
// The statistics also read the lifecycle fields (members.increase_type / join_type / entered_on,
// member_events.subtype / months / whole_org / effective_on): migrations/core/0007_lifecycle.ts adds them,
// and it runs first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE members ADD COLUMN prof_title TEXT`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN taiwan INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN migrant_worker INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN new_stratum TEXT`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN self_care_unable INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE orgs ADD COLUMN dissolved_on TEXT`.execute(db);

  // the statistics read a year's events by type and date
  await sql`CREATE INDEX IF NOT EXISTS member_events_type ON member_events(type, date)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
