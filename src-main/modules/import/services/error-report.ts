import type { ServiceContext } from '../../../services/context.ts';
import type { JobHandle } from '../../../services/jobs.ts';
import type { FileResult } from '../../../contract/define.ts';
import type { ImportFileInput } from '../contract.ts';
import { readSpreadsheet } from '../../../excel/read/index.ts';
import { isDateCell, type CellValue, type GridSheet } from '../../../excel/read/grid.ts';
import { isFormulaLike } from '../../../excel/layout.ts';
import { AppError } from '../../../domain/errors.ts';
import { filesOf, refusedRowsOf } from './service.ts';
import type { CellIssue } from './analyse.ts';

// 错误报告: the clerk's own sheets with only the rows that were refused, their original columns and
// values, a 错误说明 column at the end, and every offending cell highlighted — fix it in Excel/WPS and
// import it again. Title and header rows are kept as they were (with their merges). A one-person form is
// copied whole, its offending cells highlighted and the explanation under it.

const ERROR_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFC7CE' } };

function excelValue(v: CellValue): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (isDateCell(v)) {
    const [y, m, d] = v.date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  }
  return v;
}

const note = (issues: CellIssue[], rowNo: number) => `${issues.map((i) => `${i.column}：${i.message}`).join('；')}（原表第${rowNo}行）`;

export async function errorReport(ctx: ServiceContext, input: ImportFileInput, job: JobHandle): Promise<FileResult> {
  const { analysis, rows: bySheet } = await refusedRowsOf(ctx, input, job);
  if (!bySheet.size) throw new AppError('NOT_FOUND', '没有需要修改的行：所有行都可以导入');
  job.report(950, 1000, '正在生成错误报告');
  const grids = new Map<string, GridSheet>();
  for (const { prefix, ...f } of filesOf(input)) {
    const wanted = [...bySheet.keys()].filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
    if (!wanted.length) continue;
    const grid = await readSpreadsheet(f.bytes, f.fileName, { sheets: wanted });
    for (const g of grid.sheets) if (wanted.includes(g.name)) grids.set(prefix + g.name, g);
  }
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const names = new Set<string>();
  const sheetName = (name: string) => {
    let n = name.replace(/[\\/?*[\]:]/g, '_').slice(-31);
    for (let i = 2; names.has(n); i++) n = `${name.slice(-28)}(${i})`;
    names.add(n);
    return n;
  };
  for (const s of analysis.sheets) {
    const errors = bySheet.get(s.name);
    const sheet = grids.get(s.name);
    if (!errors || !sheet) continue;
    const ws = wb.addWorksheet(sheetName(s.name));
    if (s.kind === 'form') {
      // the form as it was, the offending cells marked, the explanation under it
      sheet.rows.forEach((src, r) => {
        const row = ws.getRow(r + 1);
        (src ?? []).forEach((v, c) => (row.getCell(c + 1).value = excelValue(v)));
      });
      for (const m of sheet.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
      for (const [rowNo, issues] of errors) {
        for (const i of issues) if (i.col >= 0) ws.getRow(rowNo).getCell(i.col + 1).fill = ERROR_FILL;
        const cell = ws.getRow(sheet.rows.length + 2).getCell(1);
        cell.value = `错误说明：${note(issues, rowNo)}`;
        cell.font = { color: { argb: 'FFC00000' } };
      }
      continue;
    }
    if (!s.header) continue;
    const width = Math.max(...s.header.columns.map((c) => c.index + 1), ...sheet.rows.slice(0, s.header.dataStart).map((r) => r?.length ?? 0));
    const noteCol = width + 1;
    const textCols = new Set(s.mapping.filter((m) => m.target === 'idNumber' || m.target === 'phone' || m.target === 'landline').map((m) => m.index + 1));
    // title and header rows as they were
    for (let r = 0; r < s.header.dataStart; r++) {
      const src = sheet.rows[r] ?? [];
      const row = ws.getRow(r + 1);
      for (let c = 0; c < src.length; c++) {
        const cell = row.getCell(c + 1);
        cell.value = excelValue(src[c]);
        if (typeof cell.value === 'string' && isFormulaLike(cell.value)) cell.numFmt = '@';
      }
    }
    for (const m of sheet.merges) if (m.bottom < s.header.dataStart) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
    const headRow = ws.getRow(s.header.headerRow);
    headRow.getCell(noteCol).value = '错误说明';
    headRow.getCell(noteCol).font = { bold: true, color: { argb: 'FFC00000' } };
    if (s.header.headerRowCount > 1) ws.mergeCells(s.header.headerRow, noteCol, s.header.headerRow + s.header.headerRowCount - 1, noteCol);
    let out = s.header.dataStart + 1;
    for (const [rowNo, issues] of [...errors].sort((a, b) => a[0] - b[0])) {
      const src = sheet.rows[rowNo - 1] ?? [];
      const row = ws.getRow(out++);
      for (let c = 0; c < Math.max(src.length, width); c++) {
        const cell = row.getCell(c + 1);
        cell.value = excelValue(src[c]);
        // text that Excel/WPS would read as a formula when edited stays text (docs/safety.md#exports)
        if (textCols.has(c + 1) || (typeof cell.value === 'string' && isFormulaLike(cell.value))) cell.numFmt = '@';
        if (isDateCell(src[c])) cell.numFmt = 'yyyy-mm-dd';
      }
      for (const i of issues) if (i.col >= 0) row.getCell(i.col + 1).fill = ERROR_FILL;
      const n = row.getCell(noteCol);
      n.value = note(issues, rowNo);
      n.font = { color: { argb: 'FFC00000' } };
      n.alignment = { wrapText: true, vertical: 'top' };
    }
    ws.getColumn(noteCol).width = 60;
  }
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const base = input.fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return { fileName: `${base}-错误报告.xlsx`, bytes };
}
