import type { Settings } from '../modules/core/contract.ts';
import { AppError } from '../domain/errors.ts';
import { loadWorkbookWriter } from './exceljs-writer.ts';
import { formatReportDate } from './format.ts';
import { RowXmlWriter } from './row-xml.ts';

// The one shared layout helper for every printed table (design.md "Exports"; domain-reference §9.1, §9.7):
// [marking] / title (merged, bold) / 填报单位（盖章）… 填报日期… / merged multi-row header / data rows with
// thin borders / 合计 row of values / notes / signature line; A4 landscape fitted to one page wide, header
// rows repeated on every printed page, page numbers in the footer, panes frozen below the header.
// Data cells are never merged (§9.7: merged data breaks re-import and sorting).
//
// Performance (100,000-row roster ≤ 1.3× exceljs's bare streaming write): one pre-built style per column,
// resolved to its style id once, and data rows written as row XML into exceljs's sheet stream
// (row-xml.ts) instead of a Row/Cell object per cell. exceljs is loaded lazily (CLI start-up, team brief).

export interface LayoutColumn<R> {
  /** stable key for the clerk's column choice; default: the header path joined by '/' */
  key?: string;
  /** ['党员信息','人员类别'] = two-row header, equal adjacent parents merged */
  header: string | string[];
  /** in characters (Excel column width units); default from the header text */
  width?: number;
  /** text => stored as a string with numFmt '@' (ID numbers, phones); money => integer fen in, yuan '0.00' out;
   *  percent => a fraction in (0.953), '0.00%' out */
  type?: 'text' | 'number' | 'money' | 'percent';
  /** wrap long free text (addresses, full organization names) inside the column width */
  wrap?: boolean;
  value: (row: R, index: number) => string | number | null;
}

export interface LayoutSheet<R> {
  sheetName: string;
  /** row 1, merged, bold */
  title: string;
  /** 填报单位（盖章）：…  (row 2 left) */
  reportingUnit: string;
  /** YYYY-MM-DD → 填报日期：2025年1月10日 (row 2 right) */
  reportDate: string;
  /** e.g. '单位：元' */
  unitNote?: string;
  /** e.g. '内部资料 注意保密' (printed above the title) */
  marking?: string;
  columns: LayoutColumn<R>[];
  rows: Iterable<R> | AsyncIterable<R>;
  /** a 合计 row of VALUES at the columns' positions; numbers are converted like the column's values
   *  (money: fen in), strings are written as they are. Read after the rows have been written, so a
   *  getter may return sums accumulated while the rows streamed. */
  totalRow?: (string | number | null)[];
  /** lines under the table (合计：…, 注：…); read after the rows, like totalRow */
  notes?: string[];
  /** 填表人/审核人/负责人（签字）/联系电话 */
  signatures: { clerk: string; reviewer: string; principal: string; phone: string };
  /** default landscape; A4, fit to page width, header rows repeated */
  orientation?: 'landscape' | 'portrait';
}

export interface WriteOptions {
  /** called now and then with the number of data rows written so far (all sheets) */
  onRow?: (n: number) => void;
  /** abort → AppError CANCELLED */
  signal?: AbortSignal;
}

export function signaturesFrom(settings: Settings): LayoutSheet<unknown>['signatures'] {
  return {
    clerk: settings.clerkName ?? '',
    reviewer: settings.reviewer ?? '',
    principal: settings.principal ?? '',
    phone: settings.clerkPhone ?? '',
  };
}

// ---------------------------------------------------------------------------------------------
// Styles: built once per workbook, shared by every cell that uses them.

// Fonts present on every Windows PC and in WPS (domain-reference §9.1, U27); charset 134 = GB2312.
const BODY_FONT = '宋体';
const TITLE_FONT = '黑体';
const CHARSET_GB2312 = 134;
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

type Align = 'left' | 'center' | 'right';
type Style = Record<string, unknown>;

function font(size: number, bold = false, name = BODY_FONT): Style {
  return { name, size, bold, charset: CHARSET_GB2312 };
}

function makeStyles() {
  const body = font(10);
  const bold = font(10, true);
  const cell = (horizontal: Align, numFmt: string | undefined, f: Style, wrapText: boolean): Style => ({
    font: f,
    border: BORDER,
    alignment: { horizontal, vertical: 'middle', ...(wrapText ? { wrapText } : {}) },
    ...(numFmt ? { numFmt } : {}),
  });
  const memo = new Map<string, Style>();
  const dataStyle = (horizontal: Align, numFmt: string | undefined, isBold: boolean, wrap = false) => {
    const key = `${horizontal}|${numFmt}|${isBold}|${wrap}`;
    let s = memo.get(key);
    if (!s) memo.set(key, (s = cell(horizontal, numFmt, isBold ? bold : body, wrap)));
    return s;
  };
  return {
    marking: { font: font(11, true), alignment: { horizontal: 'left', vertical: 'middle' } } as Style,
    title: { font: font(18, true, TITLE_FONT), alignment: { horizontal: 'center', vertical: 'middle' } } as Style,
    infoLeft: { font: font(11), alignment: { horizontal: 'left', vertical: 'middle' } } as Style,
    infoRight: { font: font(11), alignment: { horizontal: 'right', vertical: 'middle' } } as Style,
    header: {
      font: bold,
      border: BORDER,
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    } as Style,
    line: { font: font(11), alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } } as Style,
    dataStyle,
  };
}

