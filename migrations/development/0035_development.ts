import { sql, type Kysely } from 'kysely';

// The development register (docs/domain/development.md#registry-fields): people who are not yet members —
// 入党申请人, 入党积极分子, 发展对象 — with the dates of every step, until the admission meeting makes them
// 预备党员 in the member registry (member_id). Their half-yearly reviews and 思想汇报 (dev_reviews) and the
// time rules set aside with a reason (dev_overrides) are kept beside them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE dev_people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    gender TEXT,
    ethnicity TEXT,
    birth_date TEXT,
    education TEXT,
    phone TEXT,
    job_position TEXT,
    work_unit TEXT,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    stage TEXT NOT NULL,
    applied_on TEXT NOT NULL,
    talked_on TEXT,
    activist_on TEXT,
    contacts TEXT,
    candidate_on TEXT,
    sponsors TEXT,
    political_review_on TEXT,
    political_review_result TEXT,
    training_from TEXT,
    training_to TEXT,
    training_hours INTEGER,
    training_cert TEXT,
    publicity_from TEXT,
    publicity_to TEXT,
    pre_review_on TEXT,
    volunteer_form_no TEXT,
    admitted_on TEXT,
    votes TEXT,
    approval_on TEXT,
    oath_on TEXT,
    join_type TEXT NOT NULL DEFAULT '新发展',
    member_id INTEGER,
    remark TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dev_people_org ON dev_people(org_id, stage)`.execute(db);

  await sql`CREATE TABLE dev_reviews (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES dev_people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    reviewer TEXT,
    summary TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dev_reviews_person ON dev_reviews(person_id, date)`.execute(db);

  await sql`CREATE TABLE dev_overrides (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES dev_people(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    code TEXT NOT NULL,
    rule TEXT NOT NULL,
    reason TEXT NOT NULL,
    date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dev_overrides_person ON dev_overrides(person_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
