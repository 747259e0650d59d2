import type { Kysely } from 'kysely';

// Schema of the dues module.
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
