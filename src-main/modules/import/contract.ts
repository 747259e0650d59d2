import { z } from 'zod';
import { bulkWrite, jobOp, op, type FileResult } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import type { MappingTarget } from './domain/fields.ts';
import { DEFAULT_CATEGORIES } from './domain/values.ts';

// Operations of the import module (declared once; the adapters loop over the contract table).
// preview/commit/errorReport are jobs: parsing a big roster takes seconds and runs off the UI thread.

const name = z.string().max(500);
const file = { bytes: z.instanceof(Uint8Array), fileName: name };

/** the file(s) and how to read them: the same input for preview, commit and the error report (labelled as the import page shows it) */
export const importFileInput = z.strictObject(fields({
  bytes: file.bytes,
  fileName: file.fileName,
  /** more files imported together (a folder of one-person forms): their sheets are named "文件名/工作表" */
  moreFiles: z.array(z.strictObject(fields({ ...file }, { bytes: '文件内容', fileName: '文件名' }))).max(2000).optional(),
  /** sheets to import (default: every sheet with a member header) */
  sheets: z.array(name).max(500).optional(),
  /** the header's row numbers per sheet, when the clerk corrected them: 3, or "3-4" for two rows; key "*" = every sheet */
  headerRows: z.record(name, labelled(z.union([z.number().int().min(1).max(1000), z.string().regex(/^\d{1,4}(-\d{1,4})?$/)]), '表头所在行')).optional(),
  /** column corrections: the file's heading → field key or Chinese label, 'ignore' / 不导入, or null (do not import) */
  mapping: z.record(name, z.string().max(50).nullable()).optional(),
  /** 'insert' = 仅新增 (default), 'upsert' = 按身份证号更新 */
  mode: labelled(z.enum(['insert', 'upsert']).optional(), '导入方式', { insert: '仅新增', upsert: '按身份证号更新' }),
  /** the organization of rows that name none (the file's own branch column or sheet name wins) */
  org: z.string().max(200).optional(),
  createOrgs: z.boolean().optional(),
  parent: z.string().max(200).optional(),
  /** 人员类别 of rows that do not give one (docs/domain/import.md#member-type-by-rule) */
  defaultCategory: z.enum(DEFAULT_CATEGORIES).optional(),
}, {
  bytes: '文件内容',
  fileName: '文件名',
  moreFiles: '其他文件',
  sheets: '工作表',
  headerRows: '表头所在行',
  mapping: '列的对应',
  org: '表中未写党组织的行导入到',
  createOrgs: '自动创建表中不存在的党组织',
  parent: '新建党组织的上级组织',
  defaultCategory: '缺少人员类别时',
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
  /** the column's lowest heading */
  heading: string;
  /** every header level, "基本情况/联系电话" */
  path: string;
  /** field key, 'ignore', or null (unmatched) */
  target: MappingTarget | null;
  manual: boolean;
  note?: string;
  /** the heading named a field its values do not fit */
  warning?: boolean;
  /** the key the UI sends back in `mapping` to correct this column */
  key: string;
}

/** a column that is not imported: unknown heading, values that fit no field, or data under no heading */
export interface UnmappedColumnDto {
  column: string;
  heading: string;
  note?: string;
}

export interface PreviewSheet {
  name: string;
  /** 'form': a one-person 采集表, read as one member */
  kind: 'roster' | 'form' | 'none';
  headerRow: number | null;
  headerRowCount: number;
  /** member rows (imported, refused, or skipped as already in the registry) */
  rowCount: number;
  /** rows that are not members (notes, seals, footers …) */
  skippedCount: number;
  skipped?: string;
  /** why every member row of the sheet is refused (no 公民身份号码 column) */
  refused?: string;
  columns: PreviewColumn[];
  unmatched: string[];
  unmapped: UnmappedColumnDto[];
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

/** a row below the header that is not imported, and why */
export interface SkippedRowDto {
  sheet: string;
  row: number;
  reason: string;
}

/** an organization the import would create, and where */
export interface OrgToCreateDto {
  name: string;
  type: string;
  /** the parent's name; null = a top-level organization */
  parent: string | null;
}

export interface ImportPreview {
  fileName: string;
  format: string;
  sheets: PreviewSheet[];
  counts: { new: number; updated: number; unchanged: number; rejected: number; skipped: number; warnings: number; total: number };
  /** organizations that would be created (自动创建表中不存在的党组织) */
  createOrgs: OrgToCreateDto[];
  /** rows whose 人员类别 was set by rule (docs/domain/import.md#member-type-by-rule) */
  categoryInferred: number;
  /** problems found once for a sheet (a sheet refused, a column left out by its values) */
  sheetIssues: RowIssue[];
  /** rows with problems first, then the others; capped at ROW_LIMIT */
  rows: PreviewRow[];
  rowsTruncated: boolean;
  /** rows that are not imported, with the reason; capped at ROW_LIMIT */
  skippedRows: SkippedRowDto[];
}

/** what was recognised in one sheet (the CLI's --json shows it, --map and --header-rows correct it) */
export interface SheetReport {
  name: string;
  headerRows: number[];
  mapping: { column: string; heading: string; field: string }[];
  unmapped: { column: string; heading: string }[];
  orgsToCreate: { name: string; parent: string | null }[];
}

export interface ImportSummary {
  inserted: number;
  updated: number;
  /** = skippedRows.length: members already in the registry and rows that are not members */
  skipped: number;
  /** member rows refused (inserted + updated + skipped + rejected = the non-blank rows under the headers) */
  rejected: number;
  errors: RowIssue[];
  warnings: RowIssue[];
  /** null for a dry run, a strict run refused, or a file of which nothing was written */
  batchId: number | null;
  skippedRows: SkippedRowDto[];
  sheets: SheetReport[];
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

// pure code the import pages and commands use (the renderer's door: docs/architecture.md#layers)
export { FIELD_NAMES, IGNORED_KEY, IMPORT_FIELDS, fieldByName } from './domain/fields.ts';
export { DEFAULT_CATEGORIES, type DefaultCategory } from './domain/values.ts';