const NUMFMT: Record<NonNullable<LayoutColumn<unknown>['type']>, string | undefined> = {
  text: '@',
  number: undefined,
  money: '0.00',
  percent: '0.00%',
};

/** display width of a label in column-width units: CJK and full-width characters count double */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! > 0x2e7f ? 2 : 1;
  return w;
}

function leafLabel(c: LayoutColumn<unknown>): string {
  return Array.isArray(c.header) ? c.header[c.header.length - 1] : c.header;
}

function defaultWidth(c: LayoutColumn<unknown>): number {
  const base = c.type === 'text' ? 12 : c.type === 'money' ? 11 : 8;
  return Math.max(base, Math.min(20, Math.ceil(textWidth(leafLabel(c)) / 2) + 2));
}

function defaultAlign(c: LayoutColumn<unknown>, width: number): Align {
  if (c.type === 'money' || c.type === 'percent') return 'right';
  // fixed-length codes (ID numbers, phones) and short words read best centred; long free text from the left
  if (c.type === 'number' || c.type === 'text') return 'center';
  return width > 16 || (c.wrap && width >= 14) ? 'left' : 'center';
}

/**
 * Text that Excel/WPS would take for a formula (= + - @, a tab or CR first). Such a cell is written as a
 * string with the text format '@', so it shows as text and stays text when edited: formula injection
 * never works through an export (docs/safety.md#exports).
 */
export const isFormulaLike = (s: string): boolean => /^[=+\-@\t\r]/.test(s);

/** what goes into the cell for a column: exported values, never formulas (see isFormulaLike) */
export function cellValue(type: LayoutColumn<unknown>['type'], v: string | number | null): string | number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') return v;
  switch (type) {
    case 'text':
      return String(v);
    case 'money':
      return Math.round(v) / 100;
    default:
      return v;
  }
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\ , unique in the workbook */
function sheetNameOf(name: string, used: Set<string>): string {
  let base = (name || 'Sheet').replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  if (!base.trim()) base = 'Sheet';
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  used.add(candidate);
  return candidate;
}

function cancelled(): AppError {
  return new AppError('CANCELLED', '操作已取消，数据未作任何修改');
}

const FULL_SPACE = '　';
const BLANK_SIGNATURE = FULL_SPACE.repeat(4);

export function signatureLine(s: LayoutSheet<unknown>['signatures']): string {
  const v = (x: string) => (x && x.trim() ? x.trim() : BLANK_SIGNATURE);
  const gap = FULL_SPACE.repeat(4);
  return `填表人：${v(s.clerk)}${gap}审核人：${v(s.reviewer)}${gap}负责人（签字）：${v(s.principal)}${gap}联系电话：${v(s.phone)}`;
}

/**
 * Header geometry: for every header level and column, the label, and the merges.
 * A column whose header path is shallower than the deepest one has its leaf merged down to the last row;
 * equal labels of adjacent columns at the same level (with equal ancestors) are merged across.
 */
export function headerGrid(columns: LayoutColumn<unknown>[]): {
  depth: number;
  labels: (string | null)[][];
  merges: { top: number; left: number; bottom: number; right: number }[];
} {
  const paths = columns.map((c) => (Array.isArray(c.header) ? c.header : [c.header]));
  const depth = Math.max(1, ...paths.map((p) => p.length));
  const labels: (string | null)[][] = [];
  const merges: { top: number; left: number; bottom: number; right: number }[] = [];
  for (let l = 0; l < depth; l++) labels.push(paths.map((p) => (l < p.length - 1 ? p[l] : l === p.length - 1 ? p[l] : null)));
  // vertical merges of leaves that are shallower than the header
  paths.forEach((p, c) => {
    if (p.length < depth) merges.push({ top: p.length - 1, left: c, bottom: depth - 1, right: c });
  });
  // horizontal merges of group labels (never of leaves: every leaf is its own column)
  for (let l = 0; l < depth - 1; l++) {
    let c = 0;
    while (c < paths.length) {
      const p = paths[c];
      if (l >= p.length - 1) {
        c++;
        continue;
      }
      let end = c;
      while (
        end + 1 < paths.length &&
        paths[end + 1].length - 1 > l &&
        paths[end + 1].slice(0, l + 1).join('\u0000') === p.slice(0, l + 1).join('\u0000')
      )
        end++;
      if (end > c) merges.push({ top: l, left: c, bottom: l, right: end });
      c = end + 1;
    }
  }
  return { depth, labels, merges };
}

