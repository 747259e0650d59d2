import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { coreOps } from './contract.ts';
import * as m0001 from '../../../migrations/core/0001_core.ts';
import * as m0005 from '../../../migrations/core/0005_export_prefs.ts';
import * as m0007 from '../../../migrations/core/0007_lifecycle.ts';
import * as m0011 from '../../../migrations/core/0011_pinyin_search.ts';
import * as m0012 from '../../../migrations/core/0012_id_number_search.ts';

// The registry and the app's shared operations: settings, the organization tree, members, jobs, the
// export registry, the home page's reminders, the roster (docs/domain/members.md).
export default defineModule({
  name: 'core',
  title: '组织与党员',
  ops: coreOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: {
    '0001_core': m0001,
    '0005_export_prefs': m0005,
    '0007_lifecycle': m0007,
    '0011_pinyin_search': m0011,
    '0012_id_number_search': m0012,
  },
  cli: { words: ['org', 'member', 'members', 'settings'], load: async () => (await import('./cli.ts')).commands },
  exports: async () => (await import('./exports.ts')).exports,
  reminders: async () => (await import('./reminders.ts')).reminders,
  figures: async () => (await import('./figures.ts')).figures,
});
