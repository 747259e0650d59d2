import { sql, type Kysely } from 'kysely';

// Schema of the import module: one row per committed import (导入记录), what each batch did so it can be
// undone exactly, and the column mappings clerks corrected (proposed again for files with the same headings).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    mode TEXT NOT NULL,
    sheets TEXT NOT NULL,
    inserted INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    created_orgs TEXT NOT NULL DEFAULT '[]',
    actor TEXT,
    created_at TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
  ) STRICT`.execute(db);

  // updated members: before = the fields' previous values, after = what the import wrote, so undo can
  // restore exactly. (Inserted members are found by members.import_batch_id; the 'inserted' action is
  // kept for records written per member should a caller need them.)
  await sql`CREATE TABLE import_batch_members (
    batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    member_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('inserted', 'updated')),
    before TEXT,
    after TEXT,
    PRIMARY KEY (batch_id, member_id)
  ) STRICT, WITHOUT ROWID`.execute(db);

  await sql`CREATE TABLE import_mappings (
    signature TEXT PRIMARY KEY,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
