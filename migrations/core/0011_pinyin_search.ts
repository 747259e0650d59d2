import { sql, type Kysely } from 'kysely';

// Full-pinyin search (zhangwei → 张伟) besides initials (zw): the stored pinyin keeps a space between
// syllables ("zhang wei", which sorts names the way clerks expect), so the search runs over the same key
// without the spaces, held in an index on that expression (no new column to keep in step: every writer of
// name_pinyin keeps it right). The member list's query uses the very same expression
// (src-main/modules/core/services/member-query.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX members_pinyin_flat ON members(replace(name_pinyin, ' ', ''))`.execute(db);
  // planner statistics for the new index, like the others (migrations/core/0001_core.ts)
  await sql`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('members', 'members_pinyin_flat', '100000 2')`.execute(db);
  await sql`ANALYZE sqlite_schema`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
