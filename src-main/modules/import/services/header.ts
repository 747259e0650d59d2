import type { CellValue, GridRow, GridSheet } from '../../../excel/read/grid.ts';
import { isDateCell } from '../../../excel/read/grid.ts';
import { matchHeading } from './heading.ts';

// Header detection (docs/domain/import.md#header-detection): the header is the first row where at
// least 3 cells name known member fields; title rows (中共…党员花名册) and the 填报单位 row above it are
// skipped. A second header row under merged group cells (党员信息 over 人员类别/入党时间/转正时间) is
// folded into one heading per column. Data ends at the footer (填表人/审核人/注/合计).

export interface HeaderColumn {
  /** 0-based column index */
  index: number;
  /** the heading as the file shows it: the lowest header cell, trimmed */
  heading: string;
  /** texts tried against the aliases: "parent/child" then "child", or the single heading */
  candidates: string[];
}

export interface HeaderInfo {
  /** 1-based row number of the (first) header row */
  headerRow: number;
  /** 1 or 2 */
  headerRowCount: number;
  /** 0-based index of the first row after the header */
  dataStart: number;
  columns: HeaderColumn[];
}

export const SEARCH_ROWS = 30;
const MIN_MATCHES = 3;

export const cellText = (v: CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (isDateCell(v)) return v.date;
  return String(v);
};

function matchCount(row: GridRow | undefined): number {
  if (!row) return 0;
  let n = 0;
  for (const v of row) if (typeof v === 'string' && matchHeading([v])) n++;
  return n;
}

const looksLikeData = (v: CellValue) =>
  isDateCell(v) || (typeof v === 'number' && Math.abs(v) >= 1000) || (typeof v === 'string' && /^\d{15,18}[\dXx]?$/.test(v.trim()));

/** the text shown at (r, c), following a merged range back to its top-left cell */
function mergedText(sheet: GridSheet, r: number, c: number): string {
  const own = cellText(sheet.rows[r]?.[c]);
  if (own) return own;
  for (const m of sheet.merges) {
    if (r >= m.top && r <= m.bottom && c >= m.left && c <= m.right) return cellText(sheet.rows[m.top]?.[m.left]);
  }
  return '';
}

export function findHeaderRow(sheet: GridSheet): number | null {
  const limit = Math.min(sheet.rows.length, SEARCH_ROWS);
  for (let r = 0; r < limit; r++) if (matchCount(sheet.rows[r]) >= MIN_MATCHES) return r;
  return null;
}

/**
 * Header of a sheet: found automatically, or at `forcedRow` (1-based) when the clerk chose it.
 * Returns null when no row looks like a member header.
 */
export function detectHeader(sheet: GridSheet, forcedRow?: number): HeaderInfo | null {
  const h = forcedRow !== undefined ? forcedRow - 1 : findHeaderRow(sheet);
  if (h === null || h < 0 || !sheet.rows[h]) return null;
  const top = sheet.rows[h]!;
  const bottom = sheet.rows[h + 1] ?? [];
  const width = Math.max(top.length, bottom.length);

  // is the next row a second header row? it names fields, holds no data-looking cells, and its named
  // cells sit under group cells (merged, empty, or not themselves a field name)
  let twoRows = false;
  if (!bottom.some(looksLikeData)) {
    let named = 0;
    let underGroup = 0;
    for (let c = 0; c < bottom.length; c++) {
      const b = cellText(bottom[c]);
      if (!b || !matchHeading([b])) continue;
      named++;
      const t = mergedText(sheet, h, c);
      const topIsVerticalMerge = sheet.merges.some((m) => m.top === h && m.bottom >= h + 1 && c >= m.left && c <= m.right && m.left === m.right);
      if (!topIsVerticalMerge && (!t || !matchHeading([t]) || sheet.merges.some((m) => m.top === h && m.left <= c && m.right >= c && m.right > m.left))) underGroup++;
    }
    twoRows = named > 0 && underGroup > 0;
  }

  const columns: HeaderColumn[] = [];
  let carried = '';
  for (let c = 0; c < width; c++) {
    let parent = mergedText(sheet, h, c);
    const child = twoRows ? cellText(bottom[c]) : '';
    if (twoRows && !parent && child && sheet.merges.length === 0) parent = carried; // fold by position
    if (parent && cellText(top[c])) carried = matchHeading([parent]) ? '' : parent;
    const heading = child || parent;
    if (!heading) continue;
    const candidates = child && parent && parent !== child ? [`${parent}/${child}`, child] : [heading];
    columns.push({ index: c, heading, candidates });
  }
  return { headerRow: h + 1, headerRowCount: twoRows ? 2 : 1, dataStart: h + (twoRows ? 2 : 1), columns };
}

const FOOTER = /^(填表人|填报人|制表人|审核人|审批人|负责人|单位负责人|联系电话|联系人|合计|总计|注[:：\d、.．]|注$|说明[:：])/;

/** a footer row: its first non-empty cell starts with 填表人/审核人/负责人/注/合计… */
export function isFooterRow(row: GridRow): boolean {
  for (const v of row) {
    const t = cellText(v).replace(/[\s\u3000]+/g, '');
    if (t) return FOOTER.test(t);
  }
  return false;
}

export const isBlankRow = (row: GridRow | undefined): boolean => !row || row.every((v) => cellText(v) === '');

export type RowKind = 'blank' | 'footer' | 'repeated-header' | 'data';

/** what a row after the header is: blank (skipped), the footer (data ends), a header repeated on every printed page, or data */
export function classifyRow(row: GridRow | undefined, header: HeaderInfo): RowKind {
  if (!row || isBlankRow(row)) return 'blank';
  if (isFooterRow(row)) return 'footer';
  let same = 0;
  for (const c of header.columns) if (cellText(row[c.index]) === c.heading) same++;
  return same >= Math.min(3, header.columns.length) ? 'repeated-header' : 'data';
}

/** data rows of a sheet held whole: (0-based index, row) from dataStart to the footer */
export function* dataRows(sheet: GridSheet, header: HeaderInfo): Generator<[number, GridRow]> {
  for (let r = header.dataStart; r < sheet.rows.length; r++) {
    const kind = classifyRow(sheet.rows[r], header);
    if (kind === 'footer') return;
    if (kind === 'data') yield [r, sheet.rows[r]!];
  }
}
