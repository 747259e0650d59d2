import { sql, type Kysely } from 'kysely';

// Search by a fragment of the 公民身份号码 (the birth date, the last digits) without reading the whole roll: an
// FTS5 trigram index over members.id_number (external content: the numbers are stored once, in members), kept
// in step by triggers so that every writer — the form, the import's bulk statements, an undo — updates it.
// `id_number LIKE '%0612%'` on this table answers from the index for fragments of three characters or more
// (the trigram tokenizer is case-insensitive, so a final x finds X). detail=none keeps the index small: the
// LIKE query needs no positions. A bulk writer may pause the insert trigger (a row in members_id_fts_pause)
// and add its rows in one statement: row by row, the index costs more than the inserts themselves
// (src-main/services/id-index.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE members_id_fts USING fts5(
    id_number, tokenize = 'trigram', detail = 'none', content = 'members', content_rowid = 'id'
  )`.execute(db);
  await sql`CREATE TABLE members_id_fts_pause (id INTEGER PRIMARY KEY) STRICT`.execute(db);
  await sql`CREATE TRIGGER members_id_fts_insert AFTER INSERT ON members WHEN NOT EXISTS (SELECT 1 FROM members_id_fts_pause) BEGIN
    INSERT INTO members_id_fts (rowid, id_number) VALUES (new.id, new.id_number);
  END`.execute(db);
  await sql`CREATE TRIGGER members_id_fts_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_id_fts (members_id_fts, rowid, id_number) VALUES ('delete', old.id, old.id_number);
  END`.execute(db);
  await sql`CREATE TRIGGER members_id_fts_update AFTER UPDATE OF id_number ON members BEGIN
    INSERT INTO members_id_fts (members_id_fts, rowid, id_number) VALUES ('delete', old.id, old.id_number);
    INSERT INTO members_id_fts (rowid, id_number) VALUES (new.id, new.id_number);
  END`.execute(db);
  await sql`INSERT INTO members_id_fts (members_id_fts) VALUES ('rebuild')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
