import type { RowIssue } from '../contract.ts';
import type { CellValue, Grid, GridRow, GridSheet, MergeRange } from '../../../excel/read/grid.ts';
import { columnLetters } from '../../../excel/read/grid.ts';
import type { Issue } from '../../../domain/errors.ts';
import { checkMember, type NormalizedMember, type RawMember } from '../../../domain/member-rules.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { addYears, certainlyBefore, isValidYmd, parsePartialDate } from '../../../domain/partial-date.ts';
import { FIELD_BY_KEY, IGNORED_KEY, fieldBit, type ImportField, type ImportFieldKey } from '../domain/fields.ts';
import { importedValue, inferCategory, isTwoDigitYearDate, MISSING_CONFIRMED, twoDigitYear, type DefaultCategory } from '../domain/values.ts';
import { cellText, detectHeader, findHeaderRow, isFormRow, SEARCH_ROWS, type HeaderInfo } from './header.ts';
import { mapColumns, headingSignature, type ColumnMapping, type MappingOverrides } from './mapping.ts';
import { cellToField, NUMERIC_ID_MESSAGE } from './normalize.ts';
import { classifyRow, type RowContext } from './rows.ts';
import { FORM_MAX_ROWS, readForm } from './form.ts';

// The pure part of an import (no database): rows → header → mapping (by heading, then checked against
// the first rows' values) → each row classified (member, or skipped with a reason) → cell normalisation →
// the member rules (checkMember, the same as the form). Rows arrive one by one (an .xlsx streams them
// straight from the reader) and leave one by one through a sink, so a 200,000-row roster is never held
// whole. Every non-blank row under the header is accounted for: analysed, refused with the sheet, or
// skipped with a reason (docs/domain/import.md#rows-that-are-not-members).

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
  /**
   * the sheet's own text where the import stored something else than a respelling: a code taken off
   * ("95_男"), a two-digit year, a value the ID number contradicts; kept in the import record
   */
  sheetValues?: Record<string, string>;
  /** 人员类别 was not in the row and was set by docs/domain/import.md#member-type-by-rule */
  inferredCategory?: boolean;
}

export interface SkippedRow {
  sheet: string;
  row: number;
  reason: string;
}

export interface UnmappedColumn {
  /** column letter */
  column: string;
  heading: string;
  note?: string;
}

export interface SheetAnalysis {
  name: string;
  /** 'form': a one-person 采集表, read as one member */
  kind: 'roster' | 'form' | 'none';
  header: HeaderInfo | null;
  mapping: ColumnMapping[];
  signature: string;
  /** headings that match no field (the UI's list; see unmapped for every column) */
  unmatched: string[];
  /** every non-empty column that is not imported: unknown headings, values that fit no field, data under no heading */
  unmapped: UnmappedColumn[];
  /** member rows: analysed, or refused with the sheet */
  rowCount: number;
  /** rows skipped with a reason */
  skippedCount: number;
  /** why the sheet is not read at all (no header, not selected) */
  skipped?: string;
  /** why every member row of the sheet is refused (no 公民身份号码 column) */
  refused?: string;
  /** the refused sheet's member rows (1-based), for the error report */
  refusedRows?: number[];
  /** sheet-level warnings (a column moved or left out by its values), located at the header */
  notes: CellIssue[];
  /** the sheet's first rows (for the UI's header-row picker) */
  topRows?: CellValue[][];
}

export interface Analysis {
  format: string;
  sheets: SheetAnalysis[];
}

/** where analysed rows go, in file order */
export interface AnalysisSink {
  /** a sheet's columns are decided; its rows follow */
  columns?(sheet: string, mapping: ColumnMapping[]): void;
  row(r: AnalysedRow): void;
  skipped(s: SkippedRow): void;
}

/** header rows as the clerk gave them: 1-based first and last */
export interface HeaderRows {
  first: number;
  last: number;
}

