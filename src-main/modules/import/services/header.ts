import type { CellValue, GridRow, GridSheet } from '../../../excel/read/grid.ts';
import { isDateCell } from '../../../excel/read/grid.ts';
import { parsePartialDate } from '../../../domain/partial-date.ts';
import { FIELD_BY_KEY, type MappingTarget } from '../domain/fields.ts';
import { ENUM_FIELDS, fitOf } from '../domain/values.ts';
import { headingHint, matchHeadingText } from './heading.ts';

// Header detection (docs/domain/import.md#header-detection): the header is the first row where at least 3
// cells name known member fields; title rows (中共…党员花名册) and the 填报单位 row above it are skipped. A
// header may span two or three rows: group cells over leaf headings (党员信息 over 人员类别/入党时间/转正时间),
// and cells merged down over the rows of the header (序号, 联系电话) belong to the header they span. Each
// column's heading is its parts from top to bottom ("基本情况/联系电话"); the leaf is what the file shows.

export interface HeaderColumn {
  /** 0-based column index */
  index: number;
  /** the lowest heading text of the column, trimmed (what messages name) */
  heading: string;
  /** every level's text, top to bottom, joined by "/" ("基本情况/联系电话"); equals heading for one-row headers */
  path: string;
  /** texts tried against the aliases: the path, then the leaf */
  candidates: string[];
  /** formats or instructions the heading carries ("(yyyy-MM-dd)") */
  hint: string;
}

export interface HeaderInfo {
  /** 1-based row number of the first header row */
  headerRow: number;
  /** 1–3 */
  headerRowCount: number;
  /** 0-based index of the first row after the header */
  dataStart: number;
  columns: HeaderColumn[];
  /** the header's text by level (row) and column, merged cells filled in: a repeated header is recognised by it */
  texts: string[][];
}

export const SEARCH_ROWS = 30;
const MIN_MATCHES = 3;
export const MAX_HEADER_ROWS = 3;

export const cellText = (v: CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (isDateCell(v)) return v.date;
  return String(v);
};

/** a cell that names a known field (numbers never do: a template's placeholder "1" or "0" is not a heading) */
const isHeadingCell = (v: CellValue): boolean => typeof v === 'string' && v.length < 80 && !/^\s*\d+(\.\d+)?\s*$/.test(v) && matchHeadingText(v) !== null;

function matchCount(row: GridRow | undefined): number {
  if (!row) return 0;
  let n = 0;
  for (const v of row) if (isHeadingCell(v)) n++;
  return n;
}

/** a value that can only belong to this field (free texts such as names never count) */
function valueFits(field: MappingTarget | null, v: CellValue): boolean {
  const t = cellText(v);
  if (!t || !field || field === 'ignore') return false;
  if (field === 'idNumber') return /^\d{17}[\dXx]$/.test(t);
  if (FIELD_BY_KEY.get(field)?.kind === 'date') return isDateCell(v) || parsePartialDate(t) !== null;
  if (ENUM_FIELDS.includes(field) || field === 'phone') return fitOf(field, [t]) === 1;
  return false;
}

/**
 * A row of a one-person form (党员基本信息采集表): labels each followed by a value that fits it in the next cell
 * ("性别 | 男 | 民族 | 汉族"). A roster's header has its labels side by side instead.
 */
export function isFormRow(row: GridRow | undefined): boolean {
  if (!row) return false;
  let pairs = 0;
  for (let c = 0; c < row.length - 1; c++) {
    if (!isHeadingCell(row[c])) continue;
    if (valueFits(matchHeadingText(row[c] as string), row[c + 1])) pairs++;
  }
  return pairs >= 2;
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
  for (let r = 0; r < limit; r++) if (matchCount(sheet.rows[r]) >= MIN_MATCHES && !isFormRow(sheet.rows[r])) return r;
  return null;
}

const TITLE = /花名册|名册|一览表|统计表|登记表|信息表|采集表|汇总表|名单$|^填报|^填表|^单位[:：]|^制表/;

