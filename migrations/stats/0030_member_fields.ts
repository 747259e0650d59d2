import { sql, type Kysely } from 'kysely';

// The member and organization fields the party statistics count (docs/domain/statistics.md#other-columns,
// docs/domain/members.md#record-fields):
// - members.prof_title (从事专业技术职务: 高级/中级/初级/无), taiwan (台湾省籍), migrant_worker (是否农民工),
//   new_stratum (新社会阶层类型), self_care_unable (生活不能自理);
// - orgs.dissolved_on (撤销日期), so that 基层党组织数量 can be taken as of a date.
//
// The statistics also read the lifecycle fields (members.increase_type / join_type / entered_on,
// member_events.subtype / months / whole_org / effective_on) that the core module's lifecycle migration
// adds. They are created here only when missing, with the same names, types and defaults, so that the
// statistics run on a database that does not have that migration yet; where it ran first, nothing is done.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE members ADD COLUMN prof_title TEXT`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN taiwan INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN migrant_worker INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN new_stratum TEXT`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN self_care_unable INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE orgs ADD COLUMN dissolved_on TEXT`.execute(db);

  const has = async (table: string, column: string) =>
    (await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db)).rows.some((r) => r.name === column);
  if (!(await has('members', 'increase_type'))) {
    await sql`ALTER TABLE members ADD COLUMN increase_type TEXT NOT NULL DEFAULT '建账'`.execute(db);
    await sql`UPDATE members SET increase_type = '发展党员' WHERE substr(joined_on, 1, 4) = substr(created_at, 1, 4)`.execute(db);
  }
  if (!(await has('members', 'join_type'))) await sql`ALTER TABLE members ADD COLUMN join_type TEXT NOT NULL DEFAULT '新发展'`.execute(db);
  if (!(await has('members', 'entered_on'))) await sql`ALTER TABLE members ADD COLUMN entered_on TEXT`.execute(db);
  if (!(await has('member_events', 'subtype'))) await sql`ALTER TABLE member_events ADD COLUMN subtype TEXT`.execute(db);
  if (!(await has('member_events', 'months'))) await sql`ALTER TABLE member_events ADD COLUMN months INTEGER`.execute(db);
  if (!(await has('member_events', 'whole_org'))) await sql`ALTER TABLE member_events ADD COLUMN whole_org INTEGER NOT NULL DEFAULT 0`.execute(db);
  if (!(await has('member_events', 'effective_on'))) await sql`ALTER TABLE member_events ADD COLUMN effective_on TEXT`.execute(db);
  // the statistics read a year's events by type and date
  await sql`CREATE INDEX IF NOT EXISTS member_events_type ON member_events(type, date)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