export interface AnalyseOptions {
  today: string;
  /** sheet names to import (default: every sheet with a member header) */
  sheets?: string[];
  /** the header rows per sheet, when the clerk corrected them; '*' applies to every sheet */
  headerRows?: Record<string, HeaderRows>;
  /** per headings signature: remembered mapping corrections */
  overrides?: Record<string, MappingOverrides>;
  /** the clerk's current corrections, applied to every sheet */
  mapping?: MappingOverrides;
  /** 人员类别 for rows without one (docs/domain/import.md#member-type-by-rule) */
  defaultCategory?: DefaultCategory;
  /** prefixed to every sheet name ("名单.xlsx/"), when several files are imported at once */
  sheetPrefix?: string;
  /** keep this many top rows of each sheet in the result (preview) */
  withTopRows?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const NONE: CellIssue[] = [];
/** data rows whose values check the mapping before any row is analysed */
const SAMPLE_ROWS = 200;
const SAMPLE_VALUES = 60;

export const NO_ID_COLUMN = '这张表没有公民身份号码列，无法确认每一行是哪位党员，整张表未导入；请增加“公民身份号码”列（18位身份证号）后再导入';
const CONFIRMED_REQUIRED = '正式党员须填写转正日期';
const CATEGORY_REQUIRED = '请填写人员类别（正式党员或预备党员）';

/** one column the import reads, with what the row builder needs */
interface FieldColumn {
  field: ImportField;
  heading: string;
  /** where the value is read in the row */
  at: number;
  /** the column named in issues (0-based) */
  col: number;
}

/** the ID's birth date when the text is a well-formed 18-digit number */
function birthFromId(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return undefined;
  const y = +id.slice(6, 10);
  const m = +id.slice(10, 12);
  const d = +id.slice(12, 14);
  return isValidYmd(y, m, d) ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : undefined;
}

/**
 * One member from its cells: cell types, coded values, two-digit years, 人员类别 by rule, then the member
 * rules; the ID number wins over a contradicting 性别 or 出生日期 (docs/domain/import.md#values-the-id-decides).
 */
export function buildMember(
  sheet: string,
  rowNo: number,
  row: GridRow,
  columns: FieldColumn[],
  opts: Pick<AnalyseOptions, 'today' | 'defaultCategory'>,
  columnOf: (field: string) => { heading: string; col: number } | undefined,
): AnalysedRow {
  const raw: RawMember = {};
  let present = 0;
  let sheetValues: Record<string, string> | undefined;
  let pre: Issue[] | undefined;
  let preErrors: Issue[] | undefined;
  let twoDigit: FieldColumn[] | undefined;
  const texts: Partial<Record<ImportFieldKey, string>> = {};
  for (let i = 0; i < columns.length; i++) {
    const fc = columns[i];
    const cell = row[fc.at];
    if (cell === null || cell === undefined || cell === '') continue;
    const key = fc.field.key;
    const o = cellToField(cell, fc.field);
    let value = o.value;
    if (typeof value === 'string') {
      const iv = importedValue(key, value);
      if (iv.sheet !== undefined) {
        value = iv.value;
        (sheetValues ??= {})[key] = iv.sheet;
        if (iv.warning) (pre ??= []).push({ field: key, message: iv.warning });
      } else value = iv.value;
      if (fc.field.kind === 'date' && isTwoDigitYearDate(value)) (twoDigit ??= []).push(fc);
    }
    if (value !== undefined) {
      (raw as Record<string, unknown>)[key] = value;
      if (value !== null) present |= fieldBit(key);
    }
    if (key === 'gender' || key === 'birthDate') texts[key] = cellText(cell);
    if (o.warning) (pre ??= []).push({ field: key, message: o.warning });
    if (o.error) (preErrors ??= []).push({ field: key, message: o.error });
  }
  // two-digit years: the century that makes the person at least 18 at the date
  if (twoDigit) {
    const birth = birthFromId(raw.idNumber) ?? (typeof raw.birthDate === 'string' && !isTwoDigitYearDate(raw.birthDate) ? parsePartialDate(raw.birthDate) ?? undefined : undefined);
    for (const fc of twoDigit) {
      const key = fc.field.key;
      const text = raw[key] as string;
      const y = twoDigitYear(text, key, { birthDate: birth, today: opts.today });
      if (!y) continue;
      (raw as Record<string, unknown>)[key] = y.value;
      (sheetValues ??= {})[key] = text;
      (pre ??= []).push({ field: key, message: y.warning });
    }
  }
  // 人员类别 by rule when the row does not say
  let inferredCategory = false;
  const joinedText = typeof raw.joinedOn === 'string' ? raw.joinedOn : null;
  const joinedOn = joinedText ? parsePartialDate(joinedText) : null;
  if (raw.category == null || raw.category === '') {
    const hasConfirmed = raw.confirmedOn != null && raw.confirmedOn !== '';
    const r = inferCategory(joinedOn, hasConfirmed, opts.today, opts.defaultCategory);
    if (r) {
      raw.category = r.category;
      inferredCategory = true;
      if (r.warning && r.warning !== MISSING_CONFIRMED) (pre ??= []).push({ field: 'category', message: r.warning });
    }
  }

  const checked = checkMember(raw, { today: opts.today });
  const member = checked.member;
  const warnings: Issue[] = [];
  const errors: Issue[] = [];
  const numericId = preErrors?.some((p) => p.message === NUMERIC_ID_MESSAGE) ?? false;
  const joinedError = checked.errors.some((e) => e.field === 'joinedOn');
  for (const e of checked.errors) {
    // the rules' own message for a numeric ID is replaced by the import's exact one
    if (numericId && e.field === 'idNumber') continue;
    if (e.field === 'category' && e.message === CATEGORY_REQUIRED && joinedError) continue;
    if (e.field === 'confirmedOn' && e.message === CONFIRMED_REQUIRED) {
      // a roster without 转正日期 (docs/domain/import.md#member-type-by-rule): 正式党员 with a warning, unless
      // the probation cannot be over yet
      if (!joinedOn) continue;
      if (certainlyBefore(addYears(joinedOn, 1), opts.today)) warnings.push({ field: 'confirmedOn', message: MISSING_CONFIRMED });
      else errors.push({ field: 'category', message: '入党不满一年，不应已是正式党员；请核对人员类别或入党日期' });
      continue;
    }
    errors.push(e);
  }
  for (const w of checked.warnings) {
    if (w.field === 'gender' && checked.derived.gender && member.gender !== checked.derived.gender) {
      (sheetValues ??= {}).gender = texts.gender ?? String(member.gender);
      warnings.push({ field: 'gender', message: `性别与公民身份号码不一致：表中为“${texts.gender ?? member.gender}”，已按公民身份号码导入为“${checked.derived.gender}”` });
      member.gender = checked.derived.gender;
      continue;
    }
    if (w.field === 'birthDate' && checked.derived.birthDate) {
      (sheetValues ??= {}).birthDate = texts.birthDate ?? String(member.birthDate);
      warnings.push({ field: 'birthDate', message: `出生日期与公民身份号码不一致：表中为“${texts.birthDate ?? member.birthDate}”，已按公民身份号码导入为“${checked.derived.birthDate}”` });
      member.birthDate = checked.derived.birthDate;
      continue;
    }
    warnings.push(w);
  }
  // a month-only birth date that agrees with the ID: the ID's day
  if (checked.derived.birthDate && member.birthDate !== checked.derived.birthDate) member.birthDate = checked.derived.birthDate;

  const toCell = (i: Issue): CellIssue => {
    const col = columnOf(i.field);
    return { sheet, row: rowNo, column: col?.heading ?? FIELD_BY_KEY.get(i.field as ImportFieldKey)?.label ?? i.field, message: i.message, col: col?.col ?? -1 };
  };
  const allErrors = [...(preErrors ?? []), ...errors];
  const allWarnings = [...(pre ?? []), ...warnings];
  const out: AnalysedRow = {
    sheet,
    row: rowNo,
    member,
    present,
    errors: allErrors.length ? allErrors.map(toCell) : NONE,
    warnings: allWarnings.length ? allWarnings.map(toCell) : NONE,
  };
  if (sheetValues) out.sheetValues = sheetValues;
  if (inferredCategory) out.inferredCategory = true;
  return out;
}

/** analyses one sheet from rows pushed in order */
export class SheetAnalyser {
  private readonly name: string;
  private readonly opts: AnalyseOptions;
  private readonly sink: AnalysisSink;
  private readonly merges: MergeRange[];
  private phase: 'search' | 'sample' | 'rows' | 'done' = 'search';
  private buffer: (GridRow | undefined)[] = [];
  private topRows: CellValue[][] = [];
  private formCandidate = false;
  private header: HeaderInfo | null = null;
  private mapping: ColumnMapping[] = [];
  private fieldColumns: FieldColumn[] = [];
  private ctx: RowContext | null = null;
  private signature = '';
  private skippedWhy: string | undefined;
  private refused: string | undefined;
  private kind: SheetAnalysis['kind'] = 'none';
  private count = 0;
  private skippedCount = 0;
  private footer: { row: number; text: string } | null = null;
  private columnOf = new Map<string, { heading: string; col: number }>();
  private readonly lookup = (f: string) => this.columnOf.get(f);
  private notes: CellIssue[] = [];
  /** columns holding data under no heading */
  private headerCol: boolean[] = [];
  private strayCols = new Set<number>();
  private refusedRows: number[] = [];

