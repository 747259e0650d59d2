import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { duesOps } from './contract.ts';
import * as m0003 from '../../../migrations/dues/0003_dues.ts';
import * as m0008 from '../../../migrations/dues/0008_accounts_across_levels.ts';

// 党费管理: standards, collection, arrears, remittance and use, the dues tables (docs/domain/dues.md).
export default defineModule({
  name: 'dues',
  title: '党费管理',
  ops: duesOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0003_dues': m0003, '0008_accounts_across_levels': m0008 },
  cli: { words: ['dues'], load: async () => (await import('./cli.ts')).commands },
  exports: async () => (await import('./exports.ts')).exports,
  figures: async () => (await import('./figures.ts')).figures,
  reminders: async () => (await import('./reminders.ts')).reminders,
  // the ledger follows the roll (docs/domain/dues.md#ledger-and-roll)
  onRollChange: async () => (await import('./services/roll-hooks.ts')).onRollChange,
  memberDependents: async () => (await import('./services/roll-hooks.ts')).memberDependents,
});
