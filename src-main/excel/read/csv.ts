import type { Grid, GridRow } from './grid.ts';
import { LIMIT_MESSAGES, limitError, MAX_CELL_CHARS, MAX_ROWS } from './limits.ts';
import { unusable } from './unusable.ts';

// CSV as Excel and WPS write it: UTF-8 with or without BOM, or GB18030/GBK (what Excel on Chinese
// Windows writes by default), UTF-16 with BOM; comma- or tab-separated, RFC 4180 quoting.

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // valid UTF-8 all the way through → UTF-8; GBK byte pairs are almost never valid UTF-8 sequences
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'gb18030', bom: 0 };
  }
}

/**
 * A GB18030 file in which some lines are valid UTF-8 with Chinese in them (a row pasted from another
 * file): decoding it all as GB18030 would store 欧阳娜娜 as 娆ч槼濞滃 without a word. The line numbers
 * of the UTF-8 lines, or an empty list.
 */
export function mixedUtf8Lines(bytes: Uint8Array): number[] {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const lines: number[] = [];
  let start = 0;
  let lineNo = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const line = bytes.subarray(start, i);
    let multibyte = false;
    for (const b of line) if (b >= 0x80) multibyte = true;
    if (multibyte) {
      try {
        const text = strict.decode(line);
        // at least two CJK characters decoded as UTF-8: not a GBK byte pair that happens to be valid UTF-8
        if ((text.match(/[\u3400-\u9fff]/g)?.length ?? 0) >= 2) lines.push(lineNo);
      } catch {
        // not UTF-8: a GB18030 line, as the file is
      }
    }
    start = i + 1;
    lineNo++;
  }
  return lines;
}

export async function decodeText(bytes: Uint8Array): Promise<string> {
  const { encoding, bom } = detectEncoding(bytes);
  if (encoding === 'gb18030') {
    const mixed = mixedUtf8Lines(bytes);
    if (mixed.length) {
      const shown = mixed.slice(0, 5).join('、') + (mixed.length > 5 ? ` 等 ${mixed.length} 行` : '');
      throw unusable(
        `文件中混用了两种文字编码：大部分是 GBK/GB18030，但第 ${shown} 行是 UTF-8。直接导入会把这些行的汉字变成乱码，已拒绝导入。请在 Excel/WPS 中打开并另存为“CSV UTF-8”或 .xlsx 后再导入`,
      );
    }
  }
  const body = bytes.subarray(bom);
  if (encoding === 'gb18030') {
    const iconv = (await import('iconv-lite')).default;
    return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030');
  }
  return new TextDecoder(encoding).decode(body);
}

export function parseCsv(text: string): GridRow[] {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const rows: GridRow[] = [];
  let row: GridRow = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endField = () => {
    if (field.length > MAX_CELL_CHARS) throw limitError(LIMIT_MESSAGES.cell);
    row.push(field === '' ? null : field);
    field = '';
  };
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      const q = text.indexOf('"', i);
      const stop = q < 0 ? n : q;
      field += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (field.length > MAX_CELL_CHARS) throw limitError(LIMIT_MESSAGES.cell);
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === sep) {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endField();
      rows.push(row.some((v) => v !== null) ? row : []);
      if (rows.length > MAX_ROWS) throw limitError(LIMIT_MESSAGES.rows);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

export async function readCsv(bytes: Uint8Array, sheetName: string): Promise<Grid> {
  const rows = parseCsv(await decodeText(bytes));
  return { format: 'csv', sheets: [{ name: sheetName, rows: rows.map((r) => (r.length ? r : undefined)), merges: [] }] };
}