  constructor(name: string, opts: AnalyseOptions, sink: AnalysisSink, merges: MergeRange[] = []) {
    this.name = name;
    this.opts = opts;
    this.sink = sink;
    this.merges = merges;
  }

  private forcedRows(): HeaderRows | undefined {
    return this.opts.headerRows?.[this.name] ?? this.opts.headerRows?.['*'];
  }

  push(r: number, row: GridRow): void {
    if (this.opts.withTopRows && r < this.opts.withTopRows) this.topRows[r] = Array.from(row, (v) => v ?? null);
    switch (this.phase) {
      case 'search': {
        this.buffer[r] = row;
        const forced = this.forcedRows();
        if (forced) {
          if (r >= forced.last) this.decideHeader();
          return;
        }
        if (!this.formCandidate && r < SEARCH_ROWS && isFormRow(row)) this.formCandidate = true;
        if (!this.formCandidate) {
          // decide once the header row and the one under it (a possible second header row) are in
          const found = r >= 1 ? findHeaderRow({ name: this.name, rows: this.buffer, merges: [] }) : null;
          if (found !== null && r >= found + 1) return this.decideHeader();
          // no header in the first rows: perhaps a one-person form, read when the sheet ends
          if (r >= SEARCH_ROWS) this.formCandidate = true;
        }
        if (r >= FORM_MAX_ROWS) this.noHeader();
        return;
      }
      case 'sample':
        this.buffer[r] = row;
        if (this.buffer.length - this.header!.dataStart >= SAMPLE_ROWS) this.decideMapping();
        return;
      case 'rows':
        this.row(r, row);
        return;
      default:
    }
  }

