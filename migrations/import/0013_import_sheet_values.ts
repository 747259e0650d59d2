import { sql, type Kysely } from 'kysely';

// The import record keeps the sheet's own text where the import stored something else than a respelling
// (a dropdown code taken off, a two-digit year, a 性别 or 出生日期 the ID number contradicts): JSON
// {field: text} per member, for inserted and updated members alike (docs/domain/import.md#import-record).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_batch_members ADD COLUMN sheet_values TEXT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
