import { sql, type Kysely } from 'kysely';

// The member lifecycle (docs/domain/members.md#lifecycle-events): what the statistics count comes from
// coded, dated events and two fields on the member.
// - members.increase_type (增加方式: 建账, 发展党员, 重新入党, 转入, 恢复党籍) and join_type (入党类型:
//   新发展, 重新入党); entered_on = the day a member first entered as 转入/恢复党籍 came onto this roll.
//   Existing members: admitted in the year they were entered → 发展党员, otherwise 建账.
// - member_events.subtype (出党 codes), months (延长预备期), whole_org (整建制), effective_on (转正日期,
//   the extended probation end) and prior (the member columns the event changed, as they were: `member
//   event undo` puts them back).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE members ADD COLUMN increase_type TEXT NOT NULL DEFAULT '建账'`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN join_type TEXT NOT NULL DEFAULT '新发展'`.execute(db);
  await sql`ALTER TABLE members ADD COLUMN entered_on TEXT`.execute(db);
  await sql`UPDATE members SET increase_type = '发展党员' WHERE substr(joined_on, 1, 4) = substr(created_at, 1, 4)`.execute(db);

  await sql`ALTER TABLE member_events ADD COLUMN subtype TEXT`.execute(db);
  await sql`ALTER TABLE member_events ADD COLUMN months INTEGER`.execute(db);
  await sql`ALTER TABLE member_events ADD COLUMN whole_org INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE member_events ADD COLUMN effective_on TEXT`.execute(db);
  await sql`ALTER TABLE member_events ADD COLUMN prior TEXT`.execute(db);
  // 出党 recorded before sub-types existed: the code when the free text names one
  for (const code of ['开除党籍', '退党除名', '劝而不退除名', '劝退', '自行脱党除名', '取消预备党员资格', '不予承认']) {
    await sql`UPDATE member_events SET subtype = ${code} WHERE type = '出党' AND subtype IS NULL AND instr(detail, ${code}) > 0`.execute(db);
  }
  // the statistics read events by type and date (转入/转出/出党 … of a year)
  await sql`CREATE INDEX member_events_type ON member_events(type, date)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
