import type { Settings } from '../modules/core/contract.ts';
import { AppError } from '../domain/errors.ts';
import { loadWorkbookWriter } from './exceljs-writer.ts';
import { formatReportDate } from './format.ts';
import { columnLetters, RowXmlWriter } from './row-xml.ts';

// The one shared layout helper for every printed table (docs/architecture.md#exports;
// docs/domain/printing.md#conventions): [marking] / title (merged, bold) / 填报单位（盖章）… 填报日期… / merged
// multi-row header / data rows with thin borders / 合计 row of values / notes / signature line; header rows
// repeated on every printed page, page numbers in the footer, panes frozen below the header. Paper,
// orientation and scale follow the print size rule (planPrint, docs/domain/printing.md#minimum-font-size):
// A4 fitted to one page wide while the body stays ≥ 8 pt, else A3 (when allowed), narrower wrapped text
// columns, or several pages across at a fixed scale. Data cells are never merged
// (docs/domain/printing.md#export-notes: merged data breaks re-import and sorting).
//
// Performance (100,000-row roster ≤ 1.3× exceljs's bare streaming write): one pre-built style per column,
// resolved to its style id once, and data rows written as row XML into exceljs's sheet stream
// (row-xml.ts) instead of a Row/Cell object per cell. exceljs is loaded lazily (CLI start-up stays fast).

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
  /** wrap text inside the column width; default: free text (no type) wraps, codes and figures do not.
   *  Free-text columns of 12 characters or more may be narrowed to fit the page (see planPrint). */
  wrap?: boolean;
  /** an identifying column (序号, 姓名) repeated at the left of every page when a table is printed more
   *  than one page wide; the leading marked columns are used. None marked: 序号 and the column after it. */
  titleColumn?: boolean;
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
  /** printed instead of the 填表人/审核人/负责人 line when a form has signers of its own (会议记录: 主持人, 记录人) */
  signatureText?: string;
  /** default landscape; portrait is kept only when the table fits it at the minimum print size (planPrint) */
  orientation?: 'landscape' | 'portrait';
  /** the clerk's paper choices (设置 → 宽表允许用 A3 纸打印) */
  paper?: { allowA3?: boolean };
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

// Fonts present on every Windows PC and in WPS (docs/domain/printing.md#conventions, U27); charset 134 = GB2312.
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
  const body = font(BODY_PT);
  const bold = font(BODY_PT, true);
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
    // every text wraps inside its (merged) cell rather than being cut off; rows get the height it needs
    marking: { font: font(11, true), alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } } as Style,
    title: { font: font(18, true, TITLE_FONT), alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } } as Style,
    infoLeft: { font: font(11), alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } } as Style,
    infoRight: { font: font(11), alignment: { horizontal: 'right', vertical: 'middle', wrapText: true } } as Style,
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

/** what goes into the cell for a column: exported values, never formulas */
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

// ---------------------------------------------------------------------------------------------
// Print size (docs/print-layout.md): no export prints its body text below 8 pt. The helper knows the column
// widths before a single row is written (the <cols> element comes first in the sheet XML), so the paper,
// the orientation, narrowed free-text columns and the page breaks are decided from the widths alone.

/** the body font size (data and header cells) and the smallest size it may be printed at */
export const BODY_PT = 10;
export const MIN_PRINT_PT = 8;
const MIN_SCALE = MIN_PRINT_PT / BODY_PT;

/**
 * Printed points per column-width unit, for the page-fit decision: the WIDEST of the viewers clerks print
 * with (Excel/WPS with Calibri, the workbook's default font: 7 px = 5.25 pt; LibreOffice with Calibri or its
 * metric twin Carlito: 5.54 pt), so fit-to-width never scales below the estimate.
 */
export const COLUMN_PT = 5.6;
/** For line wrapping, the NARROWEST text area: Excel's 5.25 pt per unit less its cell padding. */
const TEXT_PT = 5.25;
const CELL_PADDING_PT = 3.75;
/** line pitch as a multiple of the font size (宋体 in Excel ~1.35; Noto CJK in LibreOffice 1.45) */
const LINE_PITCH = 1.45;
/** advance of a character that is not full-width, as a multiple of the font size (宋体 0.5; Noto 0.47–0.58) */
const HALF_WIDTH = 0.6;

