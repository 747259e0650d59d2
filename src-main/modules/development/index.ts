import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { developmentOps } from './contract.ts';
import * as m0035 from '../../../migrations/development/0035_development.ts';

// 发展党员: 入党申请人 → 入党积极分子 → 发展对象 → 预备党员 under the time rules, the board and the
// reminders (docs/domain/development.md).
export default defineModule({
  name: 'development',
  title: '发展党员',
  ops: developmentOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0035_development': m0035 },
  cli: { words: ['dev'], load: async () => (await import('./cli.ts')).commands },
  reminders: async () => (await import('./reminders.ts')).reminders,
  memberDependents: async () => (await import('./dependents.ts')).memberDependents,
});
