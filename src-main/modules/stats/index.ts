import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { statsOps } from './contract.ts';
import * as m0030 from '../../../migrations/stats/0030_member_fields.ts';
import * as m0031 from '../../../migrations/stats/0031_stats.ts';

// 党内统计: the annual and half-year tables as of a statistics date, the member balance with the members
// behind any difference, signing off, the cover (docs/domain/statistics.md).
export default defineModule({
  name: 'stats',
  title: '党内统计',
  ops: statsOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0030_member_fields': m0030, '0031_stats': m0031 },
  cli: { words: ['stats'], load: async () => (await import('./cli.ts')).commands },
  exports: async () => (await import('./exports.ts')).exports,
  figures: async () => (await import('./figures.ts')).figures,
});
