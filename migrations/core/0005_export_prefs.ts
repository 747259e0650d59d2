import { sql, type Kysely } from 'kysely';

// The clerk's column choice and order per exported table (any module's), keyed by the table's registry
// name. The screening campaign kept its own choices in campaign_prefs; they are carried over.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE export_prefs (
    name TEXT PRIMARY KEY,
    columns TEXT NOT NULL
  ) STRICT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
