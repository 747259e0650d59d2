import type { RowIssue } from '../contract.ts';
import type { CellValue, Grid, GridRow, MergeRange } from '../../../excel/read/grid.ts';
import type { Issue } from '../../../domain/errors.ts';
import { checkMember, type NormalizedMember, type RawMember } from '../../../domain/member-rules.ts';
import { FIELD_BY_KEY, IGNORED_KEY, fieldBit, type ImportFieldKey } from '../domain/fields.ts';
import { classifyRow, detectHeader, findHeaderRow, SEARCH_ROWS, type HeaderInfo } from './header.ts';
import { mapColumns, headingSignature, type ColumnMapping, type MappingOverrides } from './mapping.ts';
import { cellToField, NUMERIC_ID_MESSAGE } from './normalize.ts';

// The pure part of an import (no database): rows → header → mapping → cell normalisation → the
// member rules (checkMember, the same as the form). Rows arrive one by one (an .xlsx streams them
// straight from the reader), so a 200,000-row roster is never held as a whole grid.

/** one reported problem: sheet, Excel's 1-based row, the column heading as in the file, the message */
export type { RowIssue };

/** an issue plus where to paint it in the error report (0-based column, -1 when the file has no such column) */
export interface CellIssue extends RowIssue {
  col: number;
}

export interface AnalysedRow {
  sheet: string;
  row: number;
  member: NormalizedMember;
  /** fields the file filled, as bits (fieldBit): a blank cell never erases a stored value */
  present: number;
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
  /** per headings signature: remembered mapping corrections */
  overrides?: Record<string, MappingOverrides>;
  /** the clerk's current corrections, applied to every sheet */
  mapping?: MappingOverrides;
  /** keep this many top rows of each sheet in the result (preview) */
  withTopRows?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const NONE: CellIssue[] = [];

/** analyses one sheet from rows pushed in order */
export class SheetAnalyser {
  private readonly name: string;
  private readonly opts: AnalyseOptions;
  private readonly out: AnalysedRow[];
  private readonly merges: MergeRange[];
  private buffer: (GridRow | undefined)[] = [];
  private topRows: CellValue[][] = [];
  private header: HeaderInfo | null | undefined = undefined;
  private mapping: ColumnMapping[] = [];
  private used: ColumnMapping[] = [];
  private signature = '';
  private skipped: string | undefined;
  private stopped = false;
  private count = 0;
  private columnOf = new Map<string, ColumnMapping>();

  constructor(name: string, opts: AnalyseOptions, out: AnalysedRow[], merges: MergeRange[] = []) {
    this.name = name;
    this.opts = opts;
    this.out = out;
    this.merges = merges;
  }

  push(r: number, row: GridRow): void {
    if (this.stopped) return;
    if (this.opts.withTopRows && r < this.opts.withTopRows) this.topRows[r] = Array.from(row, (v) => v ?? null);
    if (this.header === undefined) {
      this.buffer[r] = row;
      const forced = this.opts.headerRows?.[this.name];
      // decide once the header row and the one under it (a possible second header row) are in
      const found = forced !== undefined ? forced - 1 : r >= 1 ? findHeaderRow({ name: this.name, rows: this.buffer, merges: [] }) : null;
      if ((found !== null && r >= found + 1) || r >= SEARCH_ROWS) this.decide();
      return;
    }
    if (this.header) this.row(r, row);
  }

