import { sql } from 'kysely';
import type { Tx } from './context.ts';

// The trigram index over members.id_number (migrations/core/0012_id_number_search.ts) is brought up to date
// lazily, by the search that needs it: the members added since the last search are indexed in one
// statement. A trigger per inserted row would do the same work row by row, and its mere presence on the wide
// members table costs every insert ~20 µs (measured: a 50,000-member import went from 3.3 to 4.6 s of CPU) —
// more than the inserts themselves. Members get ids in increasing order (max + 1), so "not yet indexed" is
// exactly "id above the highest indexed id"; edits and deletions of indexed members are kept in step by
// triggers.

/** indexes the members added since the index was last brought up to date (a no-op, two lookups, when none) */
export async function catchUpIdIndex(db: Tx): Promise<void> {
  await sql`INSERT INTO members_id_fts (rowid, id_number)
    SELECT id, id_number FROM members WHERE id > (SELECT coalesce(max(id), 0) FROM members_id_fts_docsize)`.execute(db);
}
