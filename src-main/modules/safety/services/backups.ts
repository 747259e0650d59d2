import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import {
  BACKUP_EXT,
  checkCopy,
  extractDatabase,
  isLegacyBackup,
  packBackup,
  readBackupHeader,
  REASON_LABELS,
  verifyChecksum,
  writeBackup,
  type BackupHeader,
  type BackupReason,
} from '../../../db/backup-file.ts';
import { backupDir, freeBytes, newerVersionError } from '../../../db/connection.ts';
import { unwrapWithPassword, type KeyFile } from '../../../db/keys.ts';
import { AppError } from '../../../domain/errors.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { actor as currentActor } from '../../../services/settings.ts';
import type { BackupCreated, BackupDto, ModuleChange, RestorePreview, RestoreResult, VerifyResult } from '../contract.ts';
import { toDelete } from '../domain/retention.ts';
import { readState, writeState } from './state.ts';

// Backups that happen by themselves, and restore in a minute (docs/safety.md#backups). A backup is one
// file in the data folder's backups/ (and a copy in the second folder the clerk picked), written by
// db/backup-file.ts; here: when, where, how many are kept, and the restore with its preview and undo.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const localDir = (ctx: ServiceContext): string => backupDir(ctx.vault.file);

function toDto(file: string, header: BackupHeader, location: BackupDto['location'], ctx: ServiceContext): BackupDto {
  const current = ctx.vault.keyFileNow?.keyId ?? null;
  return {
    file,
    fileName: path.basename(file),
    location,
    createdAt: header.createdAt,
    reason: header.reason,
    reasonLabel: REASON_LABELS[header.reason] ?? header.reason,
    note: header.note,
    size: fs.statSync(file).size,
    encrypted: header.encrypted,
    members: header.summary.members,
    lastAction: header.summary.lastAction,
    foreign: header.encrypted && header.keyId !== current,
  };
}

function listDir(dir: string): { file: string; header: BackupHeader }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: { file: string; header: BackupHeader }[] = [];
  for (const n of names) {
    if (!(n.endsWith(BACKUP_EXT) || n.endsWith('.db')) || n.startsWith('.')) continue;
    const file = path.join(dir, n);
    try {
      out.push({ file, header: readBackupHeader(file) });
    } catch {
      // a damaged file is listed by verify, not here
    }
  }
  return out.sort((a, b) => (a.header.createdAt < b.header.createdAt ? 1 : -1));
}

