import { z } from 'zod';
import { op, type FileResult, type JobStarted } from '../../contract/define.ts';
import type { ImportPreview, ImportSummary, ImportBatchDto, ImportUndoResult } from './dto.ts';

// Operations of the import module (declared once; the adapters loop over the contract table).
// preview/commit/errorReport are jobs: parsing a big roster takes seconds and runs off the UI thread.

const name = z.string().max(500);

/** the file and how to read it: the same input for preview, commit and the error report */
export const importFileInput = z.strictObject({
  bytes: z.instanceof(Uint8Array),
  fileName: name,
  /** sheets to import (default: every sheet with a member header) */
  sheets: z.array(name).max(500).optional(),
  /** 1-based header row per sheet, when the clerk corrected the detected one */
  headerRows: z.record(name, z.number().int().min(1).max(1000)).optional(),
  /** column corrections: normalised heading → field key, 'ignore', or null (do not import) */
  mapping: z.record(name, z.string().max(50).nullable()).optional(),
  /** 'insert' = 仅新增 (default), 'upsert' = 按身份证号更新 */
  mode: z.enum(['insert', 'upsert']).optional(),
  /** every row into this organization */
  org: z.string().max(200).optional(),
  createOrgs: z.boolean().optional(),
  parent: z.string().max(200).optional(),
});
export type ImportFileInput = z.input<typeof importFileInput>;

export const importOps = {
  'import.preview': op<JobStarted>()(importFileInput, { job: true }),
  'import.commit': op<JobStarted>()(
    importFileInput.extend({
      dryRun: z.boolean().optional(),
      /** any error → nothing imported */
      strict: z.boolean().optional(),
    }),
    { job: true },
  ),
  'import.undo': op<ImportUndoResult>()(z.strictObject({ batchId: z.number().int() })),
  'import.batches': op<ImportBatchDto[]>()(z.strictObject({})),
  'import.template': op<FileResult>()(z.strictObject({})),
  'import.errorReport': op<JobStarted>()(importFileInput, { job: true }),
};

export type { ImportPreview, ImportSummary, ImportBatchDto, ImportUndoResult };