// page margins in inches: ~1.5 cm at the sides; a little more at the bottom for the page-number footer
const MARGINS = { left: 0.59, right: 0.59, top: 0.59, bottom: 0.79, header: 0.3, footer: 0.35 };
const PAPERS = {
  A4: { paperSize: 9, name: 'A4', short: 595.28, long: 841.89 },
  A3: { paperSize: 8, name: 'A3', short: 841.89, long: 1190.55 },
} as const;
type Paper = (typeof PAPERS)[keyof typeof PAPERS];
type Orientation = 'landscape' | 'portrait';

/** printable width in points of a paper in an orientation, with the helper's margins */
function printableWidth(paper: Paper, orientation: Orientation): number {
  return (orientation === 'landscape' ? paper.long : paper.short) - (MARGINS.left + MARGINS.right) * 72;
}

/** wrapping free-text columns at least this wide may be narrowed down to WRAP_MIN_WIDTH to fit a page */
const WRAP_FROM_WIDTH = 12;
const WRAP_MIN_WIDTH = 9;

const isWide = (cp: number) => cp > 0x2e7f && !(cp >= 0xff61 && cp <= 0xffdc) && !(cp >= 0xffe8 && cp <= 0xffee);
/** an opening bracket or quote stays with the character after it; closing punctuation with the one before */
const codes = (chars: string) => new Set([...chars].map((ch) => ch.charCodeAt(0)));
const OPENING = codes('（《「『【〔“‘([{');
const CLOSING = codes('，。、；：？！）》」』】〕”’…,.;:?!)]}%');

/** the width in points of a text on one line at `size` points (Infinity with a line break in it) */
function textPt(text: string, size: number): number {
  const half = HALF_WIDTH * size;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    if (cp === 10) return Infinity;
    total += isWide(cp) ? size : half;
  }
  return total;
}

/**
 * How many lines a text takes in a wrapped cell whose text area is `areaPt` wide, at `size` points:
 * greedy line filling as Excel and LibreOffice do it — a CJK character may start a new line anywhere
 * except before closing punctuation, a run of Latin letters and digits moves as a whole unless it is longer
 * than a line, explicit line breaks count.
 */
export function wrappedLines(text: string, areaPt: number, size: number): number {
  // no UTF-16 unit is wider than one em: short texts need no measuring (most cells of a large roster)
  if ((text.length * size <= areaPt && text.indexOf('\n') < 0) || textPt(text, size) <= areaPt) return 1;
  const half = HALF_WIDTH * size;
  const area = Math.max(size, areaPt);
  // UTF-16 units: a character outside the BMP counts as two wide ones (rare; too wide is the safe side)
  const n = text.length;
  const width = (c: number) => (isWide(c) ? size : half);
  let lines = 1;
  let x = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      lines++;
      x = 0;
      i++;
      continue;
    }
    if (c === 32 || c === 9) {
      if (x > 0 && x + half <= area) x += half;
      i++;
      continue;
    }
    // one unbreakable token: [opening]* (a wide character | a run of Latin letters and digits) [closing]*
    let w = 0;
    while (i < n && OPENING.has(text.charCodeAt(i))) w += width(text.charCodeAt(i++));
    if (i < n && isWide(text.charCodeAt(i)) && !CLOSING.has(text.charCodeAt(i))) w += width(text.charCodeAt(i++));
    else {
      for (let d = text.charCodeAt(i); i < n && d !== 32 && d !== 9 && d !== 10 && d !== 13 && !isWide(d) && !CLOSING.has(d); d = text.charCodeAt(++i)) w += half;
    }
    while (i < n && CLOSING.has(text.charCodeAt(i))) w += width(text.charCodeAt(i++));
    if (w === 0) w = width(text.charCodeAt(i++)); // a lone character of none of these kinds
    if (x + w <= area) x += w;
    else {
      if (x > 0) lines++;
      // a token longer than a line breaks where it must
      const full = Math.ceil(w / area) - 1;
      lines += full;
      x = w - full * area;
    }
  }
  return lines;
}

