import { sql, type Kysely } from 'kysely';

// Search by a fragment of the 公民身份号码 (the birth date, the last digits) without reading the whole roll: an
// FTS5 trigram index over members.id_number (external content: the numbers are stored once, in members).
// `id_number LIKE '%0612%'` on this table answers from the index for fragments of three characters or more
// (the trigram tokenizer is case-insensitive, so a final x finds X). detail=none keeps the index small: the
// LIKE query needs no positions.
//
// New members are indexed by the search itself, in one statement for all added since the last search
// (src-main/services/id-index.ts): a row trigger on INSERT would cost every insert more than the insert. Edits
// and deletions of members already indexed (id up to the highest indexed id) are kept in step by triggers; a
// member not yet indexed is simply indexed as it is when the next search comes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE members_id_fts USING fts5(
    id_number, tokenize = 'trigram', detail = 'none', content = 'members', content_rowid = 'id'
  )`.execute(db);
  const indexed = sql`old.id <= (SELECT coalesce(max(id), 0) FROM members_id_fts_docsize)`;
  await sql`CREATE TRIGGER members_id_fts_delete AFTER DELETE ON members WHEN ${indexed} BEGIN
    INSERT INTO members_id_fts (members_id_fts, rowid, id_number) VALUES ('delete', old.id, old.id_number);
  END`.execute(db);
  await sql`CREATE TRIGGER members_id_fts_update AFTER UPDATE OF id_number ON members WHEN ${indexed} BEGIN
    INSERT INTO members_id_fts (members_id_fts, rowid, id_number) VALUES ('delete', old.id, old.id_number);
    INSERT INTO members_id_fts (rowid, id_number) VALUES (new.id, new.id_number);
  END`.execute(db);
  await sql`INSERT INTO members_id_fts (members_id_fts) VALUES ('rebuild')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
