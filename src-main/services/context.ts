import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { JobRegistry } from './jobs.ts';

export interface Clock {
  /** local calendar date, YYYY-MM-DD */
  today(): string;
  /** ISO timestamp for records */
  now(): string;
}

export interface ServiceContext {
  db: Db;
  kysely: Kysely<Database>;
  jobs: JobRegistry;
  clock: Clock;
}

export type Tx = Transaction<Database> | Kysely<Database>;

function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** DANGWU_TODAY (YYYY-MM-DD) pins "today" for reproducible tests and demos. */
export function systemClock(env: Record<string, string | undefined> = process.env): Clock {
  const pinned = env.DANGWU_TODAY;
  return {
    today: () => pinned ?? localDate(new Date()),
    now: () => new Date().toISOString(),
  };
}

export function createContext(db: Db, clock: Clock = systemClock()): ServiceContext {
  // db may be null for calculations that need no database (CLI needsDb:false)
  return { db, kysely: db?.kysely, jobs: new JobRegistry(), clock };
}
