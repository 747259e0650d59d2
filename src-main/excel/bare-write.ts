import { loadWorkbookWriter } from './exceljs-writer.ts';
import type { LayoutColumn, LayoutSheet } from './layout.ts';
import { cellValue } from './layout.ts';

// The benchmark's yardstick (target: export ≤ 1.3× the bare streaming write):
// exceljs's streaming writer writing the SAME cell values as writeWorkbook (header labels and data rows),
// with no styles (useStyles false: the fastest configuration, so the ratio is not flattered), merges,
// page setup or layout rows. Not used by the app itself.

export async function writeBareWorkbook(sheets: LayoutSheet<any>[]): Promise<Uint8Array> {
  // the same writer module as writeWorkbook
  const { WorkbookWriter } = await loadWorkbookWriter();
  const { Writable } = await import('node:stream');
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const wb = new WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  for (const sheet of sheets) {
    const cols = sheet.columns as LayoutColumn<unknown>[];
    const n = cols.length;
    const ws = wb.addWorksheet(sheet.sheetName);
    ws.addRow(cols.map((c) => (Array.isArray(c.header) ? c.header.join('/') : c.header))).commit();
    let index = 0;
    const write = (r: unknown) => {
      const values = new Array(n);
      for (let c = 0; c < n; c++) values[c] = cellValue(cols[c].type, cols[c].value(r, index));
      ws.addRow(values).commit();
      index++;
    };
    const rows = sheet.rows as Iterable<unknown> | AsyncIterable<unknown>;
    if (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      for await (const r of rows as AsyncIterable<unknown>) write(r);
    } else {
      for (const r of rows as Iterable<unknown>) write(r);
    }
    ws.commit();
  }
  await wb.commit();
  const buf = Buffer.concat(chunks);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
