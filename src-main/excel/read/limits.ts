import { AppError } from '../../domain/errors.ts';

// Limits that keep a hostile or broken spreadsheet bounded (docs/safety.md#hostile-files): checked
// while the file streams, so a zip bomb, a giant shared-string table or a sheet declaring a million
// rows is refused in seconds and within a few hundred MB, with a Chinese sentence, before anything is
// written. A real 200,000-row roster (≈ 27 MB .xlsx, ≈ 200 MB of sheet XML) stays well inside them.

/** the largest file accepted for import (bytes as uploaded) */
export const MAX_FILE_BYTES = 80 * 1024 * 1024;
/** all files of one import together (several files or a folder: each also within MAX_FILE_BYTES) */
export const MAX_IMPORT_BYTES = 4 * MAX_FILE_BYTES;
/** inflated bytes of one part of an .xlsx (a sheet's XML, the shared strings) */
export const MAX_PART_BYTES = 600 * 1024 * 1024;
/** inflated bytes of all parts read from one file */
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;
/** inflated / compressed, once a part is past a few MB (real sheets compress 5–20×; bombs 1000×) */
export const MAX_RATIO = 200;
const RATIO_FROM_BYTES = 8 * 1024 * 1024;
/** rows of one sheet (a 200,000-row roster passes; a county's registry is far smaller; Excel allows 1,048,576) */
export const MAX_ROWS = 220_000;
/** columns of one row */
export const MAX_COLUMNS = 1000;
/** characters of one cell (Excel's own limit is 32,767) */
export const MAX_CELL_CHARS = 32_767;
/** entries of the shared-string table, and their characters in total */
export const MAX_SHARED_STRINGS = 1_200_000;
export const MAX_SHARED_CHARS = 48_000_000;

export const LIMIT_MESSAGES = {
  fileTooBig: `文件过大（超过 ${MAX_FILE_BYTES / 1048576} MB），不像是党员名册。请只保留需要导入的工作表，另存后再导入`,
  bomb: '文件内容解压后异常巨大（可能是被恶意构造的“压缩炸弹”文件，或已损坏），已拒绝导入，数据库未作任何修改',
  rows: `工作表的行数超过 ${MAX_ROWS.toLocaleString('en-US')} 行，超出导入上限，已拒绝导入，数据库未作任何修改。如确有这么多数据，请分成几个文件导入`,
  columns: `工作表的列数超过 ${MAX_COLUMNS} 列，不像是党员名册，已拒绝导入`,
  cell: `有单元格内容超过 ${MAX_CELL_CHARS.toLocaleString('en-US')} 个字符（Excel 的上限），文件可能被恶意构造或已损坏，已拒绝导入`,
  sharedStrings: '文件中的文字表异常巨大（可能是被恶意构造的文件），已拒绝导入，数据库未作任何修改',
  merges: '表格中的合并单元格异常多（可能是被恶意构造的文件），已拒绝导入，数据库未作任何修改',
  filesTooBig: `一次导入的文件合计过大（超过 ${MAX_IMPORT_BYTES / 1048576} MB），请分几次导入`,
  memory: '读取文件所需的内存超出上限（文件可能被恶意构造或异常巨大），已停止读取，数据库未作任何修改',
  crc: '文件已损坏或被改动（压缩包的校验值不符），为防止导入错误的数据已拒绝。请在 Excel/WPS 中重新打开并另存为 .xlsx 后再导入',
} as const;

export const limitError = (message: string): AppError => new AppError('UNREADABLE', message);

/** counts inflated bytes of one file's parts against MAX_TOTAL_BYTES */
export class InflateBudget {
  private total = 0;
  add(n: number): void {
    this.total += n;
    if (this.total > MAX_TOTAL_BYTES) throw limitError(LIMIT_MESSAGES.bomb);
  }
}

/** checks one part while it inflates: its size and its compression ratio */
export function checkPartGrowth(produced: number, compressed: number): void {
  if (produced > MAX_PART_BYTES) throw limitError(LIMIT_MESSAGES.bomb);
  if (produced > RATIO_FROM_BYTES && produced / Math.max(1, compressed) > MAX_RATIO) throw limitError(LIMIT_MESSAGES.bomb);
}
