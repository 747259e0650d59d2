import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appContext, openAppDatabase } from '../../src-main/app.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { FileResult } from '../../src-main/contract/define.ts';
import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';
import type { Db } from '../../src-main/db/connection.ts';
import type { Clock, Runtime, ServiceContext } from '../../src-main/services/context.ts';

// The one way tests get a database: a real SQLite file (every module's migrations applied) in its own
// temp folder, a service context with a pinned calendar date, and `call`, which goes through the same
// generic dispatch (name check, zod validation, handler) as IPC, HTTP and the CLI.
//
// Speed: migrating a new file costs ~200 ms, so each test process migrates ONE template database and
// every test gets a byte copy of it, opened through the app's own openAppDatabase (integrity check,
// pragmas, "nothing left to migrate"). Migrating from scratch and from older versions is tested in
// tests/app/db-open.test.ts.

/** a fresh temp folder (the caller removes it, or a TestDb does on close) */
export const tmpDir = (prefix = 'dangwu-test-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** a clock whose calendar date is pinned (timestamps stay real) */
export const fixedClock = (today: string): Clock => ({ today: () => today, now: () => new Date().toISOString() });

export interface TestDb {
  /** the temp folder holding the database (removed by close) */
  dir: string;
  /** the database file, e.g. for the CLI's --db */
  file: string;
  db: Db;
  ctx: ServiceContext;
  /** a contract operation through the generic dispatch, typed by the contract */
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  /** rows of a query on the raw connection */
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  /** SELECT count(*) of a table */
  count(table: string): number;
  /** closes the connection but keeps the file (e.g. before the CLI opens it); close() still cleans up */
  closeDb(): Promise<void>;
  /** closes the connection (if open) and removes the temp folder */
  close(): Promise<void>;
}

export interface TestDbOptions {
  /** the clock's calendar date, default 2025-01-10 */
  today?: string;
  /** how the services run; default as in the app (interactive: long parsing in a worker thread) */
  runtime?: Runtime;
  /** temp folder name prefix */
  prefix?: string;
}

let template: Promise<string> | null = null;

/** a freshly migrated, closed database file, made once per test process */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = tmpDir('dangwu-template-');
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'template.db');
    const db = await openAppDatabase(file);
    await db.close(); // the last connection: the WAL is checkpointed into the file and removed
    return file;
  })();
  return template;
}

export async function openTestDb(opts: TestDbOptions = {}): Promise<TestDb> {
  const dir = tmpDir(opts.prefix ?? 'dangwu-test-');
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(await migratedTemplate(), file);
  const db = await openAppDatabase(file);
  const ctx = appContext(db, fixedClock(opts.today ?? '2025-01-10'), opts.runtime);
  let open = true;
  const closeDb = async () => {
    if (!open) return;
    open = false;
    await db.close();
  };
  return {
    dir,
    file,
    db,
    ctx,
    call: (name, input) => dispatch(ctx, name, input) as never,
    all: <T,>(sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).all(...params) as T[],
    count: (table) => (db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    closeDb,
    async close() {
      await closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** runs a table of the export registry the way the UI does (exports.run, then the job's result) */
export async function runExport(ctx: ServiceContext, name: string, input: Record<string, unknown> = {}, columns?: string[]): Promise<FileResult> {
  const { jobId } = (await dispatch(ctx, 'exports.run', { name, input, ...(columns ? { columns } : {}) })) as { jobId: string };
  return (await ctx.jobs.wait(jobId)) as FileResult;
}