/** the text area in points of a cell `width` column units wide (or merged cells of that total width) */
export function textAreaPt(width: number): number {
  return width * TEXT_PT - CELL_PADDING_PT;
}

/** row height in points for `lines` lines of `size`-point text, never below `min` */
function heightFor(lines: number, size: number, min: number, padding = 4): number {
  return Math.max(min, Math.ceil((lines * size * LINE_PITCH + padding) * 2) / 2);
}

/** data rows: 18 pt for one line (the helper's look), more for wrapped text */
function dataRowHeight(lines: number): number {
  return lines <= 1 ? 18 : heightFor(lines, BODY_PT, 18);
}

export interface PrintPlan {
  paper: 'A4' | 'A3';
  orientation: Orientation;
  /** 'fit': fitted to one page wide (scale ≥ MIN_SCALE by the estimate); 'pages': a fixed scale across pages */
  mode: 'fit' | 'pages';
  /** the estimated print scale (fit) or the fixed scale (pages), in per cent */
  scale: number;
  /** column widths to write (free-text columns may be narrowed) */
  widths: number[];
  /** columns whose text wraps */
  wrap: boolean[];
  /** pages across; > 1 only in 'pages' mode */
  pagesWide: number;
  /** 0-based column indexes where a new page starts (manual column breaks), 'pages' mode */
  breaks: number[];
  /** leading columns repeated on every page across ('pages' mode), 0 if none */
  titleColumns: number;
  /** columns the title, info, notes and signature rows span: the whole table, or its first page */
  spanColumns: number;
  /** in Chinese, for the clerk: a table that had to be split across pages or moved to A3 paper */
  warnings: string[];
}

interface PlanColumn {
  header: string | string[];
  width?: number;
  type?: LayoutColumn<unknown>['type'];
  wrap?: boolean;
  titleColumn?: boolean;
}

/**
 * Free text (a column without a type) wraps unless the column says `wrap: false`: a long name or a date
 * written out in full then takes a second line instead of running over the border or being cut off.
 * Codes (type 'text': ID numbers, phones) and figures never wrap; their columns are sized for them.
 * A wrapping column of WRAP_FROM_WIDTH or more may be narrowed to fit a page.
 */
function wrapKind(c: PlanColumn, width: number): { wrap: boolean; narrowable: boolean } {
  const wrap = c.wrap ?? c.type === undefined;
  return { wrap, narrowable: wrap && c.type === undefined && width >= WRAP_FROM_WIDTH };
}

const sum = (xs: number[], from = 0, to = xs.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  return s;
};

/** the largest scale (≤ 1) at which columns of `units` total width fit `printable` points */
const fitScale = (units: number, printable: number) => Math.min(1, printable / (units * COLUMN_PT));

/**
 * Narrows the narrowable columns, widest first and never below WRAP_MIN_WIDTH, until the total width is at
 * most `maxUnits`; null when even that is not enough.
 */
function narrowTo(widths: number[], narrowable: boolean[], maxUnits: number): number[] | null {
  const total = sum(widths);
  if (total <= maxUnits) return widths;
  const floor = widths.map((w, i) => (narrowable[i] ? Math.min(w, WRAP_MIN_WIDTH) : w));
  if (sum(floor) > maxUnits) return null;
  // the highest cap L (whole units) with Σ min(w, max(L, floor)) ≤ maxUnits
  const capped = (cap: number) => widths.map((w, i) => (narrowable[i] ? Math.min(w, Math.max(cap, floor[i])) : w));
  let cap = Math.max(...widths.filter((_, i) => narrowable[i]));
  while (cap > WRAP_MIN_WIDTH && sum(capped(cap)) > maxUnits) cap--;
  return capped(cap);
}

interface OnePage {
  paper: Paper;
  orientation: Orientation;
  widths: number[];
  scale: number;
}

