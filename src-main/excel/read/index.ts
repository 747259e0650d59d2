import { AppError } from '../../domain/errors.ts';
import type { Grid, ReadOptions, RowConsumer } from './grid.ts';
import { LIMIT_MESSAGES, limitError, MAX_FILE_BYTES } from './limits.ts';
import { MESSAGES, unusable } from './unusable.ts';

// One entry point: sniff the bytes (never trust the extension alone), pick the reader, and refuse
// anything that is not a usable spreadsheet with a clear Chinese message.

export type { Grid, GridSheet, GridRow, CellValue, DateCell, MergeRange } from './grid.ts';

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7);
const isCfb = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** an OLE container holding "EncryptedPackage" is an .xlsx with an opening password */
function hasUtf16Name(bytes: Uint8Array, name: string): boolean {
  const pattern = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) pattern[i * 2] = name.charCodeAt(i);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.indexOf(pattern) >= 0;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) controls++;
  }
  return controls > n / 50;
}

export const baseName = (fileName: string) => fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

/**
 * Reads a spreadsheet. With a consumer, an .xlsx streams its rows into it (the grid's sheets then have
 * no rows); other formats always build the grid (legacy .xls and CSV files are small).
 */
export async function readSpreadsheet(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}, consumer?: RowConsumer): Promise<Grid> {
  if (bytes.length === 0) throw unusable(`文件是空的：${MESSAGES.empty}`);
  if (bytes.length > MAX_FILE_BYTES) throw limitError(LIMIT_MESSAGES.fileTooBig);
  const ext = (/\.([^.\\/]+)$/.exec(fileName)?.[1] ?? '').toLowerCase();
  let grid: Grid;
  if (isZip(bytes)) {
    grid = await (await import('./xlsx.ts')).readXlsx(bytes, opts, consumer);
  } else if (isCfb(bytes)) {
    if (hasUtf16Name(bytes, 'EncryptedPackage') || hasUtf16Name(bytes, 'EncryptionInfo')) throw unusable(MESSAGES.encrypted);
    grid = await (await import('./xls.ts')).readXls(bytes, opts);
  } else if ((await import('./html.ts')).looksLikeHtml(bytes)) {
    // a web page's table saved as .xls (often GBK): read as the table it is
    grid = await (await import('./html.ts')).readHtml(bytes, baseName(fileName));
  } else if (ext === 'xls' && bytes[0] === 0x3c) {
    // WPS/old systems save HTML or SpreadsheetML 2003 tables with an .xls name
    grid = await (await import('./xls.ts')).readXls(bytes, opts);
  } else if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xls' || looksBinary(bytes)) {
    throw unusable(MESSAGES.notSpreadsheet);
  } else {
    grid = await (await import('./csv.ts')).readCsv(bytes, baseName(fileName));
  }
  if (opts.signal?.aborted) throw new AppError('CANCELLED', MESSAGES.cancelled);
  if (!consumer && !grid.sheets.some((s) => s.rows.some((r) => r && r.some((v) => v !== null && v !== undefined && v !== '')))) {
    throw unusable(MESSAGES.empty);
  }
  return grid;
}
