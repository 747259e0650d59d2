import type { CellValue, Grid, GridSheet } from '../excel/read/grid.ts';
import type { Issue } from '../domain/errors.ts';
import { checkMember, type NormalizedMember, type RawMember } from '../domain/member-rules.ts';
import { FIELD_BY_KEY, IGNORED_KEY, type ImportFieldKey } from './fields.ts';
import { dataRows, detectHeader, type HeaderInfo } from './header.ts';
import { mapColumns, headingSignature, type ColumnMapping, type MappingOverrides } from './mapping.ts';
import { cellToField, NUMERIC_ID_MESSAGE } from './normalize.ts';

// The pure part of an import (no database): grid → header → mapping → cell normalisation → the
// member rules (checkMember, the same as the form). Runs in a worker thread for the UI.

/** one reported problem: sheet, Excel's 1-based row, the column heading as in the file, the message */
export interface RowIssue {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

/** an issue plus where to paint it in the error report (0-based column, -1 when the file has no such column) */
export interface CellIssue extends RowIssue {
  col: number;
}

export interface AnalysedRow {
  sheet: string;
  row: number;
  member: NormalizedMember;
  /** fields the file filled (a blank cell never erases a stored value) */
  present: ImportFieldKey[];
  errors: CellIssue[];
  warnings: CellIssue[];
}

export interface SheetAnalysis {
  name: string;
  header: HeaderInfo | null;
  mapping: ColumnMapping[];
  signature: string;
  /** headings that match no field */
  unmatched: string[];
  rowCount: number;
  /** why the sheet is not imported (no header, not selected) */
  skipped?: string;
  /** the sheet's first rows (for the UI's header-row picker) */
  topRows?: CellValue[][];
}

export interface Analysis {
  format: string;
  sheets: SheetAnalysis[];
  rows: AnalysedRow[];
}

export interface AnalyseOptions {
  today: string;
  /** sheet names to import (default: every sheet with a member header) */
  sheets?: string[];
  /** 1-based header row per sheet, when the clerk corrected it */
  headerRows?: Record<string, number>;
  /** per headings signature: the clerk's (or remembered) mapping corrections */
  overrides?: Record<string, MappingOverrides>;
  /** overrides applied to every sheet (the UI's current corrections) */
  mapping?: MappingOverrides;
  /** keep this many top rows of each sheet in the result (preview) */
  withTopRows?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const NONE: CellIssue[] = [];

function analyseSheet(sheet: GridSheet, opts: AnalyseOptions, out: AnalysedRow[]): SheetAnalysis {
  const header = detectHeader(sheet, opts.headerRows?.[sheet.name]);
  if (!header) return { name: sheet.name, header: null, mapping: [], signature: '', unmatched: [], rowCount: 0, skipped: '未找到表头' };
  const signature = headingSignature(header.columns);
  const mapping = mapColumns(header.columns, { ...(opts.overrides?.[signature] ?? {}), ...(opts.mapping ?? {}) });
  const used = mapping.filter((m) => m.target && m.target !== IGNORED_KEY);
  if (!used.some((m) => m.target === 'name') && !used.some((m) => m.target === 'idNumber')) {
    return { name: sheet.name, header, mapping, signature, unmatched: [], rowCount: 0, skipped: '表头中没有“姓名”或“公民身份号码”列' };
  }
  const columnOf = new Map<string, ColumnMapping>(used.map((m) => [m.target as string, m]));
  const headingOf = (field: string) => columnOf.get(field)?.heading ?? FIELD_BY_KEY.get(field as ImportFieldKey)?.label ?? field;
  const colOf = (field: string) => columnOf.get(field)?.index ?? -1;
  let count = 0;
  for (const [r, row] of dataRows(sheet, header)) {
    const raw: RawMember = {};
    const present: ImportFieldKey[] = [];
    const pre: { field: string; message: string; error: boolean }[] = [];
    for (const m of used) {
      const field = FIELD_BY_KEY.get(m.target as ImportFieldKey)!;
      const o = cellToField(row[m.index], field);
      if (o.value !== undefined) {
        (raw as Record<string, unknown>)[field.key] = o.value;
        if (o.value !== null) present.push(field.key);
      }
      if (o.warning) pre.push({ field: field.key, message: o.warning, error: false });
      if (o.error) pre.push({ field: field.key, message: o.error, error: true });
    }
    const checked = checkMember(raw, { today: opts.today });
    const rowNo = r + 1;
    const toCell = (i: Issue): CellIssue => ({ sheet: sheet.name, row: rowNo, column: headingOf(i.field), message: i.message, col: colOf(i.field) });
    const numericId = pre.some((p) => p.error && p.message === NUMERIC_ID_MESSAGE);
    const errors = [
      ...pre.filter((p) => p.error).map((p) => toCell(p)),
      // the rules' own message for a numeric ID is replaced by the import's exact one
      ...checked.errors.filter((e) => !(numericId && e.field === 'idNumber')).map(toCell),
    ];
    const warnings = [...pre.filter((p) => !p.error).map((p) => toCell(p)), ...checked.warnings.map(toCell)];
    out.push({
      sheet: sheet.name,
      row: rowNo,
      member: checked.member,
      present,
      errors: errors.length ? errors : NONE,
      warnings: warnings.length ? warnings : NONE,
    });
    count++;
  }
  const unmatched = mapping.filter((m) => m.target === null).map((m) => m.heading);
  return { name: sheet.name, header, mapping, signature, unmatched, rowCount: count };
}

export function analyseGrid(grid: Grid, opts: AnalyseOptions): Analysis {
  const rows: AnalysedRow[] = [];
  const sheets = grid.sheets.map((sheet) => {
    if (opts.sheets?.length && !opts.sheets.includes(sheet.name)) {
      return { name: sheet.name, header: null, mapping: [], signature: '', unmatched: [], rowCount: 0, skipped: '未选择' } satisfies SheetAnalysis;
    }
    if (opts.signal?.aborted) return { name: sheet.name, header: null, mapping: [], signature: '', unmatched: [], rowCount: 0, skipped: '已取消' };
    const a = analyseSheet(sheet, opts, rows);
    if (opts.withTopRows) a.topRows = Array.from(sheet.rows.slice(0, opts.withTopRows), (r) => Array.from(r ?? [], (v) => v ?? null));
    return a;
  });
  return { format: grid.format, sheets, rows };
}
