import fs from 'node:fs';
import ExcelJS from 'exceljs';

// Fixture spreadsheets, all generated with code: exceljs for .xlsx, SheetJS for .xls, iconv-lite for
// GB18030 CSV.

export type Cell = ExcelJS.CellValue;

export interface SheetSpec {
  name: string;
  /** rows above the header (title, 填报单位) */
  above?: Cell[][];
  /** header rows (one or two) */
  header: Cell[][];
  merges?: string[];
  rows: Cell[][];
  below?: Cell[][];
  /** number formats by 1-based column */
  numFmt?: Record<number, string>;
}

export async function writeXlsx(file: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of [...(s.above ?? []), ...s.header, ...s.rows, ...(s.below ?? [])]) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const [col, fmt] of Object.entries(s.numFmt ?? {})) {
      const first = (s.above?.length ?? 0) + s.header.length + 1;
      for (let r = first; r < first + s.rows.length; r++) ws.getCell(r, Number(col)).numFmt = fmt;
    }
  }
  await wb.xlsx.writeFile(file);
  return file;
}

export async function writeXls(file: string, sheets: { name: string; rows: unknown[][] }[]): Promise<string> {
  const XLSX = await import('@e965/xlsx');
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows, { cellDates: false }), s.name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xls' }));
  return file;
}

export async function writeCsv(file: string, rows: string[][], encoding: 'utf-8' | 'utf-8-bom' | 'gb18030'): Promise<string> {
  const text = rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gb18030') {
    const iconv = (await import('iconv-lite')).default;
    fs.writeFileSync(file, iconv.encode(text, 'gb18030'));
  } else fs.writeFileSync(file, (encoding === 'utf-8-bom' ? '\uFEFF' : '') + text, 'utf8');
  return file;
}
