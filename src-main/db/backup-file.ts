import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../domain/errors.ts';
import { applyKey, classifyWriteError, createPrivateFile, diskFullError, SQLITE_HEADER, type Db } from './connection.ts';
import type { KeyFile } from './keys.ts';

// One backup = one file (docs/safety.md#backups): a short header (what, when, why, the counts the
// restore list shows, and — for an encrypted database — its key file, so the backup carries its own
// wrapped key), then the database copy exactly as SQLite wrote it (encrypted pages when the database is
// encrypted), then a SHA-256 of everything before it: a truncated or bit-flipped backup is recognised
// before anything is restored from it.

export const BACKUP_EXT = '.dwbak';
const MAGIC = Buffer.from('DANGWUBK', 'latin1');

export type BackupReason =
  | 'manual'
  | 'daily'
  | 'before-import'
  | 'before-migration'
  | 'before-restore'
  | 'before-bulk'
  | 'before-encryption'
  | 'legacy';

export const REASON_LABELS: Record<BackupReason, string> = {
  manual: '手动备份',
  daily: '每日自动备份',
  'before-import': '导入前自动备份',
  'before-migration': '升级前自动备份',
  'before-restore': '恢复前自动备份',
  'before-bulk': '批量操作前自动备份',
  'before-encryption': '加密前备份',
  legacy: '旧版备份（未加密）',
};

export interface BackupSummary {
  /** rows per table (the restore preview compares them with the current database) */
  counts: Record<string, number>;
  members: number;
  lastAction: { at: string; actor: string; action: string } | null;
  migrations: string[];
}

export interface BackupHeader {
  format: 'dangwu-backup';
  version: 1;
  createdAt: string;
  reason: BackupReason;
  /** a word from the clerk or the action that caused it (e.g. the imported file's name) */
  note: string;
  machine: string;
  encrypted: boolean;
  keyId: string | null;
  key: KeyFile | null;
  dbSize: number;
  summary: BackupSummary;
}

const tableNames = (sqlite: BetterSqlite3.Database): string[] =>
  (
    sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((r) => r.name);

/** counts, member total, newest audit entry and applied migrations of an open database */
export function summarise(sqlite: BetterSqlite3.Database): BackupSummary {
  const counts: Record<string, number> = {};
  for (const t of tableNames(sqlite)) {
    counts[t] = (sqlite.prepare(`SELECT count(*) AS n FROM "${t.replace(/"/g, '""')}"`).get() as { n: number }).n;
  }
  let lastAction: BackupSummary['lastAction'] = null;
  if ('audit_log' in counts) {
    const r = sqlite.prepare('SELECT at, actor, action FROM audit_log ORDER BY id DESC LIMIT 1').get() as
      | { at: string; actor: string | null; action: string }
      | undefined;
    if (r) lastAction = { at: r.at, actor: r.actor ?? '', action: r.action };
  }
  const hasMigrations = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
  const migrations = hasMigrations ? (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name) : [];
  return { counts, members: counts.members ?? 0, lastAction, migrations };
}

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function freeName(dir: string, base: string): string {
  let name = `${base}${BACKUP_EXT}`;
  for (let i = 2; fs.existsSync(path.join(dir, name)); i++) name = `${base}-${i}${BACKUP_EXT}`;
  return path.join(dir, name);
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * A consistent copy of the open database, safe while it is written: SQLite's online backup API for a
 * plain database; for an encrypted one VACUUM INTO, which writes the copy with the same key (the backup
 * API refuses between a keyed source and an unkeyed target, so it can never leak plaintext).
 */
export async function snapshotTo(db: Db, target: string): Promise<void> {
  createPrivateFile(target);
  try {
    if (db.encrypted) db.sqlite.exec(`VACUUM INTO ${sqlString(target)}`);
    else await db.sqlite.backup(target);
  } catch (e) {
    fs.rmSync(target, { force: true });
    throw classifyWriteError(e, target);
  }
}

export interface WriteBackupOptions {
  dir: string;
  reason: BackupReason;
  note?: string;
  keyFile: KeyFile | null;
  now?: Date;
}

/** writes a backup of the open database into `dir`; returns its path and header */
export async function writeBackup(db: Db, opts: WriteBackupOptions): Promise<{ file: string; header: BackupHeader }> {
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const now = opts.now ?? new Date();
  const base = `${path.basename(db.file, path.extname(db.file))}-${stamp(now)}-${opts.reason}`;
  const tmp = path.join(opts.dir, `.${base}.snapshot-${process.pid}`);
  await snapshotTo(db, tmp);
  try {
    const header: BackupHeader = {
      format: 'dangwu-backup',
      version: 1,
      createdAt: now.toISOString(),
      reason: opts.reason,
      note: opts.note ?? '',
      machine: os.hostname(),
      encrypted: db.encrypted,
      keyId: db.encrypted ? (opts.keyFile?.keyId ?? null) : null,
      key: db.encrypted ? opts.keyFile : null,
      dbSize: fs.statSync(tmp).size,
      summary: summarise(db.sqlite),
    };
    if (db.encrypted && !opts.keyFile) throw new AppError('INTERNAL', '加密数据库的备份缺少钥匙');
    const file = freeName(opts.dir, base);
    await packBackup(tmp, header, file);
    return { file, header };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** header + database bytes + SHA-256, written under a temporary name and renamed when complete */
export async function packBackup(dbCopy: string, header: BackupHeader, file: string): Promise<void> {
  const partial = `${file}.partial`;
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(headerBytes.length);
  const hash = crypto.createHash('sha256');
  let fd: number | null = null;
  try {
    fd = fs.openSync(partial, 'w', 0o600);
    const put = (b: Buffer) => {
      hash.update(b);
      fs.writeSync(fd!, b);
    };
    put(MAGIC);
    put(len);
    put(headerBytes);
    const src = fs.openSync(dbCopy, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = fs.readSync(src, buf, 0, buf.length, null);
        if (n === 0) break;
        put(buf.subarray(0, n));
      }
    } finally {
      fs.closeSync(src);
    }
    fs.writeSync(fd, hash.digest());
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(partial, file);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(partial, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw diskFullError(file, header.dbSize);
    throw classifyWriteError(e, file);
  }
}

const damaged = (file: string, why: string) =>
  new AppError('UNREADABLE', `备份文件已损坏或不完整（${why}），不能用它恢复：${file}`);

/** the header alone (the list shows it); throws when the file is not a backup */
export function readBackupHeader(file: string): BackupHeader {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new AppError('NOT_FOUND', `找不到备份文件：${file}`);
  }
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    if (n >= 16 && head.toString('latin1') === SQLITE_HEADER) return legacyHeader(file);
    if (n < 12 || !head.subarray(0, 8).equals(MAGIC)) throw new AppError('UNREADABLE', `该文件不是党务的备份文件：${file}`);
    const len = head.readUInt32LE(8);
    const size = fs.fstatSync(fd).size;
    if (len > 16 << 20 || 12 + len + 32 > size) throw damaged(file, '文件头不完整');
    const hb = Buffer.alloc(len);
    fs.readSync(fd, hb, 0, len, 12);
    let header: BackupHeader;
    try {
      header = JSON.parse(hb.toString('utf8')) as BackupHeader;
    } catch {
      throw damaged(file, '文件头无法读取');
    }
    if (header.format !== 'dangwu-backup' || header.version !== 1) throw damaged(file, '格式不符');
    if (12 + len + header.dbSize + 32 !== size) throw damaged(file, `大小不符：应为 ${12 + len + header.dbSize + 32} 字节，实际 ${size} 字节`);
    return header;
  } finally {
    fs.closeSync(fd);
  }
}

/** a plain database copy from before this format (the migration copies of older versions) */
function legacyHeader(file: string): BackupHeader {
  const st = fs.statSync(file);
  let summary: BackupSummary = { counts: {}, members: 0, lastAction: null, migrations: [] };
  try {
    const s = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      summary = summarise(s);
    } finally {
      s.close();
    }
  } catch {
    // listed all the same; verify says what is wrong
  }
  return {
    format: 'dangwu-backup',
    version: 1,
    createdAt: st.mtime.toISOString(),
    reason: 'legacy',
    note: '',
    machine: '',
    encrypted: false,
    keyId: null,
    key: null,
    dbSize: st.size,
    summary,
  };
}

export const isLegacyBackup = (header: BackupHeader): boolean => header.reason === 'legacy';

/** checks the SHA-256 over the whole file (streamed); returns the header */
export function verifyChecksum(file: string): BackupHeader {
  const header = readBackupHeader(file);
  if (isLegacyBackup(header)) return header;
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const hash = crypto.createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let pos = 0;
    const end = size - 32;
    while (pos < end) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
      if (n <= 0) throw damaged(file, '读取中断');
      hash.update(buf.subarray(0, n));
      pos += n;
    }
    const stored = Buffer.alloc(32);
    fs.readSync(fd, stored, 0, 32, end);
    if (!hash.digest().equals(stored)) throw damaged(file, '校验值不符，文件内容被改动或没有完整复制');
    return header;
  } finally {
    fs.closeSync(fd);
  }
}

