import { sql, type Kysely } from 'kysely';

// Core schema: settings, organization tree, member registry, member events, audit history.
// STRICT tables: a wrong type is an error, never silently coerced.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`.execute(db);

  await sql`CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    short_name TEXT,
    type TEXT NOT NULL,
    parent_id INTEGER REFERENCES orgs(id),
    path TEXT NOT NULL,
    secretary_id INTEGER,
    established_on TEXT,
    term_start TEXT,
    term_years INTEGER,
    postponed_until TEXT,
    postponement_note TEXT,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX orgs_parent ON orgs(parent_id)`.execute(db);
  await sql`CREATE INDEX orgs_path ON orgs(path)`.execute(db);
  // short names may repeat in different branches of the tree (第一党支部); a repeated one is ambiguous by name
  await sql`CREATE INDEX orgs_short_name ON orgs(short_name)`.execute(db);

  await sql`CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_pinyin TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    id_needs_review INTEGER NOT NULL DEFAULT 0,
    gender TEXT NOT NULL,
    ethnicity TEXT,
    birth_date TEXT NOT NULL,
    education TEXT,
    degree TEXT,
    category TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    confirmed_on TEXT,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    job_position TEXT,
    work_unit TEXT,
    native_place TEXT,
    phone TEXT,
    landline TEXT,
    address TEXT,
    household_reg TEXT,
    party_post TEXT,
    work_start TEXT,
    status TEXT NOT NULL DEFAULT '正常',
    roll TEXT NOT NULL DEFAULT '在册',
    left_on TEXT,
    is_lost INTEGER NOT NULL DEFAULT 0,
    lost_on TEXT,
    is_mobile INTEGER NOT NULL DEFAULT 0,
    outflow TEXT,
    remark TEXT,
    import_batch_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  // The member list (target: instant at 100,000 members; measured by `npm run bench`):
  // - pages in pinyin order within the roll; id_number rides along so that an ID-fragment search is
  //   filtered inside the index and only the matching rows are read;
  // - (roll) alone makes the page's total a cheap count of a narrow index;
  // - an organization (subtree) filter walks org_id; searches use the initials / pinyin ranges.
  await sql`CREATE INDEX members_roll_pinyin ON members(roll, name_pinyin, id, id_number)`.execute(db);
  await sql`CREATE INDEX members_roll ON members(roll)`.execute(db);
  await sql`CREATE INDEX members_org_pinyin ON members(org_id, roll, name_pinyin, id)`.execute(db);
  await sql`CREATE INDEX members_initials ON members(name_initials)`.execute(db);
  await sql`CREATE INDEX members_name ON members(name)`.execute(db);

  // Roll events (转入, 转出, 死亡, 出党, ...): each with date and destination/reason, kept as history.
  await sql`CREATE TABLE member_events (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    date TEXT NOT NULL,
    detail TEXT,
    from_org_id INTEGER,
    to_org_id INTEGER,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX member_events_member ON member_events(member_id, date)`.execute(db);

  // Generic change history for every module: who, when, what changed (old → new as JSON).
  await sql`CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX audit_entity ON audit_log(entity, entity_id, id)`.execute(db);

  await seedPlannerStatistics(db);
}

/**
 * Nobody runs ANALYZE on a clerk's database, and without statistics SQLite assumes `roll = '在册'` picks
 * about ten rows: it then walks the whole roll in pinyin order for a pinyin-initials search (seconds at
 * 100,000 members). Representative statistics for a large registry fix the plans (the documented
 * "manual control of query plans using sqlite_stat1"); a real ANALYZE later simply replaces them.
 */
async function seedPlannerStatistics(db: Kysely<unknown>): Promise<void> {
  await sql`ANALYZE`.execute(db); // creates sqlite_stat1 (the tables are still empty)
  const stats: [string, string, string][] = [
    // table, index, "rows  rows-per-key(first column)  rows-per-key(first two) ..."
    ['members', 'members_roll_pinyin', '100000 33000 2 1 1'],
    ['members', 'members_roll', '100000 33000'],
    ['members', 'members_org_pinyin', '100000 500 200 2 1'],
    ['members', 'members_initials', '100000 50'],
    ['members', 'members_name', '100000 2'],
    ['members', 'sqlite_autoindex_members_1', '100000 1'],
    ['orgs', 'orgs_path', '200 1'],
    ['orgs', 'orgs_parent', '200 5'],
    ['orgs', 'orgs_short_name', '200 1'],
    ['orgs', 'sqlite_autoindex_orgs_1', '200 1'],
    ['member_events', 'member_events_member', '20000 4 1'],
    ['audit_log', 'audit_entity', '200000 50000 5 1'],
  ];
  await sql`DELETE FROM sqlite_stat1 WHERE tbl IN ('members', 'orgs', 'member_events', 'audit_log')`.execute(db);
  for (const [tbl, idx, stat] of stats) {
    await sql`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (${tbl}, ${idx}, ${stat})`.execute(db);
  }
  await sql`ANALYZE sqlite_schema`.execute(db); // reloads the statistics into this connection
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
