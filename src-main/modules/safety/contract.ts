import { z } from 'zod';
import { op } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import { isoDate } from '../../contract/refs.ts';

// Operations of the safety module (docs/safety.md): the password and the lock, backups and restore,
// and the audit viewer. The first-run wizard asks for an optional password with `password.set`.

const password = z.string().min(1, '请输入密码').max(200);
const filePath = z.string().min(1).max(4000);

export interface SafetyStatus {
  /** the database is encrypted (a password is set) */
  encrypted: boolean;
  /** encrypted and not unlocked: only unlock and reset answer */
  locked: boolean;
  /** seconds before another unlock try is accepted (after several wrong passwords) */
  retryAfterSeconds: number;
  failedTries: number;
  /** minutes without activity before the app locks (0 = never) */
  idleMinutes: number;
  /** the second backup folder the clerk picked (USB stick, network drive), or null */
  backupFolder: string | null;
  lastBackupAt: string | null;
  /** the last time a backup was copied outside the data folder */
  lastOutsideCopyAt: string | null;
  /** the database file */
  file: string;
  /** this computer's name, recorded with every change */
  machine: string;
  /** the clerk's name from 设置, recorded with every change */
  clerk: string;
  /** lines for the warning banner (no password, no recent backup outside the data folder …) */
  warnings: string[];
}

export interface BackupDto {
  file: string;
  fileName: string;
  /** 'local' (the data folder's backups/) or 'second' (the clerk's second folder) */
  location: 'local' | 'second';
  createdAt: string;
  reason: string;
  reasonLabel: string;
  note: string;
  size: number;
  encrypted: boolean;
  members: number;
  lastAction: { at: string; actor: string; action: string } | null;
  /** made on another computer or by another database (restoring it needs its own password) */
  foreign: boolean;
}

export interface BackupCreated {
  backup: BackupDto;
  /** the copy in the second folder, or why it could not be made (the local backup is made all the same) */
  secondCopy: string | null;
  secondFolderError: string | null;
  /** seconds the backup took (reported apart from the speed targets of other work) */
  seconds: number;
}

export interface ModuleChange {
  module: string;
  title: string;
  current: number;
  backup: number;
}

export interface RestorePreview {
  backup: BackupDto;
  /** rows per module now and in the backup */
  changes: ModuleChange[];
  /** the newest changes made after the backup, which a restore undoes (newest first) */
  lostActions: { at: string; actor: string; action: string }[];
  /** the backup needs its own password (another database's key) */
  needsPassword: boolean;
}

export interface RestoreResult {
  restored: BackupDto;
  /** the backup of the state before the restore: restoring it undoes the restore */
  undoFile: string;
  changes: ModuleChange[];
}

export interface VerifyResult {
  ok: true;
  backup: BackupDto;
  /** what integrity_check said (always 'ok' when this returns) */
  integrity: string;
  /** whether the content could be checked (an encrypted backup of another database needs its password) */
  contentChecked: boolean;
  message: string;
}

export interface PasswordSetResult {
  /** shown once: print it and keep it in the safe; it alone can reset the password */
  recoveryKey: string;
  /** plain backups already in backups/ that were encrypted, and those that could not be read and were deleted */
  backupsEncrypted: number;
  backupsDeleted: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  machine: string;
  module: string;
  moduleTitle: string;
  entity: string;
  entityId: number;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** the change in one Chinese line (field names in Chinese where known) */
  summary: string;
}

export interface AuditFilters {
  people: string[];
  machines: string[];
  modules: { name: string; title: string }[];
}

export const auditQuery = z.strictObject(
  fields(
    {
      person: z.string().max(200).nullable().optional(),
      module: z.string().max(50).nullable().optional(),
      from: isoDate.nullable().optional(),
      to: isoDate.nullable().optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      offset: z.number().int().min(0).optional(),
    },
    { person: '操作人', module: '模块', from: '起始日期', to: '截止日期', limit: '条数', offset: '起始位置' },
  ),
);

export const auditExportInput = auditQuery.omit({ limit: true, offset: true });

export const safetyOps = {
  'safety.status': op<SafetyStatus>()(
    z.strictObject({ active: labelled(z.boolean().optional(), '有操作') }),
  ),
  'safety.unlock': op<SafetyStatus>()(z.strictObject({ password: labelled(password, '密码') })),
  'safety.lock': op<SafetyStatus>()(z.strictObject({})),
  'safety.saveOptions': op<SafetyStatus>()(
    z.strictObject(
      fields(
        {
          idleMinutes: z.number().int().min(0).max(24 * 60).optional(),
          backupFolder: filePath.nullable().optional(),
        },
        { idleMinutes: '无操作自动锁定（分钟）', backupFolder: '第二备份文件夹' },
      ),
    ),
  ),
  /** the first password: encrypts the plain database in place; the recovery key is shown once */
  'password.set': op<PasswordSetResult>()(z.strictObject({ newPassword: labelled(password, '新密码') })),
  'password.change': op<{ changed: true }>()(
    z.strictObject({ password: labelled(password, '原密码'), newPassword: labelled(password, '新密码') }),
  ),
  'password.reset': op<SafetyStatus>()(
    z.strictObject({ recoveryKey: labelled(z.string().min(1).max(200), '恢复密钥'), newPassword: labelled(password, '新密码') }),
  ),
  'backup.create': op<BackupCreated>()(
    z.strictObject({ to: labelled(filePath.nullable().optional(), '备份到文件夹'), note: labelled(z.string().max(200).optional(), '备注') }),
  ),
  'backup.list': op<BackupDto[]>()(z.strictObject({})),
  'backup.preview': op<RestorePreview>()(z.strictObject({ file: labelled(filePath, '备份文件') })),
  'backup.restore': op<RestoreResult>()(
    z.strictObject({
      file: labelled(filePath, '备份文件'),
      /** the backup's own password, when it comes from another database */
      password: labelled(password.optional(), '备份的密码'),
    }),
  ),
  'backup.verify': op<VerifyResult>()(z.strictObject({ file: labelled(filePath, '备份文件') })),
  'audit.list': op<{ rows: AuditRow[]; total: number }>()(auditQuery),
  'audit.filters': op<AuditFilters>()(z.strictObject({})),
};

declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    safety: typeof safetyOps;
  }
  interface ExportRegistry {
    'audit-log': typeof auditExportInput;
  }
}
