import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { reportOps } from './contract.ts';
import * as m0040 from '../../../migrations/report/0040_report.ts';

// 工作总结: the half-year and annual work report — figures the other modules contribute, traceable to
// their records, compared between periods, as a table and as a Word draft (docs/domain/report.md).
export default defineModule({
  name: 'report',
  title: '工作总结',
  ops: reportOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0040_report': m0040 },
  cli: { words: ['report'], load: async () => (await import('./cli.ts')).commands },
  exports: async () => (await import('./exports.ts')).exports,
});
