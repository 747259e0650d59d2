import { z } from 'zod';
import { bulkWrite, jobOp, op, type FileResult } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import type { MappingTarget } from './domain/fields.ts';

// Operations of the import module (declared once; the adapters loop over the contract table).
// preview/commit/errorReport are jobs: parsing a big roster takes seconds and runs off the UI thread.

const name = z.string().max(500);

/** the file and how to read it: the same input for preview, commit and the error report (labelled as the import page shows it) */
export const importFileInput = z.strictObject(fields({
  bytes: z.instanceof(Uint8Array),
  fileName: name,
  /** sheets to import (default: every sheet with a member header) */
  sheets: z.array(name).max(500).optional(),
  /** 1-based header row per sheet, when the clerk corrected the detected one */
  headerRows: z.record(name, z.number().int().min(1).max(1000)).optional(),
  /** column corrections: normalised heading → field key, 'ignore', or null (do not import) */
  mapping: z.record(name, z.string().max(50).nullable()).optional(),
  /** 'insert' = 仅新增 (default), 'upsert' = 按身份证号更新 */
  mode: labelled(z.enum(['insert', 'upsert']).optional(), '导入方式', { insert: '仅新增', upsert: '按身份证号更新' }),
  /** every row into this organization */
  org: z.string().max(200).optional(),
  createOrgs: z.boolean().optional(),
  parent: z.string().max(200).optional(),
}, {
  bytes: '文件内容',
  fileName: '文件名',
  sheets: '工作表',
  headerRows: '表头所在行',
  mapping: '列的对应',
  org: '导入到的党组织',
  createOrgs: '自动创建表中不存在的党组织',
  parent: '新建党组织的上级组织',
}));
export type ImportFileInput = z.input<typeof importFileInput>;

/** a problem with one cell of the file */
export interface RowIssue {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export type RowAction = 'insert' | 'update' | 'unchanged' | 'rejected';

// What the import operations return (types only; the renderer imports them through the contract).

export interface PreviewColumn {
  index: number;
  heading: string;
  /** field key, 'ignore', or null (unmatched) */
  target: MappingTarget | null;
  manual: boolean;
  note?: string;
  /** the key the UI sends back in `mapping` to correct this column */
  key: string;
}

export interface PreviewSheet {
  name: string;
  headerRow: number | null;
  headerRowCount: number;
  rowCount: number;
  skipped?: string;
  columns: PreviewColumn[];
  unmatched: string[];
  /** the first rows as text, to let the clerk pick the header row */
  topRows: string[][];
}

export interface PreviewCellIssue {
  column: string;
  col: number;
  message: string;
  level: 'error' | 'warning';
}

export interface PreviewRow {
  sheet: string;
  row: number;
  action: RowAction;
  /** true when an existing member is skipped in 仅新增 mode */
  existing?: boolean;
  org: string | null;
  /** normalised values by field key, as text */
  values: Record<string, string>;
  issues: PreviewCellIssue[];
  changes?: { label: string; old: string; new: string }[];
}

export interface ImportPreview {
  fileName: string;
  format: string;
  sheets: PreviewSheet[];
  counts: { new: number; updated: number; unchanged: number; rejected: number; warnings: number; total: number };
  /** organizations that would be created (--create-orgs) */
  createOrgs: string[];
  /** rows with problems first, then the others; capped at ROW_LIMIT */
  rows: PreviewRow[];
  rowsTruncated: boolean;
}

export interface ImportSummary {
  inserted: number;
  updated: number;
  skipped: number;
  errors: RowIssue[];
  warnings: RowIssue[];
  /** null for a dry run or a strict run refused */
  batchId: number | null;
  rejected: number;
}

export interface ImportBatchDto {
  id: number;
  fileName: string;
  mode: string;
  sheets: string[];
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  warnings: number;
  createdOrgs: string[];
  actor: string;
  createdAt: string;
  undoneAt: string | null;
}

export interface ImportUndoResult {
  batchId: number;
  removed: number;
  restored: number;
}

export const importOps = {
  'import.preview': jobOp<ImportPreview>()(importFileInput),
  'import.commit': bulkWrite(
    jobOp<ImportSummary>()(
      importFileInput.extend({
        dryRun: labelled(z.boolean().optional(), '只检查不导入'),
        /** any error → nothing imported */
        strict: labelled(z.boolean().optional(), '有错误时全部不导入'),
      }),
    ),
    { backup: 'always', title: '导入' },
  ),
  'import.undo': bulkWrite(op<ImportUndoResult>()(z.strictObject({ batchId: labelled(z.number().int(), '导入批次') })), { backup: 'hourly', title: '撤销导入' }),
  'import.batches': op<ImportBatchDto[]>()(z.strictObject({})),
  'import.template': op<FileResult>()(z.strictObject({})),
  'import.errorReport': jobOp<FileResult>()(importFileInput),
};


declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    import: typeof importOps;
  }
}

// pure code the import pages show (the renderer's door: docs/architecture.md#layers)
export { IGNORED_KEY, IMPORT_FIELDS } from './domain/fields.ts';
