import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator, type MigrationProvider, type Migration } from 'kysely/migration';
import { AppError } from '../domain/errors.ts';
import type { Database } from './schema.ts';

// Data access: kysely for ordinary queries. The raw connection (`sqlite`) is for the bulk paths only, where
// kysely's per-row promise and compile costs show at 100,000 rows: the import commit, the roster export's
// paged read and the dues ledger's month table rebuild (modules/dues/services/ledger.ts, run for every member
// whose standards, waivers or roll change — a 整建制 transfer rebuilds a thousand at once)
// (docs/architecture.md#data). Tests and benches may use it to seed data.
export interface Db {
  kysely: Kysely<Database>;
  /** the raw connection: bulk paths only (above) */
  sqlite: BetterSqlite3.Database;
  file: string;
  close(): Promise<void>;
}

const BACKUPS_KEPT = 5;

/** the modules' migrations, given by the caller (a static list: a folder-reading provider breaks once bundled) */
class StaticMigrationProvider implements MigrationProvider {
  private readonly migrations: Record<string, Migration>;
  constructor(migrations: Record<string, Migration>) {
    this.migrations = migrations;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/**
 * Opens (creating if needed) the database: integrity check first and no write if it fails,
 * then pragmas, then pending migrations after a backup copy. A database written by a newer
 * version of the app (it knows migrations we don't) is refused, never migrated down.
 */
export async function openDatabase(
  file: string,
  opts: { migrations: Record<string, Migration>; migrate?: boolean },
): Promise<Db> {
  const absolute = path.resolve(file);
  const existed = fs.existsSync(absolute) && fs.statSync(absolute).size > 0;
  fs.mkdirSync(path.dirname(absolute), { recursive: true });

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(absolute, { fileMustExist: false });
  } catch (e) {
    throw new AppError('UNREADABLE', `无法打开数据库文件：${absolute}（${(e as Error).message}）`);
  }
  try {
    if (existed) checkIntegrity(sqlite, absolute);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = FULL');
  } catch (e) {
    sqlite.close();
    throw e;
  }

  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const db: Db = {
    kysely,
    sqlite,
    file: absolute,
    close: async () => {
      await kysely.destroy();
    },
  };
  try {
    if (opts.migrate !== false) await migrate(db, existed, opts.migrations);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

function checkIntegrity(sqlite: BetterSqlite3.Database, file: string): void {
  let result: string;
  try {
    result = String(sqlite.pragma('quick_check', { simple: true }));
  } catch (e) {
    sqlite.close();
    throw new AppError(
      'UNREADABLE',
      `数据库文件无法读取，可能不是党务数据库或已损坏：${file}（${(e as Error).message}）。请从备份恢复。`,
    );
  }
  if (result !== 'ok') {
    sqlite.close();
    throw new AppError(
      'UNREADABLE',
      `数据库完整性检查未通过，为保护数据未做任何修改：${file}（${result}）。请从 backups 文件夹中的备份恢复。`,
    );
  }
}

function appliedMigrationNames(sqlite: BetterSqlite3.Database): string[] {
  const table = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`)
    .get();
  if (!table) return [];
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

async function migrate(db: Db, existed: boolean, migrations: Record<string, Migration>): Promise<void> {
  const known = Object.keys(migrations);
  const applied = appliedMigrationNames(db.sqlite);
  const unknown = applied.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new AppError(
      'UNREADABLE',
      `该数据库由更新版本的党务程序创建（包含本程序不认识的结构版本：${unknown.join('、')}），为避免损坏数据已拒绝打开。请升级程序后再打开。`,
    );
  }
  const pending = known.filter((n) => !applied.includes(n));
  if (pending.length === 0) return;
  if (existed && applied.length > 0) await backupBeforeMigration(db, pending[0]);

  const migrator = new Migrator({ db: db.kysely, provider: new StaticMigrationProvider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new AppError(
      'INTERNAL',
      `数据库结构升级失败（${failed?.migrationName ?? '未知步骤'}）：${(error as Error).message ?? String(error)}`,
    );
  }
}

export function backupDir(dbFile: string): string {
  return path.join(path.dirname(dbFile), 'backups');
}

/** Copy with SQLite's online backup API, then keep only the newest BACKUPS_KEPT copies. */
async function backupBeforeMigration(db: Db, firstPending: string): Promise<void> {
  const dir = backupDir(db.file);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '');
  const base = path.basename(db.file, path.extname(db.file));
  const target = path.join(dir, `${base}-${stamp}-before-${firstPending}.db`);
  await db.sqlite.backup(target);
  const prefix = `${base}-`;
  const copies = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.includes('-before-') && f.endsWith('.db'))
    .sort();
  for (const old of copies.slice(0, Math.max(0, copies.length - BACKUPS_KEPT))) {
    fs.rmSync(path.join(dir, old), { force: true });
  }
}
