import type { Grid, GridRow, GridSheet, MergeRange } from './grid.ts';
import { detectEncoding } from './csv.ts';
import { LIMIT_MESSAGES, limitError, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS } from './limits.ts';

// HTML tables saved with an .xls name — what many web systems export and what Excel's "网页" format
// writes — often in GBK/GB18030 (docs/domain/import.md#import-flow). The charset comes from the page's
// <meta> (or an XML declaration), else from the bytes (valid UTF-8 or GB18030). Each top-level <table> is a
// sheet; rowspan/colspan become merged ranges, so a two-row header reads as it does in Excel. Every cell is
// text, as in a CSV: an ID number keeps all its digits.
// The limits of the other readers hold here too (docs/safety.md#hostile-files): the file's size (index.ts),
// rows and columns of a table, the characters of a cell, and the cells that merged ranges cover.

/** cells covered by merged ranges (rowspan × colspan) in one file: a real roster's merges cover far fewer */
const MAX_SPANNED_CELLS = 2_000_000;

const HEAD_BYTES = 4096;

function head(bytes: Uint8Array): string {
  let s = '';
  const n = Math.min(bytes.length, HEAD_BYTES);
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** an HTML page (not a SpreadsheetML 2003 workbook, which SheetJS reads) */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const h = head(bytes).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (!h.startsWith('<')) return false;
  if (/urn:schemas-microsoft-com:office:spreadsheet/i.test(h) && !/<html/i.test(h)) return false;
  return /<(html|table|tr|td|head|body|meta)[\s>]|<!doctype\s+html/i.test(h);
}

/** the encoding the page declares, mapped to one the decoders know */
function declaredCharset(bytes: Uint8Array): string | null {
  const m = /charset\s*=\s*["']?\s*([\w-]+)/i.exec(head(bytes)) ?? /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head(bytes));
  if (!m) return null;
  const c = m[1].toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|windows-936|euc-cn)$/.test(c)) return 'gb18030';
  if (/^utf-?8$/.test(c)) return 'utf-8';
  if (/^(big5|big5-hkscs)$/.test(c)) return 'big5';
  return null;
}

async function decode(bytes: Uint8Array): Promise<string> {
  let body = bytes;
  let enc = declaredCharset(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    enc = 'utf-8';
    body = bytes.subarray(3);
  } else if (!enc) enc = detectEncoding(bytes).encoding;
  if (enc === 'utf-8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      enc = 'gb18030'; // declared UTF-8, written in GBK: what the bytes are wins
    }
  }
  if (enc === 'utf-16le' || enc === 'utf-16be') return new TextDecoder(enc).decode(body.subarray(2));
  const iconv = (await import('iconv-lite')).default;
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), enc);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', middot: '·', mdash: '—', ndash: '–', hellip: '…', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', times: '×', yen: '¥' };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

const attrNum = (attrs: string, name: string): number => {
  const m = new RegExp(`\\b${name}\\s*=\\s*["']?(\\d+)`, 'i').exec(attrs);
  const n = m ? Number(m[1]) : 1;
  return n >= 1 && n <= 1000 ? n : 1;
};

interface TableState {
  rows: (GridRow | undefined)[];
  merges: MergeRange[];
  /** cells taken by a rowspan from above: row → columns */
  taken: Map<number, Set<number>>;
  r: number;
  c: number;
  inRow: boolean;
  cell: { text: string; attrs: string } | null;
}

/** the text of one cell: tags dropped, <br>/<p> as line breaks, entities decoded, spaces collapsed */
function cellValue(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

export function parseHtmlTables(html: string, baseName: string): GridSheet[] {
  // comments, scripts and styles carry no cells
  const clean = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, '');
  const sheets: GridSheet[] = [];
  const stack: TableState[] = [];
  const tag = /<(\/?)(table|tr|td|th)\b([^>]*)>/gi;
  let last = 0;
  let spanned = 0;
  const closeCell = (t: TableState, upTo: number) => {
    if (!t.cell) return;
    const text = cellValue(t.cell.text + clean.slice(last, upTo));
    if (text.length > MAX_CELL_CHARS) throw limitError(LIMIT_MESSAGES.cell);
    const rowspan = attrNum(t.cell.attrs, 'rowspan');
    const colspan = attrNum(t.cell.attrs, 'colspan');
    while (t.taken.get(t.r)?.has(t.c)) t.c++;
    if (t.c + colspan > MAX_COLUMNS) throw limitError(LIMIT_MESSAGES.columns);
    if (t.r >= MAX_ROWS) throw limitError(LIMIT_MESSAGES.rows);
    if (text) (t.rows[t.r] ??= [])[t.c] = text;
    if (rowspan > 1 || colspan > 1) {
      spanned += rowspan * colspan;
      if (spanned > MAX_SPANNED_CELLS) throw limitError(LIMIT_MESSAGES.merges);
      t.merges.push({ top: t.r, left: t.c, bottom: t.r + rowspan - 1, right: t.c + colspan - 1 });
    }
    for (let dr = 0; dr < rowspan; dr++) {
      for (let dc = 0; dc < colspan; dc++) {
        if (dr === 0 && dc === 0) continue;
        const set = t.taken.get(t.r + dr) ?? new Set<number>();
        set.add(t.c + dc);
        t.taken.set(t.r + dr, set);
      }
    }
    t.c += colspan;
    t.cell = null;
  };
  const closeRow = (t: TableState, at: number) => {
    closeCell(t, at);
    if (t.inRow) {
      t.taken.delete(t.r); // a finished row's covered cells are no longer needed
      t.r++;
      t.c = 0;
      t.inRow = false;
    }
  };
  for (let m = tag.exec(clean); m; m = tag.exec(clean)) {
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const t = stack[stack.length - 1];
    if (name === 'table') {
      if (!closing) {
        if (t?.cell) t.cell.text += clean.slice(last, m.index);
        stack.push({ rows: [], merges: [], taken: new Map(), r: 0, c: 0, inRow: false, cell: null });
      } else if (t) {
        closeRow(t, m.index);
        stack.pop();
        if (t.rows.some((r) => r?.length)) sheets.push({ name: '', rows: t.rows.map((r) => (r && r.length ? r : undefined)), merges: t.merges });
      }
    } else if (!t) {
      // a row or cell outside any table: ignored
    } else if (name === 'tr') {
      closeRow(t, m.index);
      if (!closing) t.inRow = true;
    } else if (!closing) {
      closeCell(t, m.index);
      if (!t.inRow) t.inRow = true; // a cell without its <tr>
      t.cell = { text: '', attrs: m[3] };
    } else closeCell(t, m.index);
    last = tag.lastIndex;
  }
  sheets.forEach((s, i) => (s.name = sheets.length === 1 ? baseName : `${baseName}-${i + 1}`));
  return sheets;
}

export async function readHtml(bytes: Uint8Array, baseName: string): Promise<Grid> {
  return { format: 'html', sheets: parseHtmlTables(await decode(bytes), baseName) };
}
