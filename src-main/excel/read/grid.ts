// The neutral grid every reader produces and the import pipeline consumes: no library types leak out.

/** a cell whose number format is a date: the calendar date as ISO text (never a JS Date: no time zone) */
export interface DateCell {
  date: string;
}

/**
 * string = text cell (shared/inline/formula string, CSV field); number = numeric cell;
 * boolean = TRUE/FALSE cell; DateCell = numeric cell formatted as a date; null/undefined = empty.
 */
export type CellValue = string | number | boolean | DateCell | null | undefined;

export type GridRow = CellValue[];

/** 0-based inclusive range, as merged in the sheet */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface GridSheet {
  name: string;
  /** rows[i] is the sheet's row i+1 (Excel's row number); missing rows are undefined */
  rows: (GridRow | undefined)[];
  merges: MergeRange[];
}

export interface Grid {
  /** 'xlsx' | 'xls' | 'csv' */
  format: string;
  sheets: GridSheet[];
}

export const isDateCell = (v: CellValue): v is DateCell => typeof v === 'object' && v !== null && 'date' in v;

/** "A" → 0, "AB" → 27 */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

export function columnLetters(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** reports progress / honours cancel while a reader works through a large file */
export interface ReadOptions {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** read only these sheet names (others are listed with no rows) */
  sheets?: string[];
}

/** streaming: the reader hands each sheet's rows over one by one instead of building the grid */
export interface RowConsumer {
  /** returns the row callback for the sheet, or null to keep its rows in the grid as usual */
  startSheet(name: string): ((rowIndex: number, row: GridRow) => void) | null;
  endSheet(name: string, merges: MergeRange[]): void;
}