function isAsync<R>(rows: Iterable<R> | AsyncIterable<R>): rows is AsyncIterable<R> {
  return typeof (rows as AsyncIterable<R>)[Symbol.asyncIterator] === 'function';
}

// row heights in points for the 10 pt body font
const DATA_LINE_HEIGHT = 13;
const DATA_ROW_PADDING = 5;

/** how many lines a text needs in a column of `width` characters (a little padding kept free) */
function linesFor(text: string, width: number): number {
  const w = textWidth(text);
  return w <= width - 1 ? 1 : Math.ceil(w / Math.max(1, width - 1));
}

// rows between two checks for cancellation by another request (a turn of the event loop)
const YIELD_EVERY = 2000;
const PROGRESS_EVERY = 500;

/**
 * A narrow table is printed centred between the margins. exceljs's streaming writer does not write
 * <printOptions>, so it goes in just before <pageMargins>, where the schema puts it.
 */
function centreOnPage(ws: unknown): void {
  const w = ws as { _writePageMargins?: () => void; stream: { write(s: string): void } };
  const original = w._writePageMargins;
  if (typeof original !== 'function') return;
  w._writePageMargins = function (this: typeof w) {
    this.stream.write('<printOptions horizontalCentered="1"/>');
    original.call(this);
  };
}

