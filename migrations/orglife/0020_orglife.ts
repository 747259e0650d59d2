import { sql, type Kysely } from 'kysely';
import { DEFAULT_TYPES } from '../../src-main/modules/orglife/domain/types.ts';
import { DEFAULT_FREQUENCIES } from '../../src-main/modules/orglife/domain/compliance.ts';
import { DEFAULT_TARGETS } from '../../src-main/modules/orglife/domain/training.ts';

// Organizational life and study (docs/domain/org-life.md): activity types and frequencies as data, the
// activity register with its per-organization headcounts and per-member attendance, tags, attachments
// kept inside the database, excused members, 中心组 / 党组 lists, training classes and hour targets.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE orglife_types (
    name TEXT PRIMARY KEY,
    aliases TEXT NOT NULL DEFAULT '[]',
    holders TEXT NOT NULL,
    attendees TEXT NOT NULL,
    panel TEXT,
    quorum INTEGER NOT NULL DEFAULT 0,
    votes INTEGER NOT NULL DEFAULT 0,
    sort_order INTEGER NOT NULL
  ) STRICT`.execute(db);

  await sql`CREATE TABLE orglife_frequencies (
    type TEXT PRIMARY KEY REFERENCES orglife_types(name),
    unit TEXT,
    org_types TEXT NOT NULL,
    needs_committee INTEGER NOT NULL DEFAULT 0,
    remind_from_month INTEGER
  ) STRICT`.execute(db);

  // one activity; its headcounts (totals) are computed at entry and kept, so later transfers never
  // rewrite them (docs/domain/org-life.md#attendance)
  await sql`CREATE TABLE orglife_activities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL REFERENCES orglife_types(name),
    date TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    place TEXT,
    chair TEXT,
    recorder TEXT,
    lecturer TEXT,
    lecturer_kind TEXT,
    topic TEXT,
    first_topic TEXT,
    content TEXT,
    decisions TEXT,
    vote_kind TEXT,
    votes_for INTEGER,
    votes_against INTEGER,
    votes_abstain INTEGER,
    written_for INTEGER,
    written_against INTEGER,
    written_abstain INTEGER,
    vote_passed INTEGER,
    guests TEXT NOT NULL DEFAULT '[]',
    hours REAL,
    expected INTEGER NOT NULL,
    present INTEGER NOT NULL,
    on_leave INTEGER NOT NULL,
    absent INTEGER NOT NULL,
    excused INTEGER NOT NULL,
    voting_expected INTEGER NOT NULL,
    voting_present INTEGER NOT NULL,
    quorum_met INTEGER,
    import_batch TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);

  // the organizations an activity counts for (several for a joint activity), with date and type copied
  // so that the register, the calendar and the compliance board read this narrow table alone
  await sql`CREATE TABLE orglife_activity_orgs (
    activity_id INTEGER NOT NULL REFERENCES orglife_activities(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    date TEXT NOT NULL,
    type TEXT NOT NULL,
    counts INTEGER NOT NULL,
    expected INTEGER NOT NULL,
    present INTEGER NOT NULL,
    on_leave INTEGER NOT NULL,
    absent INTEGER NOT NULL,
    excused INTEGER NOT NULL,
    PRIMARY KEY (activity_id, org_id)
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX orglife_ao_org_date ON orglife_activity_orgs(org_id, date, type)`.execute(db);
  // a large subtree's register is read in date order from this one (services/activities.ts listActivities)
  await sql`CREATE INDEX orglife_ao_date ON orglife_activity_orgs(date, activity_id, type)`.execute(db);
  await sql`CREATE INDEX orglife_activities_date ON orglife_activities(date)`.execute(db);

  // one row per member who should have attended: 出席, 请假, 因公, 病假, 缺席 or 免计 (excused)
  await sql`CREATE TABLE orglife_attendance (
    activity_id INTEGER NOT NULL REFERENCES orglife_activities(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    voting INTEGER NOT NULL,
    PRIMARY KEY (activity_id, member_id)
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX orglife_attendance_member ON orglife_attendance(member_id, activity_id)`.execute(db);

  await sql`CREATE TABLE orglife_tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  ) STRICT`.execute(db);
  await sql`CREATE TABLE orglife_activity_tags (
    activity_id INTEGER NOT NULL REFERENCES orglife_activities(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES orglife_tags(id),
    PRIMARY KEY (activity_id, tag_id)
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX orglife_activity_tags_tag ON orglife_activity_tags(tag_id, activity_id)`.execute(db);

  // sign-in sheet scans, photos, materials: the bytes live in the database (docs/domain/org-life.md#attachments)
  await sql`CREATE TABLE orglife_attachments (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES orglife_activities(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    added_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX orglife_attachments_activity ON orglife_attachments(activity_id)`.execute(db);

  // members left out of 应到 for a time, with the reason (docs/domain/org-life.md#who-should-attend)
  await sql`CREATE TABLE orglife_excused (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    from_date TEXT NOT NULL,
    until_date TEXT,
    note TEXT,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX orglife_excused_member ON orglife_excused(member_id, from_date)`.execute(db);

  // who belongs to an organization's 中心组 or 党组（党委）, dated
  await sql`CREATE TABLE orglife_panels (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    role TEXT,
    from_date TEXT NOT NULL,
    until_date TEXT,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX orglife_panels_org ON orglife_panels(org_id, kind, from_date)`.execute(db);

  await sql`CREATE TABLE orglife_trainings (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    hours REAL NOT NULL,
    place TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX orglife_trainings_org ON orglife_trainings(org_id, start_date)`.execute(db);
  await sql`CREATE INDEX orglife_trainings_start ON orglife_trainings(start_date)`.execute(db);
  await sql`CREATE TABLE orglife_training_members (
    training_id INTEGER NOT NULL REFERENCES orglife_trainings(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (training_id, member_id)
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX orglife_training_members_member ON orglife_training_members(member_id, training_id)`.execute(db);

  await sql`CREATE TABLE orglife_targets (
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    hours REAL NOT NULL
  ) STRICT`.execute(db);

  for (const x of DEFAULT_TYPES) {
    await sql`INSERT INTO orglife_types (name, aliases, holders, attendees, panel, quorum, votes, sort_order)
      VALUES (${x.name}, ${JSON.stringify(x.aliases)}, ${JSON.stringify(x.holders)}, ${x.attendees}, ${x.panel}, ${x.quorum ? 1 : 0}, ${x.votes ? 1 : 0}, ${x.sortOrder})`.execute(db);
  }
  for (const x of DEFAULT_FREQUENCIES) {
    await sql`INSERT INTO orglife_frequencies (type, unit, org_types, needs_committee, remind_from_month)
      VALUES (${x.type}, ${x.unit}, ${JSON.stringify(x.orgTypes)}, ${x.needsCommittee ? 1 : 0}, ${x.remindFromMonth})`.execute(db);
  }
  for (const x of DEFAULT_TARGETS) {
    await sql`INSERT INTO orglife_targets (key, label, hours) VALUES (${x.key}, ${x.label}, ${x.hours})`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