/** steps a–c: the first paper/orientation (and narrowing) on which the columns fit one page wide at ≥ 8 pt */
function onePage(widths: number[], narrowable: boolean[], wantPortrait: boolean, allowA3: boolean): OnePage | null {
  const attempts: { paper: Paper; orientation: Orientation; narrow: boolean }[] = [];
  if (wantPortrait) attempts.push({ paper: PAPERS.A4, orientation: 'portrait', narrow: false });
  attempts.push({ paper: PAPERS.A4, orientation: 'landscape', narrow: false });
  if (allowA3) attempts.push({ paper: PAPERS.A3, orientation: 'landscape', narrow: false });
  attempts.push({ paper: PAPERS.A4, orientation: 'landscape', narrow: true });
  if (allowA3) attempts.push({ paper: PAPERS.A3, orientation: 'landscape', narrow: true });
  for (const a of attempts) {
    const printable = printableWidth(a.paper, a.orientation);
    const maxUnits = printable / (MIN_SCALE * COLUMN_PT);
    const w = a.narrow ? narrowTo(widths, narrowable, maxUnits) : sum(widths) <= maxUnits ? widths : null;
    if (w) return { paper: a.paper, orientation: a.orientation, widths: w, scale: fitScale(sum(w), printable) };
  }
  return null;
}

/** adjacent leaf columns under the same top header label form one group (never split between pages) */
function groupsOf(cols: PlanColumn[]): number[] {
  const ids: number[] = [];
  let id = -1;
  cols.forEach((c, i) => {
    const top = Array.isArray(c.header) && c.header.length > 1 ? c.header[0] : null;
    const prev = i > 0 ? cols[i - 1].header : null;
    const prevTop = Array.isArray(prev) && prev.length > 1 ? prev[0] : null;
    if (!(top !== null && top === prevTop)) id++;
    ids.push(id);
  });
  return ids;
}

const leafOf = (c: PlanColumn) => (Array.isArray(c.header) ? c.header[c.header.length - 1] : c.header);

/** how many leading columns to repeat on every page across */
function titleColumnCount(cols: PlanColumn[], widths: number[], capacity: number): number {
  let k = 0;
  if (cols.some((c) => c.titleColumn)) {
    while (k < cols.length && cols[k].titleColumn) k++;
  } else if (cols.length > 1) {
    k = leafOf(cols[0]) === '序号' ? 2 : 1;
  }
  // repeated columns must leave most of each page to the rest of the table
  while (k > 0 && sum(widths, 0, k) > capacity * 0.35) k--;
  return Math.min(k, cols.length - 1);
}

/** page starts for columns at a fixed scale: greedy, breaking between header groups where it can */
function packPages(widths: number[], groups: number[], keys: number, capacity: number): number[] {
  const keyWidth = sum(widths, 0, keys);
  const starts: number[] = [];
  let start = 0;
  while (start < widths.length) {
    starts.push(start);
    const cap = starts.length === 1 ? capacity : capacity - keyWidth;
    let end = start;
    let used = 0;
    while (end < widths.length && used + widths[end] <= cap) used += widths[end++];
    if (end >= widths.length) break;
    if (end === start) end = start + 1; // a column wider than a page gets a page of its own
    else {
      // break before the group that does not fit, unless it would not fit a page of its own either
      let first = end;
      while (first > start && groups[first] === groups[first - 1]) first--;
      let last = end;
      while (last < widths.length && groups[last] === groups[end]) last++;
      if (first > start && sum(widths, first, last) <= capacity - keyWidth) end = first;
    }
    start = end;
  }
  return starts;
}

/**
 * Decides how a table of these columns is printed (docs/print-layout.md):
 *  a. one page wide on A4 (portrait if asked for and it fits, else landscape) with fit-to-width, when that
 *     keeps the body at ≥ 8 pt;
 *  b. else on A3 landscape, when the clerk allows A3;
 *  c. else with long free-text columns narrowed (their text wraps, rows grow taller), A4 then A3;
 *  d. else at a fixed scale ≥ 8 pt across several pages, identifying columns repeated on each page, with a
 *     warning naming the columns to leave out for a one-page table.
 */
