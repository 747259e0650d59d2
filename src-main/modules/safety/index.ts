import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { safetyOps } from './contract.ts';
import * as m0050 from '../../../migrations/safety/0050_safety.ts';

// 数据安全: the password and the lock, backups and restore, the audit viewer (docs/safety.md).
export default defineModule({
  name: 'safety',
  title: '数据安全',
  ops: safetyOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0050_safety': m0050 },
  cli: { words: ['password', 'backup', 'audit'], load: async () => (await import('./cli.ts')).commands },
  exports: async () => (await import('./exports.ts')).exports,
  reminders: async () => (await import('./reminders.ts')).reminders,
  safeguard: async () => {
    const { beforeBulk, dailyBackup } = await import('./services/backups.ts');
    return {
      beforeBulk: (ctx, op) => beforeBulk(ctx, op),
      afterOpen: async (ctx) => {
        await dailyBackup(ctx);
      },
    };
  },
});
