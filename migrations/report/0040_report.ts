import { sql, type Kysely } from 'kysely';

// The work report's own records (docs/domain/report.md): it computes its figures from the other modules'
// records each time and keeps only
// - report_sections: the text the clerk writes (开头语, 其他工作, 存在问题, 下步工作打算) per organization and
//   period, re-used for the next period;
// - report_runs: the last computed value of each figure per organization, scope and period, so that a
//   figure that changed since the last run says so and why;
// - report_templates: the clerk's own Word templates, their bytes kept inside the database.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE report_sections (
    org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    section TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (org_id, period, section)
  ) STRICT, WITHOUT ROWID`.execute(db);

  await sql`CREATE TABLE report_runs (
    org_id INTEGER NOT NULL,
    sub_orgs INTEGER NOT NULL,
    period TEXT NOT NULL,
    figure TEXT NOT NULL,
    value TEXT,
    run_at TEXT NOT NULL,
    PRIMARY KEY (org_id, sub_orgs, period, figure)
  ) STRICT, WITHOUT ROWID`.execute(db);

  await sql`CREATE TABLE report_templates (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    bytes BLOB NOT NULL,
    placeholders TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT
  ) STRICT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
