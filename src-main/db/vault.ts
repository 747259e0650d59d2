import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Migration } from 'kysely/migration';
import { AppError } from '../domain/errors.ts';
import { writeBackup } from './backup-file.ts';
import { applyKey, backupDir, checkFolder, createPrivateFile, fileKind, notADatabase, openDatabase, type Db } from './connection.ts';
import {
  createKeyFile,
  keyFileText,
  readKeyFile,
  rewrapPassword,
  unwrapWithPassword,
  unwrapWithRecoveryKey,
  writeFileAtomic,
  type KeyFile,
} from './keys.ts';

// The database as the app holds it: open, or locked (docs/safety.md#unlock-and-lock). Locking closes the
// connection and forgets the raw key; unlocking unwraps the key from the key file with the password and
// opens the database again. The replacements of the whole file (encrypting a plain database in place,
// restoring a backup) go through here too, in an order that leaves the old file or the new one after a
// crash at any point, never neither (docs/safety.md#crash-safety).

export const keyPath = (dbFile: string): string => `${dbFile}.key`;
export const pendingKeyPath = (dbFile: string): string => `${dbFile}.key.new`;
const tempPath = (dbFile: string, what: string) => `${dbFile}.${what}-tmp`;

/** unlock tries before a pause, and the pause (doubling) */
export const FREE_TRIES = 5;
const FIRST_PAUSE_MS = 30_000;
const MAX_PAUSE_MS = 15 * 60_000;

export interface VaultOptions {
  migrations: Record<string, Migration>;
  migrate?: boolean;
  createFolder?: boolean;
}

export interface VaultState {
  file: string;
  encrypted: boolean;
  locked: boolean;
  /** seconds before another unlock try is accepted (after FREE_TRIES wrong passwords) */
  retryAfterSeconds: number;
  failedTries: number;
}

const sameFile = (a: string, b: string) => path.resolve(a) === path.resolve(b);

export class Vault {
  readonly file: string;
  private readonly opts: VaultOptions;
  private current: Db | null = null;
  private rawKey: Buffer | null = null;
  private keyFile: KeyFile | null = null;
  private failures = 0;
  private pausedUntil = 0;
  /** the last time a clerk did something (for the idle lock) */
  lastActivity = Date.now();
  /** called after the connection was closed or opened again (e.g. to forget prepared statements) */
  onChange: (() => void) | null = null;

  private constructor(file: string, opts: VaultOptions) {
    this.file = path.resolve(file);
    this.opts = opts;
  }

  /**
   * Opens the database file: a plain database opens at once; an encrypted one opens with `password`,
   * or stays locked without it. A new file is created encrypted when a password is given.
   */
  static async open(file: string, opts: VaultOptions & { password?: string | null; now?: string }): Promise<Vault> {
    const v = new Vault(file, opts);
    checkFolder(v.file, opts.createFolder ?? false);
    v.settleInterrupted();
    const kind = fileKind(v.file);
    if (kind === 'other') {
      v.keyFile = readKeyFile(keyPath(v.file));
      if (!v.keyFile) throw notADatabase(v.file);
      if (opts.password) await v.unlock(opts.password);
      return v;
    }
    if (kind === 'missing' && opts.password) {
      const { keyFile, rawKey } = await createKeyFile(opts.password, opts.now ?? new Date().toISOString());
      writeFileAtomic(pendingKeyPath(v.file), keyFileText(keyFile));
      v.current = await openDatabase(v.file, { ...v.openOptions(), rawKey });
      fs.renameSync(pendingKeyPath(v.file), keyPath(v.file));
      v.keyFile = keyFile;
      v.rawKey = rawKey;
      return v;
    }
    v.current = await openDatabase(v.file, v.openOptions());
    return v;
  }

  /** a vault around a database opened elsewhere (tests and benches that open with openAppDatabase) */
  static around(db: Db): Vault {
    const v = new Vault(db.file, { migrations: {}, migrate: false });
    v.current = db;
    return v;
  }

  private openOptions() {
    return {
      migrations: this.opts.migrations,
      migrate: this.opts.migrate,
      createFolder: false,
      beforeMigrate: async (db: Db, firstPending: string) => {
        await writeBackup(db, { dir: backupDir(db.file), reason: 'before-migration', note: firstPending, keyFile: this.keyFile });
      },
    };
  }

  /**
   * After a crash in the middle of a replacement: the database file says which side won. A plain file
   * means the encryption never took place (its pending key goes); an encrypted file without its key
   * file takes the pending key. Temporary copies are removed.
   */
  private settleInterrupted(): void {
    const pending = pendingKeyPath(this.file);
    const kind = fileKind(this.file);
    if (fs.existsSync(pending)) {
      if (kind === 'plain' || kind === 'missing') fs.rmSync(pending, { force: true });
      else if (!fs.existsSync(keyPath(this.file))) fs.renameSync(pending, keyPath(this.file));
    }
    for (const what of ['encrypt', 'restore']) fs.rmSync(tempPath(this.file, what), { force: true });
  }

  get encrypted(): boolean {
    return this.keyFile !== null;
  }

