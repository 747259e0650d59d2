import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { importOps } from './contract.ts';
import * as m0002 from '../../../migrations/import/0002_import.ts';
import * as m0013 from '../../../migrations/import/0013_import_sheet_values.ts';

// 导入党员: the spreadsheet import pipeline (docs/domain/import.md).
export default defineModule({
  name: 'import',
  title: '导入党员',
  ops: importOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0002_import': m0002, '0013_import_sheet_values': m0013 },
  cli: { words: ['import'], load: async () => (await import('./cli.ts')).commands },
});
