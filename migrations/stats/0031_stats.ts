import { sql, type Kysely } from 'kysely';

// The party statistics' own records (docs/domain/statistics.md):
// - stats_job_map: a free-text 工作岗位 of an older roster and the code the clerk confirmed for it, so
//   that it is asked once (docs/domain/statistics.md#occupation-rows);
// - stats_covers: the cover of a report (填报单位（盖章）, 负责人, 填表人, 报出时间, 联系电话) per
//   organization and statistics date;
// - stats_finals: a table signed off (上报) for an organization and a date, with its figures, and for
//   党员数量变化情况 the members of its actual count (next year's opening members).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE stats_job_map (
    text TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    confirmed_by TEXT,
    confirmed_at TEXT NOT NULL
  ) STRICT`.execute(db);

  await sql`CREATE TABLE stats_covers (
    org_id INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    reporting_unit TEXT,
    principal TEXT,
    clerk TEXT,
    reported_on TEXT,
    phone TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, as_of)
  ) STRICT`.execute(db);

  await sql`CREATE TABLE stats_finals (
    name TEXT NOT NULL,
    org_id INTEGER NOT NULL,
    sub_orgs INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    result TEXT NOT NULL,
    member_ids TEXT,
    finalized_at TEXT NOT NULL,
    finalized_by TEXT,
    PRIMARY KEY (name, org_id, sub_orgs, as_of)
  ) STRICT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