  get locked(): boolean {
    return this.current === null;
  }

  /** the open database; a locked vault refuses (every operation that needs data goes through here) */
  get db(): Db {
    if (!this.current) throw new AppError('LOCKED', '数据库已锁定，请输入密码解锁');
    return this.current;
  }

  /** the key file and raw key of the open, encrypted database (backups carry the key file) */
  get key(): { keyFile: KeyFile; rawKey: Buffer } | null {
    return this.keyFile && this.rawKey ? { keyFile: this.keyFile, rawKey: this.rawKey } : null;
  }

  get keyFileNow(): KeyFile | null {
    return this.keyFile;
  }

  state(): VaultState {
    return {
      file: this.file,
      encrypted: this.encrypted,
      locked: this.locked,
      retryAfterSeconds: Math.max(0, Math.ceil((this.pausedUntil - Date.now()) / 1000)),
      failedTries: this.failures,
    };
  }

  touch(): void {
    this.lastActivity = Date.now();
  }

  private checkPause(): void {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      throw new AppError('WRONG_PASSWORD', `密码错误次数过多，请 ${Math.ceil(wait / 1000)} 秒后再试`, 'password', { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
  }

  private failed(what: string): never {
    this.failures++;
    let extra = '';
    if (this.failures >= FREE_TRIES) {
      const pause = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (this.failures - FREE_TRIES));
      this.pausedUntil = Date.now() + pause;
      extra = `已连续错误 ${this.failures} 次，请 ${Math.ceil(pause / 1000)} 秒后再试。`;
    } else {
      extra = `还可再试 ${FREE_TRIES - this.failures} 次，之后需要等待。`;
    }
    throw new AppError('WRONG_PASSWORD', `${what}${extra}`, 'password', { retryAfterSeconds: Math.max(0, Math.ceil((this.pausedUntil - Date.now()) / 1000)) });
  }

  async unlock(password: string): Promise<void> {
    if (!this.keyFile) {
      if (this.current) return;
      throw new AppError('INTERNAL', '数据库没有加密，无需解锁');
    }
    if (this.current) return;
    this.checkPause();
    const rawKey = await unwrapWithPassword(this.keyFile, password);
    if (!rawKey) this.failed('密码不正确（请注意大小写，以及键盘的大写锁定是否打开）。');
    this.current = await this.openKeyed(rawKey);
    this.rawKey = rawKey;
    this.failures = 0;
    this.pausedUntil = 0;
    this.touch();
    this.onChange?.();
  }

  /** opens with this raw key; a pending key file (an interrupted restore) is tried when it does not fit */
  private async openKeyed(rawKey: Buffer): Promise<Db> {
    try {
      return await openDatabase(this.file, { ...this.openOptions(), rawKey });
    } catch (e) {
      if ((e as AppError).code === 'WRONG_PASSWORD') {
        throw new AppError('UNREADABLE', `钥匙文件与数据库不符（钥匙文件可能被换过）：${keyPath(this.file)}。请从备份恢复（每份备份都带有自己的钥匙）。`);
      }
      throw e;
    }
  }

  /** closes the database and forgets the key; a plain database cannot be locked */
  async lock(): Promise<void> {
    if (!this.keyFile || !this.current) return;
    const db = this.current;
    this.current = null;
    this.rawKey?.fill(0);
    this.rawKey = null;
    await db.close();
    this.onChange?.();
  }

  /** closes for good (app quit) */
  async close(): Promise<void> {
    const db = this.current;
    this.current = null;
    this.rawKey?.fill(0);
    this.rawKey = null;
    await db?.close();
  }

  /** a new password for the same data: only the key file changes */
  async changePassword(oldPassword: string, newPassword: string, now: string): Promise<void> {
    if (!this.keyFile) throw new AppError('VALIDATION', '还没有设置密码，请先设置密码');
    this.checkPause();
    const rawKey = await unwrapWithPassword(this.keyFile, oldPassword);
    if (!rawKey) this.failed('原密码不正确。');
    this.failures = 0;
    const next = await rewrapPassword(this.keyFile, rawKey, newPassword, now);
    writeFileAtomic(keyPath(this.file), keyFileText(next));
    this.keyFile = next;
  }

  /** the recovery key alone resets the password (and unlocks) */
  async resetPassword(recoveryKey: string, newPassword: string, now: string): Promise<void> {
    if (!this.keyFile) throw new AppError('VALIDATION', '还没有设置密码，无需重置');
    this.checkPause();
    const rawKey = await unwrapWithRecoveryKey(this.keyFile, recoveryKey);
    if (!rawKey) this.failed('恢复密钥不正确，请对照打印件逐组核对。');
    this.failures = 0;
    const next = await rewrapPassword(this.keyFile, rawKey, newPassword, now);
    writeFileAtomic(keyPath(this.file), keyFileText(next));
    this.keyFile = next;
    if (!this.current) {
      this.current = await this.openKeyed(rawKey);
      this.rawKey = rawKey;
      this.onChange?.();
    } else rawKey.fill(0);
  }

  /**
   * Encrypts the plain database in place (docs/safety.md#encrypt-in-place): a consistent copy through
   * the backup API, rekeyed, read back and compared table by table; only then the key file is put
   * beside it and the copy renamed over the plain file. Returns the recovery key (shown once).
   */
  async encryptInPlace(password: string, now: string, hooks: { step?: (what: string) => void } = {}): Promise<{ recoveryKey: string; keyFile: KeyFile }> {
    if (this.keyFile) throw new AppError('CONFLICT', '已经设置了密码；要更换请用“修改密码”');
    const db = this.db;
    const { keyFile, rawKey, recoveryKey } = await createKeyFile(password, now);
    const tmp = tempPath(this.file, 'encrypt');
    fs.rmSync(tmp, { force: true });
    createPrivateFile(tmp);
    try {
      hooks.step?.('copy');
      await db.sqlite.backup(tmp);
      const expected = tableCounts(db.sqlite);
      hooks.step?.('rekey');
      const c = new BetterSqlite3(tmp, { fileMustExist: true });
      try {
        c.pragma('journal_mode = DELETE');
        c.pragma(`cipher = 'sqlcipher'`);
        c.pragma('legacy = 4');
        c.pragma(`rekey="x'${rawKey.toString('hex')}'"`);
      } finally {
        c.close();
      }
      hooks.step?.('verify');
      verifyCopy(tmp, rawKey, expected);
      writeFileAtomic(pendingKeyPath(this.file), keyFileText(keyFile));
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      fs.rmSync(pendingKeyPath(this.file), { force: true });
      throw e;
    }
    hooks.step?.('switch');
    await this.swapIn(tmp, { keyFile, rawKey });
    return { recoveryKey, keyFile };
  }

  /**
   * Puts `newFile` (a verified database copy, keyed with `key` when given) in place of the database:
   * the connection is closed first (SQLite checkpoints and removes the WAL), the copy is renamed over
   * the file, the pending key file (if the key changes) becomes the key file, and the database opens again.
   */
  async swapIn(newFile: string, key: { keyFile: KeyFile; rawKey: Buffer } | null, opts: { pendingKeyWritten?: boolean } = {}): Promise<void> {
    const keyChanges = key !== null && key.keyFile.keyId !== this.keyFile?.keyId;
    if (keyChanges && !opts.pendingKeyWritten && !fs.existsSync(pendingKeyPath(this.file))) {
      writeFileAtomic(pendingKeyPath(this.file), keyFileText(key.keyFile));
    }
    const old = this.current;
    this.current = null;
    await old?.close();
    this.onChange?.();
    try {
      if (fs.existsSync(`${this.file}-wal`) && fs.statSync(`${this.file}-wal`).size > 0) {
        throw new AppError('BUSY', '数据库正被另一个窗口或程序使用，无法替换。请先关闭其他党务窗口后再试。');
      }
      fs.rmSync(`${this.file}-wal`, { force: true });
      fs.rmSync(`${this.file}-shm`, { force: true });
      fs.renameSync(newFile, this.file);
    } catch (e) {
      if (keyChanges) fs.rmSync(pendingKeyPath(this.file), { force: true });
      fs.rmSync(newFile, { force: true });
      // the old database is still there: open it again
      this.current = await openDatabase(this.file, { ...this.openOptions(), rawKey: this.rawKey });
      this.onChange?.();
      throw e;
    }
    if (keyChanges) {
      fs.renameSync(pendingKeyPath(this.file), keyPath(this.file));
      this.keyFile = key!.keyFile;
      this.rawKey = Buffer.from(key!.rawKey);
    }
    this.current = await openDatabase(this.file, { ...this.openOptions(), rawKey: this.rawKey });
    this.onChange?.();
  }

  /** a temporary file name beside the database, for a copy that will replace it */
  tempFile(what: 'restore' | 'encrypt'): string {
    return tempPath(this.file, what);
  }

  isSameFile(other: string): boolean {
    return sameFile(this.file, other);
  }
}

function tableCounts(sqlite: BetterSqlite3.Database): Record<string, number> {
  const names = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
  return Object.fromEntries(names.map((n) => [n, (sqlite.prepare(`SELECT count(*) AS n FROM "${n.replace(/"/g, '""')}"`).get() as { n: number }).n]));
}

/** the rekeyed copy opens with the key, passes integrity_check and holds the same rows */
function verifyCopy(file: string, rawKey: Buffer, expected: Record<string, number>): void {
  const s = new BetterSqlite3(file, { fileMustExist: true });
  try {
    applyKey(s, rawKey);
    const ok = String(s.pragma('integrity_check', { simple: true }));
    if (ok !== 'ok') throw new AppError('INTERNAL', `加密后的副本未通过完整性检查（${ok.slice(0, 100)}），原数据库未改动`);
    const got = tableCounts(s);
    for (const [t, n] of Object.entries(expected)) {
      if (got[t] !== n) throw new AppError('INTERNAL', `加密后的副本与原数据库不一致（${t}），原数据库未改动`);
    }
  } finally {
    s.close();
  }
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1').startsWith('SQLite format 3')) throw new AppError('INTERNAL', '加密没有生效，原数据库未改动');
}