export function planPrint(
  columns: PlanColumn[],
  opts: { orientation?: Orientation; allowA3?: boolean } = {},
): PrintPlan {
  const base = columns.map((c) => c.width ?? defaultWidth(c as LayoutColumn<unknown>));
  const kinds = columns.map((c, i) => wrapKind(c, base[i]));
  const narrowable = kinds.map((k) => k.narrowable);
  const allowA3 = Boolean(opts.allowA3);
  const n = columns.length;
  const fit = onePage(base, narrowable, opts.orientation === 'portrait', allowA3);
  if (fit) {
    const narrowed = fit.widths.some((w, i) => w !== base[i]);
    return {
      paper: fit.paper.name,
      orientation: fit.orientation,
      mode: 'fit',
      scale: Math.floor(fit.scale * 100),
      widths: fit.widths,
      wrap: kinds.map((k, i) => k.wrap || fit.widths[i] !== base[i]),
      pagesWide: 1,
      breaks: [],
      titleColumns: 0,
      spanColumns: n,
      warnings: fit.paper === PAPERS.A3
        ? [`表格较宽，已按 A3 横向排版${narrowed ? '（较长的文字列已自动换行）' : ''}，打印时请选用 A3 纸。`]
        : [],
    };
  }

  // d. several pages across at a fixed scale
  const paper = allowA3 ? PAPERS.A3 : PAPERS.A4;
  const printable = printableWidth(paper, 'landscape');
  const groups = groupsOf(columns);
  const capacityAt = (pct: number) => printable / ((pct / 100) * COLUMN_PT);
  const keys = titleColumnCount(columns, base, capacityAt(MIN_SCALE * 100));
  const pagesAt = (pct: number) => packPages(base, groups, keys, capacityAt(pct));
  const fewest = pagesAt(MIN_SCALE * 100).length;
  // the largest scale that needs no more pages than the minimum print size does
  let scale = 100;
  while (scale > MIN_SCALE * 100 && pagesAt(scale).length > fewest) scale--;
  const starts = pagesAt(scale);

  // what to leave out for one page: whole header groups from the right, never the repeated columns
  const drop: string[] = [];
  const kept = columns.map(() => true);
  for (let i = n - 1; i >= keys; ) {
    let j = i;
    while (j > keys && groups[j - 1] === groups[i]) j--;
    for (let c = j; c <= i; c++) kept[c] = false;
    const top = columns[i].header;
    drop.unshift(i > j && Array.isArray(top) && top.length > 1 ? `${top[0]}（${i - j + 1}列）` : leafOf(columns[i]));
    const idx = columns.map((_, c) => c).filter((c) => kept[c]);
    if (onePage(idx.map((c) => base[c]), idx.map((c) => narrowable[c]), false, allowA3)) break;
    i = j - 1;
  }
  const dropFits = (() => {
    const idx = columns.map((_, c) => c).filter((c) => kept[c]);
    return idx.length > 0 && onePage(idx.map((c) => base[c]), idx.map((c) => narrowable[c]), false, allowA3) !== null;
  })();
  const a3Would = !allowA3 && onePage(base, narrowable, false, true) !== null;
  const keyNames = columns.slice(0, keys).map(leafOf).join('、');
  let warning = `表格过宽：按 ${MIN_PRINT_PT} 磅字号需横向 ${starts.length} 页（${paper.name} 横向）`;
  warning += keys ? `，已分页打印，每页重复左侧“${keyNames}”列。` : '，已分页打印。';
  if (dropFits) warning += `可去掉这些列后再导出：${drop.join('、')}`;
  if (a3Would) warning += `${dropFits ? '；或' : ''}在“设置”中勾选“宽表允许用 A3 纸打印”后再导出`;
  if (dropFits || a3Would) warning += '。';
  return {
    paper: paper.name,
    orientation: 'landscape',
    mode: 'pages',
    scale,
    widths: base,
    wrap: kinds.map((k) => k.wrap),
    pagesWide: starts.length,
    breaks: starts.slice(1),
    titleColumns: starts.length > 1 ? keys : 0,
    spanColumns: starts.length > 1 ? starts[1] : n,
    warnings: [warning],
  };
}

