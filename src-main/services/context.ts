import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { OpDef, OutputOf, ParsedInputOf } from '../contract/define.ts';
import type { OpInput, OpName, OpOutput } from '../contract/registry.ts';
import type { ReminderDto } from '../contract/reminders.ts';
import { classifyWriteError, type Db } from '../db/connection.ts';
import { Vault } from '../db/vault.ts';
import type { Database } from '../db/schema.ts';
import type { Period } from '../domain/periods.ts';
import type { FigureDefinition, FigureRecord, FigureValue } from '../domain/figures.ts';
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
  /** the open database (a locked vault refuses with a LOCKED error: docs/safety.md#unlock-and-lock) */
  readonly db: Db;
  readonly kysely: Kysely<Database>;
  /** the database as the app holds it: open or locked, plain or encrypted */
  vault: Vault;
  jobs: JobRegistry;
  clock: Clock;
  registry: Registry;
  runtime: Runtime;
}

/** how the process that serves the calls runs */
export interface Runtime {
  /** a user interface waits on this process (Electron, browser mode) */
  interactive: boolean;
  /**
   * automatic backups (before bulk actions, daily): on unless a benchmark turns them off to time the
   * work alone (their own time is measured apart: bench/encryption.bench.ts)
   */
  autoBackups?: boolean;
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

/** what the work report asks of a module (docs/domain/report.md#sources-of-figures) */
export interface FigureQuery {
  /** the organization the report is for */
  org: { id: number; name: string; type: string; path: string };
  /** the organizations counted: the organization and its subtree, or the organization alone */
  orgIds: readonly number[];
  period: Period;
  /** the day counts of people and organizations are taken on: the period's last day, or today if earlier */
  asOf: string;
  /** parameter values asked for by name (--tag 二十大精神), by parameter kind */
  params: Readonly<Partial<Record<string, readonly string[]>>>;
  /** the members on the roll of orgIds on asOf (services/roll.ts), read once for all the sources of a query */
  onRoll(): Promise<readonly { memberId: number; orgId: number; suspended: boolean }[]>;
}

/**
 * A module's figures for the work report, the way reminders are contributed: the definitions (declared
 * once in the module's domain/) and, for a query, the values and the records behind one of them. Each
 * module reads only its own tables; the report adds nothing of its own.
 */
export interface FigureSource {
  definitions: readonly FigureDefinition[];
  /** every figure this source defines (parametrised ones for the values in use and those asked for) */
  compute(ctx: ServiceContext, q: FigureQuery): Promise<FigureValue[]>;
  /**
   * the records that make one figure (key and, for a parametrised figure, its parameter); with
   * `changedSince`, a source may return only those entered or changed after that time (why a figure moved)
   */
  explain(ctx: ServiceContext, q: FigureQuery, figure: { key: string; param?: string }, opts?: { changedSince?: string }): Promise<FigureRecord[]>;
  /** the values free parameters take in the records (the 专题 tags in use …), for the placeholder list */
  paramValues?(ctx: ServiceContext): Promise<Partial<Record<string, string[]>>>;
}

/** what a module may do around other modules' writes (the safety module's automatic backups) */
export interface Safeguard {
  /** before an operation declared with bulkWrite(): a backup when one is due */
  beforeBulk(ctx: ServiceContext, op: { name: string; backup: 'always' | 'hourly'; title: string }): Promise<void>;
  /** after the database opened or was unlocked: the daily backup when a day passed without one */
  afterOpen(ctx: ServiceContext): Promise<void>;
}

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
export type MemberDependents = ((
  ctx: ServiceContext,
  trx: Tx,
  q: { memberId: number; since?: { type: string; date: string; orgId?: number | null } },
) => Promise<string[]>) & {
  /**
   * of many members, those this module may hold records on — needed only where its records name members
   * other than by a foreign key to members (a JSON list, an unconstrained id); bulk callers (an import's
   * undo) ask `find` only for these and for members found in tables that refer to members
   */
  among?: (trx: Tx, memberIds: readonly number[]) => Promise<number[]>;
};

/** what the app's module list offers to services that work across modules */
export interface Registry {
  exportDefinitions(): Promise<(ExportDefinition<any> & { module: string })[]>;
  reminderSources(): Promise<{ module: string; title: string; source: ReminderSource }[]>;
  figureSources(): Promise<{ module: string; source: FigureSource }[]>;
  safeguards(): Promise<Safeguard[]>;
  /** every module's folder name and Chinese title, in menu order */
  modules(): { name: string; title: string }[];
  /**
   * another module's operation, by its contract name, validated by its schema like any call (modules meet
   * through contracts: the development pipeline enters a 预备党员 through the registry's members.save)
   */
  rollListeners(): Promise<RollChangeListener[]>;
  memberDependents(): Promise<{ module: string; title: string; find: MemberDependents }[]>;
  call<K extends OpName>(ctx: ServiceContext, name: K, input: OpInput<K>): Promise<OpOutput<K>>;
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

export function createContext(
  source: Db | Vault | null,
  registry: Registry,
  clock: Clock = systemClock(),
  runtime: Runtime = { interactive: true },
): ServiceContext {
  // source may be null for calculations that need no database (CLI needsDb:false)
  const vault = source instanceof Vault ? source : source ? Vault.around(source) : (null as unknown as Vault);
  return {
    get db() {
      return vault?.db;
    },
    get kysely() {
      return vault?.db.kysely;
    },
    vault,
    jobs: new JobRegistry((e) => (vault && !vault.locked ? classifyWriteError(e, vault.file) : e)),
    clock,
    registry,
    runtime,
  };
}
