import os from 'node:os';
import { unwrapWithPassword } from '../../../db/keys.ts';
import { AppError } from '../../../domain/errors.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { actor as currentActor } from '../../../services/settings.ts';
import type { PasswordSetResult, SafetyStatus } from '../contract.ts';
import { dailyBackup, encryptPlainBackups } from './backups.ts';
import { cachedState, readState, writeState } from './state.ts';

// The password, the lock and what the window's banner says (docs/safety.md#unlock-and-lock).

const OUTSIDE_COPY_DAYS = 7;

/** vaults asked to lock while a job ran: they lock when it has finished (the window shows locked at once) */
const pendingLock = new WeakSet<object>();

async function record(ctx: ServiceContext, action: string, after?: Record<string, unknown>): Promise<void> {
  await audit(ctx.kysely, { actor: await currentActor(ctx.kysely), at: ctx.clock.now(), entity: 'safety_password', entityId: 0, action, after });
}

export async function status(ctx: ServiceContext, input: { active?: boolean } = {}): Promise<SafetyStatus> {
  const vault = ctx.vault;
  if (input.active) vault.touch();
  let state = cachedState(vault.file);
  if (!vault.locked) {
    state = await readState(ctx.kysely, vault.file);
    // the idle lock: the window's status poll asks; a running job finishes first, then it locks
    const idleMs = state.idleMinutes * 60_000;
    if (vault.encrypted && idleMs > 0 && Date.now() - vault.lastActivity >= idleMs) pendingLock.add(vault);
    if (pendingLock.has(vault) && !ctx.jobs.running) {
      pendingLock.delete(vault);
      await vault.lock();
    }
  }
  const s = { ...vault.state() };
  if (pendingLock.has(vault)) s.locked = true;
  const warnings: string[] = [];
  if (!s.encrypted) warnings.push('未设置密码：数据库没有加密，任何人复制数据文件即可看到全部党员信息。请在“备份与恢复”页设置密码。');
  if (!s.locked) {
    const days = (iso: string | null) => (iso ? (Date.now() - Date.parse(iso)) / 86_400_000 : Infinity);
    if (days(state.lastOutsideCopyAt) > OUTSIDE_COPY_DAYS) {
      warnings.push(
        state.lastOutsideCopyAt
          ? `已有 ${Math.floor(days(state.lastOutsideCopyAt))} 天没有把备份复制到数据文件夹以外（U 盘、网络盘）。电脑损坏时这里的备份也会一起丢失。`
          : '还没有把备份复制到数据文件夹以外（U 盘、网络盘）。电脑损坏时这里的备份也会一起丢失，请在“备份与恢复”页选择第二备份文件夹。',
      );
    }
    if (state.lastSecondFolderError) warnings.push(state.lastSecondFolderError);
  }
  return {
    encrypted: s.encrypted,
    locked: s.locked,
    retryAfterSeconds: s.retryAfterSeconds,
    failedTries: s.failedTries,
    idleMinutes: state.idleMinutes,
    backupFolder: state.backupFolder,
    lastBackupAt: state.lastBackupAt,
    lastOutsideCopyAt: state.lastOutsideCopyAt,
    file: s.file,
    machine: os.hostname(),
    clerk: s.locked ? '' : (await currentActor(ctx.kysely)).name,
    warnings,
  };
}

export async function unlock(ctx: ServiceContext, password: string): Promise<SafetyStatus> {
  if (pendingLock.has(ctx.vault)) {
    // still open (a job was finishing): the password must be right all the same
    const kf = ctx.vault.keyFileNow;
    if (kf && !(await unwrapWithPassword(kf, password))) throw new AppError('WRONG_PASSWORD', '密码不正确（请注意大小写，以及键盘的大写锁定是否打开）。', 'password');
    pendingLock.delete(ctx.vault);
  }
  await ctx.vault.unlock(password);
  await dailyBackup(ctx);
  return status(ctx);
}

/** locks now, or — while an import or export runs — as soon as it has finished (the window shows locked at once) */
export async function lock(ctx: ServiceContext): Promise<SafetyStatus> {
  if (!ctx.vault.encrypted) throw new AppError('VALIDATION', '还没有设置密码，无法锁定。请先设置密码。');
  if (ctx.jobs.running) pendingLock.add(ctx.vault);
  else await ctx.vault.lock();
  return status(ctx);
}

export async function setPassword(ctx: ServiceContext, newPassword: string): Promise<PasswordSetResult> {
  const { recoveryKey } = await ctx.vault.encryptInPlace(newPassword, ctx.clock.now());
  const { encrypted, deleted } = await encryptPlainBackups(ctx);
  await record(ctx, '设置密码（数据库已加密）', { 已加密的旧备份: encrypted, 删除的旧备份: deleted });
  return { recoveryKey, backupsEncrypted: encrypted, backupsDeleted: deleted };
}

export async function changePassword(ctx: ServiceContext, password: string, newPassword: string): Promise<{ changed: true }> {
  await ctx.vault.changePassword(password, newPassword, ctx.clock.now());
  if (!ctx.vault.locked) await record(ctx, '修改密码');
  return { changed: true };
}

export async function resetPassword(ctx: ServiceContext, recoveryKey: string, newPassword: string): Promise<SafetyStatus> {
  await ctx.vault.resetPassword(recoveryKey, newPassword, ctx.clock.now());
  await record(ctx, '用恢复密钥重置密码');
  return status(ctx);
}

export async function saveOptions(ctx: ServiceContext, input: { idleMinutes?: number; backupFolder?: string | null }): Promise<SafetyStatus> {
  if (input.backupFolder) {
    const fs = await import('node:fs');
    if (!fs.existsSync(input.backupFolder) || !fs.statSync(input.backupFolder).isDirectory()) {
      throw new AppError('NOT_FOUND', `找不到文件夹 ${input.backupFolder}（U 盘或网络盘是否已接好？）`, 'backupFolder');
    }
  }
  await writeState(ctx, { idleMinutes: input.idleMinutes, backupFolder: input.backupFolder === '' ? null : input.backupFolder });
  await audit(ctx.kysely, {
    actor: await currentActor(ctx.kysely),
    at: ctx.clock.now(),
    entity: 'safety_options',
    entityId: 0,
    action: '修改安全设置',
    after: { ...(input.idleMinutes !== undefined ? { 自动锁定分钟: input.idleMinutes } : {}), ...(input.backupFolder !== undefined ? { 第二备份文件夹: input.backupFolder } : {}) },
  });
  return status(ctx);
}
