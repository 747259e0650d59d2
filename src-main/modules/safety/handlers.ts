import type { ModuleHandlers } from '../../services/context.ts';
import type { safetyOps } from './contract.ts';
import { auditFilters, listAudit } from './services/audit-view.ts';
import { createBackup, listBackups, previewRestore, restoreBackup, verifyBackup } from './services/backups.ts';
import { changePassword, lock, resetPassword, saveOptions, setPassword, status, unlock } from './services/password.ts';

// Service functions of the safety operations (docs/safety.md).
export const handlers: ModuleHandlers<typeof safetyOps> = {
  'safety.status': (ctx, input) => status(ctx, input),
  'safety.unlock': (ctx, input) => unlock(ctx, input.password),
  'safety.lock': (ctx) => lock(ctx),
  'safety.saveOptions': (ctx, input) => saveOptions(ctx, input),
  'password.set': (ctx, input) => setPassword(ctx, input.newPassword),
  'password.change': (ctx, input) => changePassword(ctx, input.password, input.newPassword),
  'password.reset': (ctx, input) => resetPassword(ctx, input.recoveryKey, input.newPassword),
  'backup.create': (ctx, input) => createBackup(ctx, 'manual', { to: input.to, note: input.note }),
  'backup.list': (ctx) => listBackups(ctx),
  'backup.preview': (ctx, input) => previewRestore(ctx, input.file),
  'backup.restore': (ctx, input) => restoreBackup(ctx, input),
  'backup.verify': (ctx, input) => verifyBackup(ctx, input.file),
  'audit.list': (ctx, input) => listAudit(ctx, input),
  'audit.filters': (ctx) => auditFilters(ctx),
};