// rows between two checks for cancellation by another request (a turn of the event loop)
const YIELD_EVERY = 2000;
const PROGRESS_EVERY = 500;

/**
 * A narrow table is printed centred between the margins; a table printed several pages across gets manual
 * column breaks between header groups. exceljs's streaming writer writes neither <printOptions> nor
 * <colBreaks>: the first goes in just before <pageMargins>, the second right after <rowBreaks>, where the
 * schema puts them.
 */
function patchSheetXml(ws: unknown, columnBreaks: number[]): void {
  const w = ws as {
    _writePageMargins?: () => void;
    _writeRowBreaks?: () => void;
    stream: { write(s: string): void };
  };
  const margins = w._writePageMargins;
  const rowBreaks = w._writeRowBreaks;
  if (typeof margins !== 'function' || typeof rowBreaks !== 'function') {
    throw new Error('exceljs WorksheetWriter internals changed: the page setup patch needs review');
  }
  w._writePageMargins = function (this: typeof w) {
    this.stream.write('<printOptions horizontalCentered="1"/>');
    margins.call(this);
  };
  if (columnBreaks.length) {
    w._writeRowBreaks = function (this: typeof w) {
      rowBreaks.call(this);
      const brk = columnBreaks.map((c) => `<brk id="${c}" max="1048575" man="1"/>`).join('');
      this.stream.write(`<colBreaks count="${columnBreaks.length}" manualBreakCount="${columnBreaks.length}">${brk}</colBreaks>`);
    };
  }
}

export interface WrittenWorkbook {
  bytes: Uint8Array;
  /** for the clerk (Chinese): tables split across pages or moved to A3, see planPrint */
  warnings: string[];
}

/** Writes the sheets into one .xlsx file in memory. */
export async function writeWorkbook(sheets: LayoutSheet<any>[], opts: WriteOptions = {}): Promise<Uint8Array> {
  return (await writeWorkbookWithWarnings(sheets, opts)).bytes;
}