  private noHeader(): void {
    this.skippedWhy = '未找到表头';
    this.phase = 'done';
    this.buffer = [];
  }

  private decideHeader(merges: MergeRange[] = this.merges): void {
    const forced = this.forcedRows();
    this.header = detectHeader({ name: this.name, rows: this.buffer, merges }, forced);
    if (!this.header) return this.noHeader();
    this.kind = 'roster';
    this.phase = 'sample';
    if (this.buffer.length - this.header.dataStart >= SAMPLE_ROWS) this.decideMapping();
  }

  /** the mapping by heading, checked against the first rows' values; then the buffered rows are analysed */
  private decideMapping(): void {
    const header = this.header!;
    const overrides = { ...(this.opts.overrides?.[headingSignature(header.columns)] ?? {}), ...(this.opts.mapping ?? {}) };
    const byHeading = mapColumns(header.columns, overrides);
    this.setMapping(byHeading);
    // sample: distinct values per mapped column from the first member rows
    const samples = new Map<number, string[]>();
    for (let r = header.dataStart; r < this.buffer.length; r++) {
      const row = this.buffer[r];
      if (classifyRow(row, this.ctx!).kind !== 'data') continue;
      for (const m of byHeading) {
        if (!m.target || m.target === IGNORED_KEY) continue;
        const t = cellText(row![m.index]);
        if (!t) continue;
        const list = samples.get(m.index) ?? [];
        if (list.length < SAMPLE_VALUES && !list.includes(t)) list.push(t);
        samples.set(m.index, list);
      }
    }
    this.setMapping(mapColumns(header.columns, overrides, samples));
    this.signature = headingSignature(header.columns);
    for (const m of this.mapping) {
      // a column moved or left out by its values: said once for the sheet, at its heading
      if (m.note && (m.warning || m.target)) {
        this.notes.push({ sheet: this.name, row: header.headerRow + header.headerRowCount - 1, column: m.heading, message: m.note, col: m.index });
      }
    }
    const named = this.columnOf.has('name');
    const id = this.columnOf.has('idNumber');
    if (!named && !id) {
      this.kind = 'none';
      this.skippedWhy = '表头中没有“姓名”或“公民身份号码”列';
      this.phase = 'done';
      this.buffer = [];
      return;
    }
    if (!id) this.refused = NO_ID_COLUMN;
    this.sink.columns?.(this.name, this.mapping);
    this.phase = 'rows';
    const buffered = this.buffer;
    this.buffer = [];
    for (let r = header.dataStart; r < buffered.length; r++) {
      const row = buffered[r];
      if (row) this.row(r, row);
    }
  }

