import type { ReminderDto } from '../../contract/reminders.ts';
import type { ReminderSource } from '../../services/context.ts';
import { readState } from './services/state.ts';

// The home page's lines about safety: when the last backup was made, a warning after 7 days without a
// copy outside the data folder, and no password (docs/safety.md#backups).
export const reminders: ReminderSource = async (ctx, q) => {
  if (q.orgIds) return [];
  const state = await readState(ctx.kysely, ctx.vault.file);
  const out: ReminderDto[] = [];
  const base = { module: 'safety', org: '', orgId: null, due: q.asOf };
  const days = (iso: string | null) => (iso ? Math.floor((Date.now() - Date.parse(iso)) / 86_400_000) : null);
  const last = days(state.lastBackupAt);
  out.push({
    ...base,
    kind: 'last-backup',
    level: last === null || last > 7 ? 'warning' : 'info',
    message: last === null ? '还没有做过备份' : `最近一次备份：${last === 0 ? '今天' : `${last} 天前`}（${new Date(state.lastBackupAt!).toLocaleString('zh-CN', { hour12: false })}）`,
  });
  const outside = days(state.lastOutsideCopyAt);
  if (outside === null || outside > 7) {
    out.push({
      ...base,
      kind: 'no-outside-copy',
      level: 'warning',
      message: outside === null ? '还没有把备份复制到数据文件夹以外（U 盘、网络盘）' : `已有 ${outside} 天没有把备份复制到数据文件夹以外（U 盘、网络盘）`,
    });
  }
  if (!ctx.vault.encrypted) out.push({ ...base, kind: 'no-password', level: 'warning', message: '未设置密码：数据库没有加密' });
  return out;
};