export async function listBackups(ctx: ServiceContext): Promise<BackupDto[]> {
  const state = await readState(ctx.kysely, ctx.vault.file);
  const local = listDir(localDir(ctx)).map((b) => toDto(b.file, b.header, 'local', ctx));
  const second = state.backupFolder ? listDir(state.backupFolder).map((b) => toDto(b.file, b.header, 'second', ctx)) : [];
  return [...local, ...second].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** applies the retention policy to the backups of one folder (only files of this format) */
export function prune(dir: string, now: Date): number {
  const all = listDir(dir).filter((b) => !isLegacyBackup(b.header));
  const names = toDelete(
    all.map((b) => ({ name: b.file, createdAt: b.header.createdAt, reason: b.header.reason })),
    now,
  );
  for (const f of names) fs.rmSync(f, { force: true });
  return names.length;
}

/** copies a finished backup into another folder and checks the copy; the reason it failed, or null */
function copyOut(file: string, dir: string): { copy: string | null; error: string | null } {
  if (!fs.existsSync(dir)) return { copy: null, error: `找不到备份文件夹 ${dir}（U 盘或网络盘可能没有接好）。本机的备份已经做好。` };
  const size = fs.statSync(file).size;
  const free = freeBytes(dir);
  if (free !== null && free < size + 1024 * 1024) {
    return { copy: null, error: `备份文件夹 ${dir} 所在的磁盘空间不足（剩余 ${Math.floor(free / 1048576)} MB，需要约 ${Math.ceil(size / 1048576)} MB）。本机的备份已经做好。` };
  }
  const target = path.join(dir, path.basename(file));
  const partial = `${target}.partial`;
  try {
    fs.copyFileSync(file, partial);
    fs.renameSync(partial, target);
    verifyChecksum(target);
    return { copy: target, error: null };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? '磁盘空间不足' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? '没有写入权限' : isAppErr(e) ? (e as AppError).message : '复制失败';
    return { copy: null, error: `无法把备份复制到 ${dir}（${why}）。本机的备份已经做好。` };
  }
}

const isAppErr = (e: unknown) => e instanceof AppError;

const isOutside = (ctx: ServiceContext, dir: string) => {
  const data = path.resolve(path.dirname(ctx.vault.file));
  const rel = path.relative(data, path.resolve(dir));
  return rel.startsWith('..') || path.isAbsolute(rel);
};

/** a backup now: locally, then to `to` (if given) and the second folder; old backups pruned */
export async function createBackup(ctx: ServiceContext, reason: BackupReason, opts: { to?: string | null; note?: string } = {}): Promise<BackupCreated> {
  const started = Date.now();
  const db = ctx.db;
  const { file, header } = await writeBackup(db, { dir: localDir(ctx), reason, note: opts.note, keyFile: ctx.vault.keyFileNow });
  const now = new Date();
  prune(localDir(ctx), now);
  const state = await readState(ctx.kysely, ctx.vault.file);
  let secondCopy: string | null = null;
  let secondFolderError: string | null = null;
  let outside = false;
  for (const dir of [opts.to ?? null, state.backupFolder].filter((d): d is string => Boolean(d))) {
    if (path.resolve(dir) === path.resolve(localDir(ctx))) continue;
    const r = copyOut(file, dir);
    if (r.copy) {
      if (dir === state.backupFolder) {
        secondCopy = r.copy;
        prune(dir, now);
      } else secondCopy ??= r.copy;
      if (isOutside(ctx, dir)) outside = true;
    } else secondFolderError = r.error;
  }
  if (opts.to && secondFolderError && !secondCopy) {
    // the clerk named the folder: say so as a refusal (the local backup exists all the same)
    await writeState(ctx, { lastBackupAt: header.createdAt });
    throw new AppError('NOT_FOUND', secondFolderError);
  }
  await writeState(ctx, {
    lastBackupAt: header.createdAt,
    ...(outside ? { lastOutsideCopyAt: header.createdAt } : {}),
    lastSecondFolderError: state.backupFolder ? secondFolderError : null,
  });
  return { backup: toDto(file, header, 'local', ctx), secondCopy, secondFolderError, seconds: (Date.now() - started) / 1000 };
}

/** a backup before a bulk action: always before imports, at most hourly before the others */
export async function beforeBulk(ctx: ServiceContext, op: { name: string; backup: 'always' | 'hourly'; title: string }): Promise<void> {
  if (ctx.vault.locked || ctx.runtime.autoBackups === false) return;
  const state = await readState(ctx.kysely, ctx.vault.file);
  if (op.backup === 'hourly' && state.lastBulkBackupAt && Date.now() - Date.parse(state.lastBulkBackupAt) < HOUR_MS) return;
  const reason: BackupReason = op.name === 'import.commit' ? 'before-import' : 'before-bulk';
  const r = await createBackup(ctx, reason, { note: op.title });
  if (op.backup === 'hourly') await writeState(ctx, { lastBulkBackupAt: r.backup.createdAt });
}

/** on start (and unlock): a backup when a day passed without one and there is something to keep */
export async function dailyBackup(ctx: ServiceContext): Promise<BackupCreated | null> {
  if (ctx.vault.locked || ctx.runtime.autoBackups === false) return null;
  const state = await readState(ctx.kysely, ctx.vault.file);
  const newestFile = listDir(localDir(ctx))[0]?.header.createdAt ?? null;
  const last = [state.lastBackupAt, newestFile].filter(Boolean).sort().at(-1) ?? null;
  if (last && Date.now() - Date.parse(last) < DAY_MS) return null;
  const has = ctx.db.sqlite.prepare('SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM orgs) + (SELECT count(*) FROM audit_log) AS n').get() as { n: number };
  if (!has.n) return null;
  return createBackup(ctx, 'daily');
}

// ---------------------------------------------------------------------------------------------
// Verify and restore

/** which module a table belongs to, by its name (the module's tables share a prefix) */
function moduleOfTable(table: string): string {
  for (const m of ['dues', 'campaign', 'import', 'safety']) if (table.startsWith(`${m}_`)) return m;
  return 'core';
}

function changesOf(ctx: ServiceContext, current: Record<string, number>, backup: Record<string, number>): ModuleChange[] {
  const titles = new Map(ctx.registry.modules().map((m) => [m.name, m.title]));
  const sum = new Map<string, { current: number; backup: number }>();
  for (const t of new Set([...Object.keys(current), ...Object.keys(backup)])) {
    if (t === 'audit_log' || t === 'safety_state' || t === 'sqlite_stat1') continue;
    const m = moduleOfTable(t);
    const s = sum.get(m) ?? { current: 0, backup: 0 };
    s.current += current[t] ?? 0;
    s.backup += backup[t] ?? 0;
    sum.set(m, s);
  }
  return [...titles.keys()]
    .filter((m) => sum.has(m))
    .map((m) => ({ module: m, title: titles.get(m) ?? m, ...sum.get(m)! }));
}

function currentCounts(ctx: ServiceContext): Record<string, number> {
  const s = ctx.db.sqlite;
  const names = (s.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`).all() as { name: string }[]).map((r) => r.name);
  return Object.fromEntries(names.map((n) => [n, (s.prepare(`SELECT count(*) AS n FROM "${n}"`).get() as { n: number }).n]));
}

const locationOf = (ctx: ServiceContext, file: string): BackupDto['location'] =>
  path.resolve(path.dirname(file)) === path.resolve(localDir(ctx)) ? 'local' : 'second';

export async function previewRestore(ctx: ServiceContext, file: string): Promise<RestorePreview> {
  const header = verifyChecksum(file);
  const dto = toDto(file, header, locationOf(ctx, file), ctx);
  const since = header.summary.lastAction?.at ?? header.createdAt;
  const lost = ctx.db.sqlite
    .prepare('SELECT at, actor, action FROM audit_log WHERE at > ? ORDER BY id DESC LIMIT 20')
    .all(since) as { at: string; actor: string | null; action: string }[];
  return {
    backup: dto,
    changes: changesOf(ctx, currentCounts(ctx), header.summary.counts),
    lostActions: lost.map((r) => ({ at: r.at, actor: r.actor ?? '', action: r.action })),
    needsPassword: header.encrypted && !ctx.vault.encrypted,
  };
}

/** the key that opens the backup's database: this database's, or (a plain installation) the backup's own */
async function keyForBackup(ctx: ServiceContext, header: BackupHeader, file: string, password?: string): Promise<{ keyFile: KeyFile; rawKey: Buffer } | null> {
  if (!header.encrypted) return null;
  const cur = ctx.vault.key;
  if (cur && header.keyId === cur.keyFile.keyId) return cur;
  if (cur) {
    throw new AppError(
      'CONFLICT',
      `该备份来自另一个党务数据库（加密密钥不同，可能是另一台电脑或重新设置过的数据库），不能恢复到这里：${path.basename(file)}。如确需使用，请关闭程序，用 --db 指定一个新的数据文件，再用该备份自己的密码恢复。`,
    );
  }
  if (!header.key) throw new AppError('UNREADABLE', `备份文件缺少钥匙，无法解密：${file}`);
  if (!password) throw new AppError('LOCKED', '该备份已加密（来自设置了密码的数据库），请输入制作该备份时使用的密码', 'password');
  const raw = await unwrapWithPassword(header.key, password);
  if (!raw) throw new AppError('WRONG_PASSWORD', '备份的密码不正确', 'password');
  return { keyFile: header.key, rawKey: raw };
}

export async function verifyBackup(ctx: ServiceContext, file: string): Promise<VerifyResult> {
  const header = verifyChecksum(file);
  const dto = toDto(file, header, locationOf(ctx, file), ctx);
  const canOpen = !header.encrypted || (ctx.vault.key && header.keyId === ctx.vault.key.keyFile.keyId);
  if (!canOpen) {
    return { ok: true, backup: dto, integrity: 'ok', contentChecked: false, message: '校验值正确，文件完整。该备份来自另一个数据库（密钥不同），内容需用它自己的密码才能检查。' };
  }
  const tmp = path.join(localDir(ctx), `.verify-${process.pid}-${Date.now()}.db`);
  fs.mkdirSync(localDir(ctx), { recursive: true, mode: 0o700 });
  try {
    extractDatabase(file, header, tmp);
    checkCopy(tmp, header.encrypted ? ctx.vault.key!.rawKey : null, '备份中的数据库');
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  }
  return { ok: true, backup: dto, integrity: 'ok', contentChecked: true, message: `备份完好：校验值正确，完整性检查通过（党员 ${header.summary.members} 人）` };
}

function rekeyFile(file: string, rawKey: Buffer): void {
  const c = new BetterSqlite3(file, { fileMustExist: true });
  try {
    c.pragma('journal_mode = DELETE');
    c.pragma(`cipher = 'sqlcipher'`);
    c.pragma('legacy = 4');
    c.pragma(`rekey="x'${rawKey.toString('hex')}'"`);
  } finally {
    c.close();
  }
}

export async function restoreBackup(ctx: ServiceContext, input: { file: string; password?: string }): Promise<RestoreResult> {
  const file = path.resolve(input.file);
  const header = verifyChecksum(file);
  // the current database has every migration this app knows: a backup with others is from a newer app
  const applied = (ctx.db.sqlite.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]).map((r) => r.name);
  const unknown = header.summary.migrations.filter((m) => !applied.includes(m));
  if (unknown.length) throw newerVersionError(unknown);
  const key = await keyForBackup(ctx, header, file, input.password);
  const before = currentCounts(ctx);
  const tmp = ctx.vault.tempFile('restore');
  fs.rmSync(tmp, { force: true });
  try {
    extractDatabase(file, header, tmp);
    checkCopy(tmp, key?.rawKey ?? null, '备份中的数据库');
    const cur = ctx.vault.key;
    if (!header.encrypted && cur) {
      // a plain backup restored into an encrypted database is encrypted first: never a plain file again
      rekeyFile(tmp, cur.rawKey);
      checkCopy(tmp, cur.rawKey, '加密后的恢复副本');
    }
    for (const f of [`${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  const undo = await createBackup(ctx, 'before-restore', { note: path.basename(file) });
  await ctx.vault.swapIn(tmp, key ?? ctx.vault.key);
  const actor = await currentActor(ctx.kysely);
  await audit(ctx.kysely, {
    actor,
    at: ctx.clock.now(),
    entity: 'safety_backup',
    entityId: 0,
    action: '从备份恢复',
    after: { 备份文件: path.basename(file), 备份时间: header.createdAt, 恢复前的备份: path.basename(undo.backup.file) },
  });
  return {
    restored: toDto(file, header, locationOf(ctx, file), ctx),
    undoFile: undo.backup.file,
    changes: changesOf(ctx, before, header.summary.counts),
  };
}

/**
 * After a password is set: every plain backup in backups/ is encrypted with the new key (or deleted
 * when it cannot be read), so that no plain copy of the data stays beside the encrypted database.
 */
export async function encryptPlainBackups(ctx: ServiceContext): Promise<{ encrypted: number; deleted: number }> {
  const key = ctx.vault.key;
  if (!key) return { encrypted: 0, deleted: 0 };
  let encrypted = 0;
  let deleted = 0;
  const dir = localDir(ctx);
  for (const { file, header } of listDir(dir)) {
    if (header.encrypted) continue;
    const tmp = path.join(dir, `.encrypt-${process.pid}-${encrypted + deleted}.db`);
    try {
      verifyChecksum(file);
      extractDatabase(file, header, tmp);
      checkCopy(tmp, null, '旧备份');
      rekeyFile(tmp, key.rawKey);
      const summary = checkCopy(tmp, key.rawKey, '加密后的旧备份');
      const target = isLegacyBackup(header) ? file.replace(/\.db$/, BACKUP_EXT) : file;
      const next: BackupHeader = {
        ...header,
        reason: isLegacyBackup(header) ? 'before-migration' : header.reason,
        encrypted: true,
        keyId: key.keyFile.keyId,
        key: key.keyFile,
        dbSize: fs.statSync(tmp).size,
        summary,
        machine: header.machine || os.hostname(),
      };
      await packBackup(tmp, next, `${target}.new`);
      fs.rmSync(file, { force: true });
      fs.renameSync(`${target}.new`, target);
      encrypted++;
    } catch {
      fs.rmSync(file, { force: true });
      deleted++;
    } finally {
      for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    }
  }
  return { encrypted, deleted };
}