/** writes the database inside a (verified) backup to `target` (owner-only) */
export function extractDatabase(file: string, header: BackupHeader, target: string): void {
  if (isLegacyBackup(header)) {
    createPrivateFile(target);
    fs.copyFileSync(file, target);
    return;
  }
  const src = fs.openSync(file, 'r');
  const out = fs.openSync(target, 'w', 0o600);
  try {
    const lenBuf = Buffer.alloc(4);
    fs.readSync(src, lenBuf, 0, 4, 8);
    const start = 12 + lenBuf.readUInt32LE(0);
    const buf = Buffer.allocUnsafe(1 << 20);
    let pos = start;
    const end = start + header.dbSize;
    while (pos < end) {
      const n = fs.readSync(src, buf, 0, Math.min(buf.length, end - pos), pos);
      if (n <= 0) throw damaged(file, '读取中断');
      fs.writeSync(out, buf.subarray(0, n));
      pos += n;
    }
    fs.fsyncSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw diskFullError(target, header.dbSize);
    throw e;
  } finally {
    fs.closeSync(src);
    fs.closeSync(out);
  }
}

/** opens an extracted copy (keyed when needed) and runs integrity_check; returns its summary */
export function checkCopy(copy: string, rawKey: Buffer | null, label: string): BackupSummary {
  let s: BetterSqlite3.Database;
  try {
    s = new BetterSqlite3(copy, { fileMustExist: true });
  } catch {
    throw new AppError('UNREADABLE', `${label}无法打开`);
  }
  try {
    if (rawKey) applyKey(s, rawKey);
    let result: string;
    try {
      result = String(s.pragma('integrity_check', { simple: true }));
    } catch (e) {
      const code = String((e as { code?: string }).code ?? '');
      if (code === 'SQLITE_NOTADB') {
        throw new AppError('UNREADABLE', rawKey ? `${label}无法用本数据库的钥匙解开（文件已损坏或密钥不符）` : `${label}不是党务数据库`);
      }
      throw new AppError('UNREADABLE', `${label}已损坏（${code || '无法读取'}）`);
    }
    if (result !== 'ok') throw new AppError('UNREADABLE', `${label}未通过完整性检查（${result.slice(0, 200)}）`);
    return summarise(s);
  } finally {
    s.close();
  }
}