/** is row h+1 a second header row? it names fields, holds no data, and its named cells sit under group cells */
function isLowerHeaderRow(sheet: GridSheet, h: number): boolean {
  const bottom = sheet.rows[h + 1] ?? [];
  if (bottom.some(looksLikeData)) return false;
  let named = 0;
  let underGroup = 0;
  for (let c = 0; c < bottom.length; c++) {
    const b = cellText(bottom[c]);
    if (!b || !isHeadingCell(bottom[c])) continue;
    named++;
    const t = mergedText(sheet, h, c);
    const topIsVerticalMerge = sheet.merges.some((m) => m.top === h && m.bottom >= h + 1 && c >= m.left && c <= m.right && m.left === m.right);
    if (!topIsVerticalMerge && (!t || !matchHeadingText(t) || sheet.merges.some((m) => m.top === h && m.left <= c && m.right >= c && m.right > m.left))) underGroup++;
  }
  return named > 0 && underGroup > 0;
}

/**
 * is row h-1 an upper header row? a heading there stands over an empty cell of row h (merged down, or
 * written once over two rows), or a group cell is merged across headings of row h; a title or 填报单位
 * row is not
 */
function isUpperHeaderRow(sheet: GridSheet, h: number): boolean {
  if (h < 1) return false;
  const upper = sheet.rows[h - 1];
  const row = sheet.rows[h] ?? [];
  if (!upper || upper.some(looksLikeData)) return false;
  const texts = upper.map(cellText);
  if (texts.filter(Boolean).length < 2 || texts.some((t) => TITLE.test(t.replace(/\s+/g, '')))) return false;
  for (let c = 0; c < upper.length; c++) {
    if (!texts[c]) continue;
    if (isHeadingCell(upper[c]) && !cellText(row[c])) return true;
    if (sheet.merges.some((m) => m.top === h - 1 && m.left === c && m.right > m.left && m.bottom === h - 1)) {
      for (let x = c; x < upper.length && x <= (sheet.merges.find((m) => m.top === h - 1 && m.left === c)?.right ?? c); x++) {
        if (isHeadingCell(row[x])) return true;
      }
    }
  }
  return false;
}

/**
 * Header of a sheet: found automatically, or at the rows the clerk chose (1-based, first–last).
 * Returns null when no row looks like a member header.
 */
export function detectHeader(sheet: GridSheet, forced?: { first: number; last: number }): HeaderInfo | null {
  let top: number;
  let bottom: number;
  if (forced) {
    top = forced.first - 1;
    bottom = Math.min(forced.last - 1, top + MAX_HEADER_ROWS - 1);
    if (top < 0 || bottom < top || !sheet.rows[top]) return null;
  } else {
    const h = findHeaderRow(sheet);
    if (h === null || !sheet.rows[h]) return null;
    top = isUpperHeaderRow(sheet, h) ? h - 1 : h;
    bottom = isLowerHeaderRow(sheet, h) ? h + 1 : h;
  }
  const levels = bottom - top + 1;
  let width = 0;
  for (let r = top; r <= bottom; r++) width = Math.max(width, sheet.rows[r]?.length ?? 0);

  // every level's text per column: own text, a merged range's text, or (no merges known) a group cell's
  // text carried to the right over the headings under it
  const texts: string[][] = [];
  for (let l = 0; l < levels; l++) {
    const r = top + l;
    const line: string[] = [];
    let carried = '';
    for (let c = 0; c < width; c++) {
      const own = cellText(sheet.rows[r]?.[c]);
      let t = own || (sheet.merges.length ? mergedText(sheet, r, c) : '');
      if (own) carried = matchHeadingText(own) ? '' : own;
      else if (!t && !sheet.merges.length && l < levels - 1) {
        const below = cellText(sheet.rows[r + 1]?.[c]);
        if (carried && below) t = carried;
        else carried = '';
      }
      line.push(t);
    }
    texts.push(line);
  }

  const columns: HeaderColumn[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (let l = 0; l < levels; l++) {
      const t = texts[l][c];
      if (t && parts[parts.length - 1] !== t) parts.push(t);
    }
    if (!parts.length) continue;
    const leaf = parts[parts.length - 1];
    const path = parts.join('/');
    columns.push({ index: c, heading: leaf, path, candidates: path === leaf ? [leaf] : [path, leaf], hint: headingHint(leaf) });
  }
  return { headerRow: top + 1, headerRowCount: levels, dataStart: bottom + 1, columns, texts };
}