/** Writes the sheets into one .xlsx file in memory. */
export async function writeWorkbook(
  sheets: LayoutSheet<any>[],
  opts: WriteOptions = {},
): Promise<Uint8Array> {
  const ExcelJS = await loadWorkbookWriter();
  const { Writable } = await import('node:stream');
  const { signal, onRow } = opts;
  if (signal?.aborted) throw cancelled();

  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const wb = new ExcelJS.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const styles = makeStyles();
  const usedNames = new Set<string>();
  let written = 0;

  for (const sheet of sheets) {
    const cols = sheet.columns as LayoutColumn<unknown>[];
    const n = cols.length;
    const widths = cols.map((c) => c.width ?? defaultWidth(c));
    const grid = headerGrid(cols);
    const headerTop = (sheet.marking ? 1 : 0) + 3; // [marking], title, info row, then the header
    const headerBottom = headerTop + grid.depth - 1;
    const landscape = (sheet.orientation ?? 'landscape') === 'landscape';

    const ws = wb.addWorksheet(sheetNameOf(sheet.sheetName, usedNames), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: headerBottom, topLeftCell: `A${headerBottom + 1}`, activeCell: `A${headerBottom + 1}` }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: landscape ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0, // as many pages down as needed
        // ~1.5 cm sides (inches); a little more at the bottom for the page-number footer
        margins: { left: 0.59, right: 0.59, top: 0.59, bottom: 0.79, header: 0.3, footer: 0.35 },
        printTitlesRow: `${headerTop}:${headerBottom}`,
      },
      headerFooter: { oddFooter: '&C&"宋体,常规"&10第 &P 页 共 &N 页' },
    } as any);
    ws.columns = widths.map((width) => ({ width })) as any;
    centreOnPage(ws);

    const lineRow = (text: string, style: Style, height?: number) => {
      const row = ws.addRow([text]);
      row.getCell(1).style = style as any;
      if (height) row.height = height;
      if (n > 1) ws.mergeCells(row.number, 1, row.number, n);
      row.commit();
    };

    if (sheet.marking) lineRow(sheet.marking, styles.marking, 20);
    lineRow(sheet.title, styles.title, 36);

    // 填报单位（盖章） left half, 填报日期 (+ 单位：…) right half
    {
      const right = `填报日期：${formatReportDate(sheet.reportDate)}${sheet.unitNote ? FULL_SPACE.repeat(2) + sheet.unitNote : ''}`;
      const split = n > 1 ? Math.ceil(n / 2) : 1;
      const values: (string | null)[] = new Array(n).fill(null);
      values[0] = `填报单位（盖章）：${sheet.reportingUnit}`;
      if (n > 1) values[split] = right;
      else values[0] += FULL_SPACE.repeat(2) + right;
      const row = ws.addRow(values);
      row.height = 22;
      row.getCell(1).style = styles.infoLeft as any;
      if (n > 1) {
        row.getCell(split + 1).style = styles.infoRight as any;
        if (split > 1) ws.mergeCells(row.number, 1, row.number, split);
        if (n > split + 1) ws.mergeCells(row.number, split + 1, row.number, n);
      }
      row.commit();
    }

    // header rows: style every cell first (merged slaves copy the master's style at merge time)
    const headerRows = grid.labels.map((labels) => {
      const row = ws.addRow(labels);
      for (let c = 1; c <= n; c++) row.getCell(c).style = styles.header as any;
      return row;
    });
    headerRows.forEach((row, l) => {
      // enough height for the wrapped labels that sit in this row
      let lines = 1;
      grid.labels[l].forEach((label, c) => {
        if (!label) return;
        const merged = grid.merges.find((m) => m.top === l && m.left === c);
        const span = merged ? merged.bottom - merged.top + 1 : 1;
        const cellWidth = merged ? widths.slice(merged.left, merged.right + 1).reduce((a, b) => a + b, 0) : widths[c];
        lines = Math.max(lines, Math.ceil(Math.ceil((textWidth(label) * 1.1) / Math.max(1, cellWidth - 1)) / span));
      });
      row.height = Math.max(20, 14 * lines + 6);
    });
    for (const m of grid.merges) ws.mergeCells(headerTop + m.top, m.left + 1, headerTop + m.bottom, m.right + 1);
    for (const row of headerRows) row.commit();

    // data rows: one shared style per column, written as row XML (row-xml.ts); never merged (§9.7)
    const colStyles = cols.map((c, i) => styles.dataStyle(defaultAlign(c, widths[i]), NUMFMT[c.type ?? 'number'], false, c.wrap));
    const styleIds = colStyles.map((st) => (wb as any).styles.addStyleModel(st, ExcelJS.ValueType.Number) as number);
    const textIds = cols.map((c, i) => (wb as any).styles.addStyleModel(styles.dataStyle(defaultAlign(c, widths[i]), '@', false, c.wrap), ExcelJS.ValueType.String) as number);
    const out = new RowXmlWriter(ws, styleIds, textIds, isFormulaLike);
    const types = cols.map((c) => c.type);
    const getters = cols.map((c) => c.value);
    // Rows are given the height their wrapped text needs (and a little air when none wraps): Excel and
    // LibreOffice do not re-fit row heights when they open a file, so wrapped text would otherwise overflow
    // its single-line row when printed.
    const wrapped = cols.flatMap((c, i) => (c.wrap ? [i] : []));
    const values: (string | number | null)[] = new Array(n);
    let index = 0;
    const writeRow = (r: unknown) => {
      for (let c = 0; c < n; c++) values[c] = cellValue(types[c], getters[c](r, index));
      let lines = 1;
      for (const c of wrapped) {
        const v = values[c];
        if (typeof v === 'string') lines = Math.max(lines, linesFor(v, widths[c]));
      }
      out.write(values, DATA_LINE_HEIGHT * lines + DATA_ROW_PADDING);
      index++;
      written++;
    };
    const tick = async () => {
      if (signal?.aborted) throw cancelled();
      if (index % PROGRESS_EVERY === 0) onRow?.(written);
      if (index % YIELD_EVERY === 0) {
        await new Promise((r) => setImmediate(r));
        if (signal?.aborted) throw cancelled();
      }
    };
    if (isAsync(sheet.rows)) {
      for await (const r of sheet.rows) {
        writeRow(r);
        await tick();
      }
    } else {
      for (const r of sheet.rows) {
        writeRow(r);
        if (signal?.aborted || index % PROGRESS_EVERY === 0) await tick();
      }
    }
    out.flush();
    onRow?.(written);

    if (sheet.totalRow) {
      const totalStyles = cols.map((c, i) => styles.dataStyle(defaultAlign(c, widths[i]), NUMFMT[c.type ?? 'number'], true, c.wrap));
      const values = cols.map((c, i) => cellValue(c.type, sheet.totalRow![i] ?? null));
      const row = ws.addRow(values);
      for (let c = 0; c < n; c++) {
        const v = values[c];
        // a label (合计) in a numeric column is centred rather than right-aligned
        row.getCell(c + 1).style = (typeof v === 'string' && cols[c].type !== 'text'
          ? styles.dataStyle('center', undefined, true)
          : totalStyles[c]) as any;
      }
      row.commit();
    }

    const totalWidth = widths.reduce((a, b) => a + b, 0);
    const heightFor = (text: string) => Math.max(20, 16 * Math.ceil((textWidth(text) * 1.1) / Math.max(1, totalWidth - 2)) + 4);
    for (const note of sheet.notes ?? []) lineRow(note, styles.line, heightFor(note));
    const sig = signatureLine(sheet.signatures);
    lineRow(sig, styles.line, Math.max(26, heightFor(sig)));

    ws.commit();
  }

  await wb.commit();
  if (signal?.aborted) throw cancelled();
  const buf = Buffer.concat(chunks);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
