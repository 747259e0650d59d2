import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import { Migrator, type MigrationProvider, type Migration } from 'kysely/migration';
import { AppError } from '../domain/errors.ts';
import { busyMessage } from './busy.ts';
import { rawKeyPragma } from './keys.ts';
import type { Database } from './schema.ts';

// Data access: kysely for ordinary queries. The raw connection (`sqlite`) is for the bulk paths only, where
// kysely's per-row promise and compile costs show at 100,000 rows: the import commit, the roster export's
// paged read, the dues ledger's month table rebuild (modules/dues/services/ledger.ts, run for every member
// whose standards, waivers or roll change — a 整建制 transfer rebuilds a thousand at once) and the
// statistics' read of the registry with its events (docs/architecture.md#data). Tests and benches may use
// it to seed data.
export interface Db {
  kysely: Kysely<Database>;
  /** the raw connection: bulk paths only (above) */
  sqlite: BetterSqlite3.Database;
  file: string;
  /** keyed with a raw key (docs/safety.md#key-design) */
  encrypted: boolean;
  close(): Promise<void>;
  /** told, once per wait, when a write waits for another window or program (the CLI prints it, a job shows it) */
  onWait: ((message: string) => void) | null;
}

export const SQLITE_HEADER = 'SQLite format 3\u0000';

/** how long a write waits for another window's write to finish before it gives up, in ms */
export const WRITE_WAIT_MS = 120_000;
/** the connection's own busy timeout: a single statement outside a transaction waits this long */
const BUSY_TIMEOUT_MS = 5_000;

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

/** what the first bytes of a file say: missing/empty, a plain SQLite database, or something else (encrypted) */
export function fileKind(file: string): 'missing' | 'plain' | 'other' {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw classifyOpenError(e, file);
  }
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    if (n === 0) return 'missing';
    return head.toString('latin1') === SQLITE_HEADER ? 'plain' : 'other';
  } finally {
    fs.closeSync(fd);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isBusy = (e: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((e as { code?: string })?.code ?? ''));

/**
 * Write transactions start with BEGIN IMMEDIATE: the write lock is taken first, so a second writer waits
 * instead of failing at once when it reads before it writes (docs/safety.md#busy-and-full). The wait is
 * a loop of short tries that yields to the event loop (the Electron window stays responsive) and tells
 * the clerk who is writing, bounded by WRITE_WAIT_MS. A rollback after SQLite has already rolled back
 * (SQLITE_FULL, SQLITE_IOERR) is a no-op instead of masking the first error.
 */
class ImmediateDriver extends SqliteDriver {
  private readonly db: () => Db;
  constructor(config: ConstructorParameters<typeof SqliteDriver>[0], db: () => Db) {
    super(config);
    this.db = db;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await beginImmediate(this.db(), () => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }
  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('commit'));
    } catch (e) {
      throw classifyWriteError(e, this.db().file);
    }
  }
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.db().sqlite.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
}

