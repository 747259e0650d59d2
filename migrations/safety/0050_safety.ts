import { sql, type Kysely } from 'kysely';

// The safety module's state (last backups, the second backup folder, the idle-lock time) and, on the
// shared audit log, the machine each change was made on and the module it belongs to, for the audit
// viewer's filters (docs/safety.md#audit).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE safety_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`ALTER TABLE audit_log ADD COLUMN machine TEXT`.execute(db);
  await sql`ALTER TABLE audit_log ADD COLUMN module TEXT`.execute(db);
  await sql`UPDATE audit_log SET module = CASE
      WHEN entity LIKE 'dues%' THEN 'dues'
      WHEN entity LIKE 'campaign%' THEN 'campaign'
      WHEN entity LIKE 'import%' THEN 'import'
      ELSE 'core' END`.execute(db);
  await sql`CREATE INDEX audit_at ON audit_log(at)`.execute(db);
  await sql`CREATE INDEX audit_actor ON audit_log(actor, at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
