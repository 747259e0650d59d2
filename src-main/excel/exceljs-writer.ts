import type ExcelJS from 'exceljs';

// exceljs's streaming workbook writer, loaded on its own. The package entry also loads the in-memory
// Workbook, the streaming reader and the CSV support, which exports never use: loading only the writer
// takes ~200 ms of CPU instead of ~350 ms, paid by the first export of a session (target: export ≤ 1.3×
// the bare streaming write). Lazily imported (CLI start-up stays fast). exceljs is pinned at 4.4
// (package.json), whose lib/ layout these paths follow; writeWorkbook's tests fail loudly if they move.

export interface ExcelJsWriter {
  WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  ValueType: typeof ExcelJS.ValueType;
}

// in variables: the deep paths have no type declarations of their own (typed by the interface above)
const WRITER = 'exceljs/lib/stream/xlsx/workbook-writer.js';
const ENUMS = 'exceljs/lib/doc/enums.js';

export async function loadWorkbookWriter(): Promise<ExcelJsWriter> {
  const [writer, enums] = await Promise.all([import(WRITER), import(ENUMS)]);
  return { WorkbookWriter: writer.default, ValueType: enums.default.ValueType };
}
