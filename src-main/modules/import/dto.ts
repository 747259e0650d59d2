import type { RowIssue } from './services/analyse.ts';
import type { MappingTarget } from './domain/fields.ts';
import type { RowAction } from './services/plan.ts';

// What the import operations return (types only; the renderer imports them through the contract).

export type { RowIssue };

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
