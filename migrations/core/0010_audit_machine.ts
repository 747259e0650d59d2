import { sql, type Kysely } from 'kysely';

// Who made a change is the clerk named in 设置 — or nobody named, never a placeholder word — and the
// computer it was made on (docs/domain/members.md#operator). The audit log keeps the computer's name beside
// the clerk's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log ADD COLUMN machine TEXT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
