import type { Db } from '../db/connection.ts';

// The trigram index over members.id_number (migrations/core/0012_id_number_search.ts) is kept in step by
// triggers, row by row. For a bulk insert of thousands of members (the import commit) that costs more than
// the inserts themselves, so a bulk writer pauses the insert trigger and adds the new numbers in one statement
// at the end — inside the same transaction, so a failure or a cancel undoes the pause with the rows.

/** from now until resumeIdIndex, inserted members are not added to the index one by one */
export function pauseIdIndex(sqlite: Db['sqlite']): void {
  sqlite.prepare('INSERT OR IGNORE INTO members_id_fts_pause (id) VALUES (1)').run();
}

/** adds the members inserted since the pause (those with this import batch) and resumes the trigger */
export function resumeIdIndex(sqlite: Db['sqlite'], importBatchId: number): void {
  sqlite.prepare('INSERT INTO members_id_fts (rowid, id_number) SELECT id, id_number FROM members WHERE import_batch_id = ?').run(importBatchId);
  sqlite.prepare('DELETE FROM members_id_fts_pause').run();
}
