import type { CellValue, Grid, GridRow, GridSheet, ReadOptions } from './grid.ts';
import { serialToIsoDate } from './date-format.ts';
import { LIMIT_MESSAGES, limitError, MAX_CELL_CHARS, MAX_ROWS } from './limits.ts';
import { MESSAGES, unusable } from './unusable.ts';

// Legacy .xls (BIFF8, Excel 97-2003 / WPS) through @e965/xlsx, the maintained SheetJS build (never the
// frozen `xlsx` package with its advisories). cellDates stays off: with it, SheetJS drops sheets that
// use an East-Asian built-in date format; we detect date formats ourselves from cell.z.

export async function readXls(bytes: Uint8Array, opts: ReadOptions = {}): Promise<Grid> {
  const XLSX = await import('@e965/xlsx');
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', cellDates: false, cellNF: true, cellHTML: false, dense: true, sheets: opts.sheets?.length ? opts.sheets : undefined });
  } catch (e) {
    const msg = String((e as Error)?.message ?? e);
    if (/password|encrypt/i.test(msg)) throw unusable(MESSAGES.encrypted);
    throw unusable(MESSAGES.notSpreadsheet);
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  for (const name of wb.SheetNames) {
    const data = (wb.Sheets[name]?.['!data'] ?? []) as unknown[];
    if (data.length > MAX_ROWS) throw limitError(LIMIT_MESSAGES.rows);
  }
  const sheets: GridSheet[] = wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    const dense = (ws?.['!data'] ?? []) as ({ t: string; v: unknown; z?: string }[] | undefined)[];
    const rows: (GridRow | undefined)[] = [];
    dense.forEach((cells, r) => {
      if (!cells) return;
      const row: GridRow = [];
      cells.forEach((cell, c) => {
        if (!cell || cell.v === undefined || cell.v === null || cell.v === '') return;
        let v: CellValue;
        if (cell.t === 'n') {
          const n = cell.v as number;
          const z = typeof cell.z === 'string' ? cell.z : '';
          v = z && XLSX.SSF.is_date(z) ? (serialToIsoDate(n, date1904) ? { date: serialToIsoDate(n, date1904)! } : n) : n;
        } else if (cell.t === 'b') v = Boolean(cell.v);
        else if (cell.t === 'd') v = { date: new Date(cell.v as string).toISOString().slice(0, 10) };
        else v = String(cell.v);
        if (typeof v === 'string' && v.length > MAX_CELL_CHARS) throw limitError(LIMIT_MESSAGES.cell);
        row[c] = v;
      });
      if (row.length) rows[r] = row;
    });
    const merges = ((ws?.['!merges'] ?? []) as { s: { r: number; c: number }; e: { r: number; c: number } }[]).map((m) => ({
      top: m.s.r,
      left: m.s.c,
      bottom: m.e.r,
      right: m.e.c,
    }));
    return { name, rows, merges };
  });
  return { format: 'xls', sheets };
}
