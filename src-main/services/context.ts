import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { OpDef, OutputOf, ParsedInputOf } from '../contract/define.ts';
import type { ReminderDto } from '../contract/reminders.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import type { LayoutSheet } from '../excel/layout.ts';
import { JobRegistry, type JobHandle } from './jobs.ts';

// What every service function receives, and the shapes of the parts a module hands to the app
// (handlers, export definitions, reminder sources). The module list itself is not imported here: the
// adapter that creates the context passes it in (`registry`), so services never depend on it.

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
  registry: Registry;
  runtime: Runtime;
}

/** how the process that serves the calls runs */
export interface Runtime {
  /** a user interface waits on this process (Electron, browser mode): long parsing goes to a worker thread */
  interactive: boolean;
}

export type Tx = Transaction<Database> | Kysely<Database>;

/** one service function per operation of a module's contract table */
export type ModuleHandlers<Ops extends Record<string, OpDef>> = {
  [K in keyof Ops]: (ctx: ServiceContext, input: ParsedInputOf<Ops[K]>) => Promise<OutputOf<Ops[K]>> | OutputOf<Ops[K]>;
};

/** a choosable column of an export: its stable key and the label the clerk sees */
export interface ExportColumnChoice {
  key: string;
  label: string;
  /** always printed (序号, 姓名 …) */
  required?: boolean;
}

export interface ExportBuild {
  fileName: string;
  sheets: LayoutSheet<any>[];
  /** rows to write, for progress, when the sheets stream them */
  total?: number;
}

/** one print-ready table: `export <name>` on the CLI, <ExportButton name> in the UI, exports.run */
export interface ExportDefinition<I extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  input: I;
  /** the columns the clerk may choose and order (kept per table); omitted: every column is printed */
  columns?: readonly ExportColumnChoice[];
  /** holds sensitive findings: marked 内部资料 注意保密, and the UI asks before saving it */
  confidential?: boolean;
  build(ctx: ServiceContext, input: z.output<I>, job: JobHandle): Promise<ExportBuild>;
}

export function defineExport<I extends z.ZodType>(def: ExportDefinition<I>): ExportDefinition<I> {
  return def;
}

export interface ReminderQuery {
  /** the organizations asked about (a subtree), or null for all */
  orgIds: number[] | null;
  asOf: string;
}

export type ReminderSource = (ctx: ServiceContext, q: ReminderQuery) => Promise<ReminderDto[]> | ReminderDto[];

/**
 * Told inside the transaction of a roll change (docs/domain/members.md#lifecycle-events): the dues ledger
 * rebuilds those members' months from their roll (docs/domain/dues.md#ledger-and-roll).
 */
export type RollChangeListener = (ctx: ServiceContext, trx: Tx, memberIds: readonly number[]) => Promise<void>;

/**
 * A module's records that depend on a member, one Chinese phrase each ("2026-10-08 交纳党费 75.00 元"):
 * all of them when the member is to be deleted, or those that rest on the member's latest event when it
 * is to be undone (`since`). Either action is refused while any remain.
 */
export type MemberDependents = (
  ctx: ServiceContext,
  trx: Tx,
  q: { memberId: number; since?: { type: string; date: string; orgId?: number | null } },
) => Promise<string[]>;

/** what the app's module list offers to services that work across modules */
export interface Registry {
  exportDefinitions(): Promise<(ExportDefinition<any> & { module: string })[]>;
  reminderSources(): Promise<{ module: string; source: ReminderSource }[]>;
  rollListeners(): Promise<RollChangeListener[]>;
  memberDependents(): Promise<{ module: string; title: string; find: MemberDependents }[]>;
}

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

export function createContext(db: Db, registry: Registry, clock: Clock = systemClock(), runtime: Runtime = { interactive: true }): ServiceContext {
  // db may be null for calculations that need no database (CLI needsDb:false)
  return { db, kysely: db?.kysely, jobs: new JobRegistry(), clock, registry, runtime };
}