/** BEGIN IMMEDIATE with a bounded, explained wait (shared by kysely transactions and raw ones) */
export async function beginImmediate(db: Db, begin: () => unknown): Promise<void> {
  const started = Date.now();
  let told = false;
  const short = 200;
  db.sqlite.pragma(`busy_timeout = ${short}`);
  try {
    for (;;) {
      try {
        await begin();
        return;
      } catch (e) {
        if (!isBusy(e)) throw classifyWriteError(e, db.file);
        const waited = Date.now() - started;
        if (waited >= WRITE_WAIT_MS) {
          throw new AppError('BUSY', `${busyMessage(db.file, 'still')}已等待 ${Math.round(waited / 1000)} 秒，请等它完成后再试。数据未作修改。`);
        }
        if (!told) {
          told = true;
          db.onWait?.(busyMessage(db.file, 'wait'));
        }
        await sleep(150);
      }
    }
  } finally {
    db.sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

class ImmediateDialect extends SqliteDialect {
  private readonly config: ConstructorParameters<typeof SqliteDriver>[0];
  private readonly db: () => Db;
  constructor(config: ConstructorParameters<typeof SqliteDriver>[0], db: () => Db) {
    super(config);
    this.config = config;
    this.db = db;
  }
  override createDriver(): Driver {
    return new ImmediateDriver(this.config, this.db);
  }
}

/** free bytes on the disk holding `dir`, or null when the system cannot say */
export function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

const mb = (n: number) => `${Math.max(1, Math.ceil(n / 1024 / 1024))} MB`;

/** a full disk named as a full disk, with the room it has and roughly what is needed */
export function diskFullError(file: string, needBytes?: number): AppError {
  const dir = path.dirname(file);
  const free = freeBytes(dir);
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    // not there yet
  }
  const need = needBytes ?? Math.max(64 * 1024 * 1024, size);
  return new AppError(
    'DISK_FULL',
    `磁盘空间已满：${dir} 所在的磁盘${free === null ? '' : `只剩 ${mb(free)}，`}至少还需要约 ${mb(need)}。请清理磁盘（或把数据移到空间更大的磁盘）后重试。本次操作未作任何修改。`,
  );
}

const codeOf = (e: unknown): string => String((e as { code?: string })?.code ?? '');

/** an I/O error on a disk with (almost) no room left is the full disk, whatever SQLite called it */
function diskIsFull(file: string): boolean {
  const free = freeBytes(path.dirname(file));
  return free !== null && free < 1024 * 1024;
}

/** the file or its folder cannot be written (a read-only disk, a read-only file, no permission) */
function notWritable(file: string): boolean {
  for (const f of [file, path.dirname(file)]) {
    try {
      fs.accessSync(f, fs.constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return true;
    }
  }
  return false;
}

/** any error of a write, in Chinese and by its cause: never SQLite's English text alone */
export function classifyWriteError(e: unknown, file: string): unknown {
  if (e instanceof AppError) return e;
  const code = codeOf(e);
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || (code.startsWith('SQLITE_IOERR') && diskIsFull(file))) return diskFullError(file);
  if (isBusy(e)) return new AppError('BUSY', `${busyMessage(file, 'still')}请等它完成后再试。数据未作修改。`);
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return readOnlyError(file);
  if (code.startsWith('SQLITE_IOERR')) return new AppError('INTERNAL', `读写数据库文件时出错（磁盘或 U 盘可能已拔出或损坏）：${file}。本次操作未完成，请检查磁盘后重试。`);
  return e;
}

export function readOnlyError(file: string): AppError {
  return new AppError(
    'READ_ONLY',
    `数据库文件是只读的，无法保存修改：${file}。请检查文件属性（取消“只读”）、文件夹的写入权限，或是否在只读的 U 盘/光盘上。文件本身没有损坏。`,
  );
}

function classifyOpenError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e;
  const code = codeOf(e);
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `找不到数据库文件：${file}`);
  if (code === 'EACCES' || code === 'EPERM') return new AppError('READ_ONLY', `没有权限打开数据库文件：${file}。请检查文件和文件夹的权限。`);
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || (code.startsWith('SQLITE_IOERR') && diskIsFull(file))) return diskFullError(file);
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || ((code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) && notWritable(file))) {
    return readOnlyError(file);
  }
  if (code.startsWith('SQLITE_IOERR')) return new AppError('INTERNAL', `读写数据库文件时出错（磁盘或 U 盘可能已拔出或损坏）：${file}。请检查磁盘后重试。`);
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError('READ_ONLY', `无法打开数据库文件：${file}。文件夹可能不可写、文件被其他程序独占，或路径有误。`);
  }
  if (isBusy(e)) return new AppError('BUSY', `${busyMessage(file, 'still')}请稍后再打开。`);
  return new AppError('INTERNAL', `无法打开数据库文件：${file}（${code || '未知原因'}）`);
}

/** not SQLite's header, and no key file beside it */
export function notADatabase(file: string): AppError {
  return new AppError(
    'UNREADABLE',
    `数据库文件无法读取：${file} 不是党务数据库（也可能是加密的数据库，但旁边缺少它的钥匙文件 ${path.basename(file)}.key）。请检查文件是否选对；为保护数据，未做任何修改。`,
  );
}

