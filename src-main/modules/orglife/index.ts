import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { orglifeOps } from './contract.ts';
import * as m0020 from '../../../migrations/orglife/0020_orglife.ts';

// 组织生活: 三会一课, 主题党日, 第一议题, 中心组, training and study hours (docs/domain/org-life.md).
export default defineModule({
  name: 'orglife',
  title: '组织生活',
  ops: orglifeOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0020_orglife': m0020 },
  cli: { words: ['activity', 'training'], load: async () => (await import('./cli.ts')).commands },
  exports: async () => (await import('./exports.ts')).exports,
  reminders: async () => (await import('./reminders.ts')).reminders,
  figures: async () => (await import('./figures.ts')).figures,
});