  private setMapping(mapping: ColumnMapping[]): void {
    const header = this.header!;
    this.mapping = mapping;
    const used = mapping.filter((m) => m.target && m.target !== IGNORED_KEY);
    this.columnOf = new Map(used.map((m) => [m.target as string, { heading: m.heading, col: m.index }]));
    this.fieldColumns = used.map((m) => ({
      field: FIELD_BY_KEY.get(m.target as ImportFieldKey)!,
      heading: m.heading,
      at: m.index,
      col: m.index,
    }));
    this.ctx = {
      header,
      nameCol: this.columnOf.get('name')?.col ?? -1,
      idCol: this.columnOf.get('idNumber')?.col ?? -1,
      fieldCols: new Set(used.map((m) => m.index)),
    };
    this.headerCol = [];
    for (const c of header.columns) this.headerCol[c.index] = true;
  }

  private skip(rowNo: number, reason: string): void {
    this.skippedCount++;
    this.sink.skipped({ sheet: this.name, row: rowNo, reason });
  }

  private row(r: number, row: GridRow): void {
    const verdict = classifyRow(row, this.ctx!);
    if (verdict.kind === 'blank') return;
    const rowNo = r + 1;
    if (verdict.kind === 'skip') {
      if (verdict.footer && !this.footer) this.footer = { row: rowNo, text: verdict.reason };
      return this.skip(rowNo, verdict.reason);
    }
    if (this.footer) return this.skip(rowNo, `位于第${this.footer.row}行${this.footer.text}之后，未导入；如是党员请移到表尾之前`);
    for (let c = 0; c < row.length; c++) if (!this.headerCol[c] && row[c] !== undefined && row[c] !== null && row[c] !== '') this.strayCols.add(c);
    this.count++;
    if (this.refused) {
      this.refusedRows.push(rowNo);
      return;
    }
    this.sink.row(buildMember(this.name, rowNo, row, this.fieldColumns, this.opts, this.lookup));
  }

  /** a sheet with no roster header in its first rows: a one-person form, or a roster after all, or nothing */
  private tryForm(merges: MergeRange[]): void {
    const entries = readForm({ name: this.name, rows: this.buffer, merges });
    if (!entries) return this.decideHeader(merges);
    this.buffer = [];
    this.kind = 'form';
    this.phase = 'done';
    const columnOf = new Map(entries.map((e) => [e.field as string, { heading: e.label, col: e.col }]));
    this.mapping = entries.map((e) => ({ index: e.col, heading: e.label, path: `${columnLetters(e.col)}${e.row + 1}`, target: e.field, manual: false }));
    this.sink.columns?.(this.name, this.mapping);
    // the form's values as one row, each at its own position
    const row = entries.map((e) => (cellText(e.value) ? e.value : null));
    const fields = entries.map((e, i) => ({ field: FIELD_BY_KEY.get(e.field)!, heading: e.label, at: i, col: e.col }));
    const first = entries.find((e) => e.field === 'name') ?? entries.find((e) => e.field === 'idNumber')!;
    this.count = 1;
    this.sink.row(buildMember(this.name, first.row + 1, row, fields, this.opts, (f) => columnOf.get(f)));
  }