/** a missing database file is created only in a folder that exists (docs/safety.md#files) */
export function checkFolder(file: string, createFolder: boolean): void {
  const dir = path.dirname(file);
  if (fs.existsSync(dir)) return;
  if (!createFolder) throw new AppError('NOT_FOUND', `找不到文件夹 ${dir}，请检查 --db 路径`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** owner-only permissions on the database and its companions (a shared PC: docs/safety.md#files) */
export function restrictPermissions(file: string): void {
  if (process.platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}.key`]) {
    try {
      if ((fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
    } catch {
      // absent, or not ours to change
    }
  }
}

/** creates an empty file readable by its owner only (SQLite then gives its -wal/-shm the same mode) */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw classifyOpenError(e, file);
  }
}

export interface OpenOptions {
  migrations: Record<string, Migration>;
  migrate?: boolean;
  /** the raw key of an encrypted database (or of a new one to create encrypted) */
  rawKey?: Buffer | null;
  /** create the folder when missing (only for the default ./data/ and the app's own folder) */
  createFolder?: boolean;
  /** a backup before pending migrations run (given by the caller, who knows the key file) */
  beforeMigrate?: (db: Db, firstPending: string) => Promise<void>;
}

/** the page cache of an encrypted connection, in KiB (pages are decrypted once, then kept) */
export const ENCRYPTED_CACHE_KIB = 256 * 1024;

/**
 * Keys a freshly opened connection: the SQLCipher 4 page format, with a raw 256-bit key. Temporary
 * tables and sorts stay in memory (SQLite's temporary files are not encrypted), and the page cache is
 * large: a plain database is served from the system's file cache, an encrypted one would otherwise
 * decrypt (and check) every page again on every read, 2–3 times the CPU of a scan. The cache grows
 * only with the pages actually read (docs/safety.md#key-design).
 */
export function applyKey(sqlite: BetterSqlite3.Database, rawKey: Buffer): void {
  sqlite.pragma(`cipher = 'sqlcipher'`);
  sqlite.pragma('legacy = 4');
  sqlite.pragma(rawKeyPragma(rawKey));
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma(`cache_size = -${ENCRYPTED_CACHE_KIB}`);
}

/**
 * Opens (creating if needed) the database: integrity check first and no write if it fails,
 * then pragmas, then pending migrations after a backup copy. A database written by a newer
 * version of the app (it knows migrations we don't) is refused, never migrated down.
 */
export async function openDatabase(file: string, opts: OpenOptions): Promise<Db> {
  const absolute = path.resolve(file);
  checkFolder(absolute, opts.createFolder ?? false);
  const kind = fileKind(absolute);
  const existed = kind !== 'missing';
  if (kind === 'other' && !opts.rawKey) {
    if (fs.existsSync(`${absolute}.key`)) throw new AppError('LOCKED', `数据库已加密，需要密码才能打开：${absolute}`);
    throw notADatabase(absolute);
  }
  if (kind === 'plain' && opts.rawKey) {
    throw new AppError('INTERNAL', `数据库文件没有加密，却给了钥匙：${absolute}`);
  }
  if (!existed) createPrivateFile(absolute);

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(absolute, { fileMustExist: true });
  } catch (e) {
    throw classifyOpenError(e, absolute);
  }
  try {
    if (opts.rawKey) applyKey(sqlite, opts.rawKey);
    if (existed) checkIntegrity(sqlite, absolute, Boolean(opts.rawKey));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('synchronous = FULL');
  } catch (e) {
    sqlite.close();
    throw classifyOpenError(e, absolute);
  }
  restrictPermissions(absolute);

  let db: Db;
  const kysely = new Kysely<Database>({ dialect: new ImmediateDialect({ database: sqlite }, () => db) });
  db = {
    kysely,
    sqlite,
    file: absolute,
    encrypted: Boolean(opts.rawKey),
    onWait: null,
    close: async () => {
      await kysely.destroy();
    },
  };
  try {
    if (opts.migrate !== false) await migrate(db, existed, opts.migrations, opts.beforeMigrate);
  } catch (e) {
    await db.close();
    throw classifyWriteError(e, absolute);
  }
  return db;
}

/**
 * quick_check on open. "Restore from a backup" is said only when the check ran and failed; an error
 * before it (wrong key, not a database, a locked or read-only file) is named for what it is.
 */
function checkIntegrity(sqlite: BetterSqlite3.Database, file: string, keyed: boolean): void {
  let result: string;
  try {
    result = String(sqlite.pragma('quick_check', { simple: true }));
  } catch (e) {
    const code = codeOf(e);
    if (code === 'SQLITE_NOTADB') {
      throw new AppError(
        keyed ? 'WRONG_PASSWORD' : 'UNREADABLE',
        keyed
          ? `钥匙与数据库不符，无法解密：${file}`
          : `该文件不是党务数据库（也可能是缺少钥匙文件的加密数据库）：${file}。请检查 --db 路径是否选错了文件。`,
      );
    }
    if (code.startsWith('SQLITE_CORRUPT')) {
      throw new AppError('UNREADABLE', `数据库文件已损坏：${file}。为保护数据未做任何修改，请从备份恢复（备份与恢复页面，或 backup restore）。`);
    }
    throw classifyOpenError(e, file);
  }
  if (result !== 'ok') {
    throw new AppError(
      'UNREADABLE',
      `数据库完整性检查未通过，为保护数据未做任何修改：${file}（${result.slice(0, 200)}）。请从备份恢复（备份与恢复页面，或 backup restore）。`,
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

/** migrations this app does not know: the database was written by a newer version */
export function unknownMigrations(sqlite: BetterSqlite3.Database, migrations: Record<string, Migration>): string[] {
  const known = Object.keys(migrations);
  return appliedMigrationNames(sqlite).filter((n) => !known.includes(n));
}

export function newerVersionError(unknown: string[]): AppError {
  return new AppError(
    'UNREADABLE',
    `该数据库由更新版本的党务程序创建（包含本程序不认识的结构版本：${unknown.join('、')}），为避免损坏数据已拒绝打开。请升级程序后再打开。`,
  );
}

async function migrate(
  db: Db,
  existed: boolean,
  migrations: Record<string, Migration>,
  beforeMigrate: OpenOptions['beforeMigrate'],
): Promise<void> {
  const known = Object.keys(migrations);
  const applied = appliedMigrationNames(db.sqlite);
  const unknown = applied.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw newerVersionError(unknown);
  const pending = known.filter((n) => !applied.includes(n));
  if (pending.length === 0) return;
  if (existed && applied.length > 0 && beforeMigrate) await beforeMigrate(db, pending[0]);

  const migrator = new Migrator({ db: db.kysely, provider: new StaticMigrationProvider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const classified = classifyWriteError(error, db.file);
    if (classified instanceof AppError) throw classified;
    throw new AppError(
      'INTERNAL',
      `数据库结构升级失败（${failed?.migrationName ?? '未知步骤'}），数据库保持原样：${(error as Error).message ?? String(error)}`,
    );
  }
}

export function backupDir(dbFile: string): string {
  return path.join(path.dirname(dbFile), 'backups');
}
