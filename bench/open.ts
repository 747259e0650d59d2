import { openAppDatabase, openVault } from '../src-main/app.ts';
import type { Db } from '../src-main/db/connection.ts';
import type { Runtime } from '../src-main/services/context.ts';

// How every bench opens its database: plain, or encrypted when BENCH_PASSWORD is set (the way
// bench/encryption.bench.ts runs each bench twice, side by side). Automatic backups are off while the
// work is timed; the encryption bench measures their time apart.

export const BENCH_RUNTIME: Runtime = { interactive: true, autoBackups: false };

export async function openBenchDb(file: string): Promise<Db> {
  const password = process.env.BENCH_PASSWORD;
  if (!password) return openAppDatabase(file);
  return (await openVault(file, { password })).db;
}

export const encryptedLabel = (): string => (process.env.BENCH_PASSWORD ? 'encrypted (SQLCipher 4 scheme, raw key)' : 'plain');
