import ExcelJS from 'exceljs';

// The floor the import is compared with: a bare Node process reading the file
// with exceljs's streaming reader and nothing else. Prints the row count and peak RSS as JSON.
const file = process.argv[2];
let rows = 0;
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
for await (const ws of reader) {
  for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
    if (row.values) rows++;
  }
}
process.stdout.write(JSON.stringify({ rows, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
