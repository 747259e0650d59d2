import { sql, type Kysely } from 'kysely';

// The campaign's column choices move to the shared export_prefs table (0005), under the tables'
// registry names.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`INSERT INTO export_prefs (name, columns)
    SELECT CASE key WHEN 'columns.progress' THEN 'religion-progress' WHEN 'columns.findings' THEN 'religion-findings'
                    WHEN 'columns.ledger' THEN 'religion-ledger' END, value
    FROM campaign_prefs WHERE key IN ('columns.progress', 'columns.findings', 'columns.ledger')`.execute(db);
  await sql`DROP TABLE campaign_prefs`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