  finish(merges: MergeRange[] = this.merges): SheetAnalysis {
    // a short sheet: everything is still buffered, and now the merged ranges are known too
    if (this.phase === 'search') {
      if (this.formCandidate) this.tryForm(merges);
      else this.decideHeader(merges);
    }
    if (this.phase === 'sample') this.decideMapping();
    this.phase = 'done';
    const topRows = this.opts.withTopRows ? Array.from(this.topRows, (r) => r ?? []) : undefined;
    const base = { name: this.name, kind: this.kind, header: this.header, mapping: this.mapping, signature: this.signature, notes: this.notes, topRows };
    if (this.skippedWhy) return { ...base, kind: 'none', unmatched: [], unmapped: [], rowCount: 0, skippedCount: 0, skipped: this.skippedWhy };
    const unmatched = this.mapping.filter((m) => m.target === null).map((m) => m.heading);
    const unmapped: UnmappedColumn[] = [
      ...this.mapping.filter((m) => m.target === null).map((m) => ({ column: columnLetters(m.index), heading: m.path, note: m.note })),
      ...[...this.strayCols].sort((a, b) => a - b).map((c) => ({ column: columnLetters(c), heading: '', note: '该列有内容但没有表头' })),
    ];
    return { ...base, unmatched, unmapped, rowCount: this.count, skippedCount: this.skippedCount, refused: this.refused, refusedRows: this.refused ? this.refusedRows : undefined };
  }
}

export const notSelected = (name: string): SheetAnalysis => ({
  name, kind: 'none', header: null, mapping: [], signature: '', unmatched: [], unmapped: [], rowCount: 0, skippedCount: 0, skipped: '未选择', notes: [],
});

/** a sheet the reader held whole (.xls, .csv, HTML, tests) */
export function analyseSheet(sheet: GridSheet, opts: AnalyseOptions, sink: AnalysisSink): SheetAnalysis {
  const name = (opts.sheetPrefix ?? '') + sheet.name;
  if (opts.sheets?.length && !opts.sheets.includes(name)) return notSelected(name);
  const a = new SheetAnalyser(name, opts, sink, sheet.merges);
  sheet.rows.forEach((row, r) => {
    if (row) a.push(r, row);
  });
  return a.finish();
}

export function analyseGrid(grid: Grid, opts: AnalyseOptions, sink: AnalysisSink): Analysis {
  return { format: grid.format, sheets: grid.sheets.map((sheet) => analyseSheet(sheet, opts, sink)) };
}

/** a sink that keeps everything (tests, small files) */
export function collectingSink(): AnalysisSink & { rows: AnalysedRow[]; skippedRows: SkippedRow[] } {
  const rows: AnalysedRow[] = [];
  const skippedRows: SkippedRow[] = [];
  return { rows, skippedRows, row: (r) => rows.push(r), skipped: (s) => skippedRows.push(s) };
}

/** the sink's calls as data (they cross from the worker thread in chunks) */
export type AnalysisEvent =
  | { kind: 'columns'; sheet: string; mapping: ColumnMapping[] }
  | { kind: 'row'; row: AnalysedRow }
  | { kind: 'skipped'; skipped: SkippedRow };

export function replay(events: AnalysisEvent[], sink: AnalysisSink): void {
  for (const e of events) {
    if (e.kind === 'row') sink.row(e.row);
    else if (e.kind === 'skipped') sink.skipped(e.skipped);
    else sink.columns?.(e.sheet, e.mapping);
  }
}