/** Writes the sheets into one .xlsx file in memory, with the print warnings of its sheets. */
export async function writeWorkbookWithWarnings(
  sheets: LayoutSheet<any>[],
  opts: WriteOptions = {},
): Promise<WrittenWorkbook> {
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
  const warnings: string[] = [];
  let written = 0;

  for (const sheet of sheets) {
    const cols = sheet.columns as LayoutColumn<unknown>[];
    const n = cols.length;
    const plan = planPrint(cols, { orientation: sheet.orientation ?? 'landscape', allowA3: sheet.paper?.allowA3 });
    const { widths, wrap } = plan;
    // Rows above and below the table span its first printed page (the whole table when it is one page
    // wide). When identifying columns repeat on every page across, those rows start after them: a repeated
    // column would otherwise print a cut-off piece of 填报单位 or the signature line on every page.
    const span = Math.max(1, plan.spanColumns);
    const first = plan.titleColumns > 0 && plan.titleColumns < span ? plan.titleColumns : 0;
    const spanWidth = sum(widths, first, span);
    const grid = headerGrid(cols);
    const headerTop = (sheet.marking ? 1 : 0) + 3; // [marking], title, info row, then the header
    const headerBottom = headerTop + grid.depth - 1;
    const sheetName = sheetNameOf(sheet.sheetName, usedNames);
    for (const w of plan.warnings) {
      const text = sheets.length > 1 ? `工作表“${sheetName}”：${w}` : w;
      if (!warnings.includes(text)) warnings.push(text);
    }

    const fit = plan.mode === 'fit';
    const ws = wb.addWorksheet(sheetName, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: headerBottom, topLeftCell: `A${headerBottom + 1}`, activeCell: `A${headerBottom + 1}` }],
      pageSetup: {
        paperSize: PAPERS[plan.paper].paperSize,
        orientation: plan.orientation,
        // one page wide, as many pages down as needed; or a fixed scale across several pages
        fitToPage: fit,
        fitToWidth: fit ? 1 : undefined,
        fitToHeight: fit ? 0 : undefined,
        scale: fit ? undefined : plan.scale,
        pageOrder: fit ? undefined : 'overThenDown',
        margins: MARGINS,
        printTitlesRow: `${headerTop}:${headerBottom}`,
        ...(plan.titleColumns ? { printTitlesColumn: `A:${columnLetters(plan.titleColumns)}` } : {}),
      },
      headerFooter: { oddFooter: '&C&"宋体,常规"&10第 &P 页 共 &N 页' },
    } as any);
    ws.columns = widths.map((width) => ({ width })) as any;
    patchSheetXml(ws, plan.breaks);

    const lineRow = (text: string, style: Style, height?: number, from = first) => {
      const values: (string | null)[] = new Array(from + 1).fill(null);
      values[from] = text;
      const row = ws.addRow(values);
      row.getCell(from + 1).style = style as any;
      if (height) row.height = height;
      if (span > from + 1) ws.mergeCells(row.number, from + 1, row.number, span);
      row.commit();
    };

    if (sheet.marking) lineRow(sheet.marking, styles.marking, heightFor(wrappedLines(sheet.marking, textAreaPt(spanWidth), 11), 11, 20, 5));
    // the centred title spans the repeated columns too when it stays clear of them
    const titleFrom = first && (textAreaPt(sum(widths, 0, span)) - textPt(sheet.title, 18)) / 2 >= textAreaPt(sum(widths, 0, first)) ? 0 : first;
    const titleWidth = sum(widths, titleFrom, span);
    lineRow(sheet.title, styles.title, heightFor(wrappedLines(sheet.title, textAreaPt(titleWidth), 18), 18, 36, 8), titleFrom);

    // 填报单位（盖章） left half, 填报日期 (+ 单位：…) right half
    {
      const right = `填报日期：${formatReportDate(sheet.reportDate)}${sheet.unitNote ? FULL_SPACE.repeat(2) + sheet.unitNote : ''}`;
      const left = `填报单位（盖章）：${sheet.reportingUnit}`;
      // columns first..split-1 on the left, split..span-1 on the right (0-based); a one- or two-column form
      // (会议记录: 项目 | 内容) has one line
      const cells = span - first;
      const halves = cells > 2;
      const split = first + (halves ? Math.ceil(cells / 2) : 1);
      const values: (string | null)[] = new Array(n).fill(null);
      values[first] = left;
      let lines: number;
      if (halves) {
        values[split] = right;
        lines = Math.max(wrappedLines(left, textAreaPt(sum(widths, first, split)), 11), wrappedLines(right, textAreaPt(sum(widths, split, span)), 11));
      } else {
        values[first] += FULL_SPACE.repeat(4) + right;
        lines = wrappedLines(values[first]!, textAreaPt(spanWidth), 11);
      }
      const row = ws.addRow(values);
      row.height = heightFor(lines, 11, 22, 6);
      row.getCell(first + 1).style = styles.infoLeft as any;
      if (halves) {
        row.getCell(split + 1).style = styles.infoRight as any;
        if (split > first + 1) ws.mergeCells(row.number, first + 1, row.number, split);
        if (span > split + 1) ws.mergeCells(row.number, split + 1, row.number, span);
      } else if (span > first + 1) ws.mergeCells(row.number, first + 1, row.number, span);
      row.commit();
    }

    // header rows: style every cell first (merged slaves copy the master's style at merge time)
    const headerRows = grid.labels.map((labels) => {
      const row = ws.addRow(labels);
      for (let c = 1; c <= n; c++) row.getCell(c).style = styles.header as any;
      return row;
    });
    // heights for the wrapped labels: one-row labels first, then labels merged down over several rows
    // grow the last of their rows if those rows together are too low
    const headerHeights = grid.labels.map(() => 20);
    const labelHeight = (label: string, cellWidth: number) => heightFor(wrappedLines(label, textAreaPt(cellWidth), BODY_PT), BODY_PT, 20, 6);
    const spanned: { l: number; bottom: number; need: number }[] = [];
    grid.labels.forEach((labels, l) =>
      labels.forEach((label, c) => {
        if (!label) return;
        const merged = grid.merges.find((m) => m.top === l && m.left === c);
        const need = labelHeight(label, merged ? sum(widths, merged.left, merged.right + 1) : widths[c]);
        if (merged && merged.bottom > merged.top) spanned.push({ l, bottom: merged.bottom, need });
        else headerHeights[l] = Math.max(headerHeights[l], need);
      }),
    );
    for (const s of spanned) {
      const have = sum(headerHeights, s.l, s.bottom + 1);
      if (have < s.need) headerHeights[s.bottom] += s.need - have;
    }
    headerRows.forEach((row, l) => (row.height = headerHeights[l]));
    for (const m of grid.merges) ws.mergeCells(headerTop + m.top, m.left + 1, headerTop + m.bottom, m.right + 1);
    for (const row of headerRows) row.commit();

    // data rows: one shared style per column, written as row XML (row-xml.ts); never merged (data cells
    // stay sortable and re-importable)
    const colStyles = cols.map((c, i) => styles.dataStyle(defaultAlign(c, c.width ?? defaultWidth(c)), NUMFMT[c.type ?? 'number'], false, wrap[i]));
    const styleIds = colStyles.map((st) => (wb as any).styles.addStyleModel(st, ExcelJS.ValueType.Number) as number);
    const out = new RowXmlWriter(ws, styleIds);
    const types = cols.map((c) => c.type);
    const getters = cols.map((c) => c.value);
    // Rows get the height their wrapped text needs: Excel and LibreOffice do not re-fit row heights when they
    // open a file, so wrapped text would otherwise be cut off at the row's edge when printed.
    const wrapped = cols.flatMap((_c, i) => (wrap[i] ? [i] : []));
    const areas = widths.map(textAreaPt);
    // long values repeat (organization names, job titles): their line counts are kept per column
    const known = widths.map(() => new Map<string, number>());
    const linesOf = (v: string, c: number) => {
      if (v.length * BODY_PT <= areas[c]) return 1;
      const memo = known[c];
      let l = memo.get(v);
      if (l === undefined) {
        if (memo.size >= 4096) memo.clear();
        memo.set(v, (l = wrappedLines(v, areas[c], BODY_PT)));
      }
      return l;
    };
    const values: (string | number | null)[] = new Array(n);
    let index = 0;
    const writeRow = (r: unknown) => {
      for (let c = 0; c < n; c++) values[c] = cellValue(types[c], getters[c](r, index));
      let lines = 1;
      for (const c of wrapped) {
        const v = values[c];
        if (typeof v === 'string') {
          const l = linesOf(v, c);
          if (l > lines) lines = l;
        }
      }
      out.write(values, dataRowHeight(lines));
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
      const totalStyles = cols.map((c, i) => styles.dataStyle(defaultAlign(c, c.width ?? defaultWidth(c)), NUMFMT[c.type ?? 'number'], true, wrap[i]));
      const values = cols.map((c, i) => cellValue(c.type, sheet.totalRow![i] ?? null));
      const row = ws.addRow(values);
      let lines = 1;
      for (let c = 0; c < n; c++) {
        const v = values[c];
        // a label (合计) in a numeric column is centred rather than right-aligned
        row.getCell(c + 1).style = (typeof v === 'string' && cols[c].type !== 'text'
          ? styles.dataStyle('center', undefined, true)
          : totalStyles[c]) as any;
        if (typeof v === 'string' && wrap[c]) lines = Math.max(lines, wrappedLines(v, areas[c], BODY_PT));
      }
      row.height = dataRowHeight(lines);
      row.commit();
    }

    const lineHeight = (text: string, min: number) => heightFor(wrappedLines(text, textAreaPt(spanWidth), 11), 11, min, 5);
    for (const note of sheet.notes ?? []) lineRow(note, styles.line, lineHeight(note, 20));
    const sig = sheet.signatureText ?? signatureLine(sheet.signatures);
    lineRow(sig, styles.line, lineHeight(sig, 26));

    ws.commit();
  }

  await wb.commit();
  if (signal?.aborted) throw cancelled();
  const buf = Buffer.concat(chunks);
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), warnings };
}
