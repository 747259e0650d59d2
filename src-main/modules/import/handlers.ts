import type { ModuleHandlers } from '../../services/context.ts';
import type { importOps } from './contract.ts';
import type { ImportBatchDto } from './contract.ts';

// Service functions of the import operations. The pipeline modules load on first use, so the CLI's
// start-up never pays for them (spreadsheet libraries load even later, inside the readers).
const service = () => import('./services/service.ts');

export const handlers: ModuleHandlers<typeof importOps> = {
  'import.preview': (ctx, input) => ctx.jobs.start('import-preview', async (job) => (await service()).previewImport(ctx, input, job)),
  'import.commit': (ctx, input) => ctx.jobs.start('import-commit', async (job) => (await service()).commitImport(ctx, input, job)),
  'import.errorReport': (ctx, input) =>
    ctx.jobs.start('import-error-report', async (job) => (await import('./services/error-report.ts')).errorReport(ctx, input, job)),
  'import.undo': async (ctx, { batchId }) => (await import('./services/undo.ts')).undoBatch(ctx, batchId),
  'import.template': async () => (await import('./services/template.ts')).importTemplate(),
  'import.batches': async (ctx) =>
    (await ctx.kysely.selectFrom('import_batches').selectAll().orderBy('id', 'desc').limit(500).execute()).map(
      (b): ImportBatchDto => ({
        id: b.id,
        fileName: b.file_name,
        mode: b.mode as ImportBatchDto['mode'],
        sheets: JSON.parse(b.sheets) as string[],
        inserted: b.inserted,
        updated: b.updated,
        skipped: b.skipped,
        rejected: b.rejected,
        warnings: b.warnings,
        createdOrgs: JSON.parse(b.created_orgs) as string[],
        actor: b.actor ?? '',
        createdAt: b.created_at,
        undoneAt: b.undone_at,
      }),
    ),
};