  private decide(merges: MergeRange[] = this.merges): void {
    this.header = detectHeader({ name: this.name, rows: this.buffer, merges }, this.opts.headerRows?.[this.name]);
    const buffered = this.buffer;
    this.buffer = [];
    if (!this.header) {
      this.skipped = '未找到表头';
      this.stopped = true;
      return;
    }
    this.signature = headingSignature(this.header.columns);
    this.mapping = mapColumns(this.header.columns, { ...(this.opts.overrides?.[this.signature] ?? {}), ...(this.opts.mapping ?? {}) });
    this.used = this.mapping.filter((m) => m.target && m.target !== IGNORED_KEY);
    this.columnOf = new Map(this.used.map((m) => [m.target as string, m]));
    if (!this.columnOf.has('name') && !this.columnOf.has('idNumber')) {
      this.skipped = '表头中没有“姓名”或“公民身份号码”列';
      this.stopped = true;
      return;
    }
    for (let r = this.header.dataStart; r < buffered.length && !this.stopped; r++) {
      const row = buffered[r];
      if (row) this.row(r, row);
    }
  }

  private row(r: number, row: GridRow): void {
    const kind = classifyRow(row, this.header!);
    if (kind === 'footer') {
      this.stopped = true;
      return;
    }
    if (kind !== 'data') return;
    const raw: RawMember = {};
    let present = 0;
    const pre: { field: string; message: string; error: boolean }[] = [];
    for (const m of this.used) {
      const field = FIELD_BY_KEY.get(m.target as ImportFieldKey)!;
      const o = cellToField(row[m.index], field);
      if (o.value !== undefined) {
        (raw as Record<string, unknown>)[field.key] = o.value;
        if (o.value !== null) present |= fieldBit(field.key);
      }
      if (o.warning) pre.push({ field: field.key, message: o.warning, error: false });
      if (o.error) pre.push({ field: field.key, message: o.error, error: true });
    }
    const checked = checkMember(raw, { today: this.opts.today });
    const rowNo = r + 1;
    const toCell = (i: Issue): CellIssue => {
      const col = this.columnOf.get(i.field);
      return { sheet: this.name, row: rowNo, column: col?.heading ?? FIELD_BY_KEY.get(i.field as ImportFieldKey)?.label ?? i.field, message: i.message, col: col?.index ?? -1 };
    };
    const numericId = pre.some((p) => p.error && p.message === NUMERIC_ID_MESSAGE);
    const errors = [
      ...pre.filter((p) => p.error).map(toCell),
      // the rules' own message for a numeric ID is replaced by the import's exact one
      ...checked.errors.filter((e) => !(numericId && e.field === 'idNumber')).map(toCell),
    ];
    const warnings = [...pre.filter((p) => !p.error).map(toCell), ...checked.warnings.map(toCell)];
    this.out.push({
      sheet: this.name,
      row: rowNo,
      member: checked.member,
      present,
      errors: errors.length ? errors : NONE,
      warnings: warnings.length ? warnings : NONE,
    });
    this.count++;
  }

  finish(merges: MergeRange[] = this.merges): SheetAnalysis {
    // a short sheet: everything is still buffered, and now the merged ranges are known too
    if (this.header === undefined) this.decide(merges);
    const base = { name: this.name, header: this.header ?? null, mapping: this.mapping, signature: this.signature };
    const topRows = this.opts.withTopRows ? Array.from(this.topRows, (r) => r ?? []) : undefined;
    if (this.skipped) return { ...base, unmatched: [], rowCount: 0, skipped: this.skipped, topRows };
    const unmatched = this.mapping.filter((m) => m.target === null).map((m) => m.heading);
    return { ...base, unmatched, rowCount: this.count, topRows };
  }
}

export const notSelected = (name: string): SheetAnalysis => ({ name, header: null, mapping: [], signature: '', unmatched: [], rowCount: 0, skipped: '未选择' });

export function analyseGrid(grid: Grid, opts: AnalyseOptions): Analysis {
  const rows: AnalysedRow[] = [];
  const sheets = grid.sheets.map((sheet) => {
    if (opts.sheets?.length && !opts.sheets.includes(sheet.name)) return notSelected(sheet.name);
    const a = new SheetAnalyser(sheet.name, opts, rows, sheet.merges);
    sheet.rows.forEach((row, r) => {
      if (row) a.push(r, row);
    });
    return a.finish();
  });
  return { format: grid.format, sheets, rows };
}
