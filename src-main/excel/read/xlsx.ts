import { AppError } from '../../domain/errors.ts';
import { isDateFormat, serialToIsoDate } from './date-format.ts';
import type { CellValue, Grid, GridRow, GridSheet, MergeRange, ReadOptions, RowConsumer } from './grid.ts';
import { columnIndex } from './grid.ts';
import { InflateBudget, LIMIT_MESSAGES, limitError, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_SHARED_CHARS, MAX_SHARED_STRINGS } from './limits.ts';
import { MESSAGES, unusable } from './unusable.ts';
import { attr, decodeXmlText, startTags, stringItemText } from './xml-text.ts';
import { listEntries, readEntryText, streamEntryText, type ZipEntry } from './zip.ts';

// .xlsx reader: our own zip directory reader (native zlib streaming, every part checked against the
// limits of limits.ts and its CRC-32) + a string scanner for the XML. Not exceljs's streaming
// reader, which corrupts Chinese characters at zip chunk boundaries. The sheet part is
// inflated and decoded as a stream, and only complete <row> elements are scanned, so memory holds the
// grid plus one chunk.

interface WorkbookParts {
  sheets: { name: string; path: string }[];
  date1904: boolean;
}

function resolvePartPath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relsOf(text: string, base: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const tag of startTags(text, 'Relationship')) {
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (id && target && attr(tag, 'TargetMode') !== 'External') map.set(id, resolvePartPath(base, target));
  }
  return map;
}

/** the small XML parts (workbook, relationships, styles) are never more than a few MB */
const SMALL_PART = 32 * 1024 * 1024;
/** the shared-string table, inflated (a 200,000-row roster's is ≈ 30 MB) */
const SST_PART = 256 * 1024 * 1024;

async function readWorkbook(bytes: Uint8Array, entries: Map<string, ZipEntry>, budget: InflateBudget): Promise<WorkbookParts & { wbPath: string }> {
  let wbPath = 'xl/workbook.xml';
  const rootRels = entries.get('_rels/.rels');
  if (rootRels) {
    for (const tag of startTags(await readEntryText(bytes, rootRels, budget, SMALL_PART), 'Relationship')) {
      if ((attr(tag, 'Type') ?? '').endsWith('/officeDocument')) wbPath = resolvePartPath('', attr(tag, 'Target') ?? wbPath);
    }
  }
  const wb = entries.get(wbPath);
  if (!wb) throw unusable(MESSAGES.notSpreadsheet);
  const xml = await readEntryText(bytes, wb, budget, SMALL_PART);
  const relsPath = wbPath.replace(/[^/]+$/, (f) => `_rels/${f}.rels`);
  const relsEntry = entries.get(relsPath);
  const rels = relsEntry ? relsOf(await readEntryText(bytes, relsEntry, budget, SMALL_PART), wbPath) : new Map<string, string>();
  const sheets: { name: string; path: string }[] = [];
  for (const tag of startTags(xml, 'sheet')) {
    const name = attr(tag, 'name') ?? '';
    const rid = attr(tag, 'r:id') ?? attr(tag, 'id');
    const p = rid ? rels.get(rid) : undefined;
    if (p) sheets.push({ name, path: p });
  }
  let date1904 = false;
  for (const tag of startTags(xml, 'workbookPr')) {
    const v = attr(tag, 'date1904');
    date1904 = v === '1' || v === 'true';
  }
  return { wbPath, sheets, date1904 };
}

/** per style index (the s attribute of a cell): whether its number format is a date */
function readDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const tag of startTags(xml, 'numFmt')) {
    custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
  }
  const start = xml.indexOf('<cellXfs');
  const end = xml.indexOf('</cellXfs>', start);
  if (start < 0 || end < 0) return [];
  const out: boolean[] = [];
  for (const tag of startTags(xml.slice(start, end), 'xf')) {
    const id = Number(attr(tag, 'numFmtId') ?? 0);
    out.push(isDateFormat(id, custom.get(id)));
  }
  return out;
}

/**
 * The shared-string table, streamed: items are cut out of the inflating text as they complete, so the
 * table's XML never has to fit one JavaScript string (V8's limit is about 512 M characters), and the
 * count, each item's length and the total are checked as they grow.
 */
async function readSharedStrings(bytes: Uint8Array, e: ZipEntry, budget: InflateBudget): Promise<string[]> {
  const out: string[] = [];
  let chars = 0;
  let buf = '';
  const take = (final: boolean) => {
    let p = 0;
    for (;;) {
      const i = buf.indexOf('<si', p);
      if (i < 0) {
        p = buf.length;
        break;
      }
      const gt = buf.indexOf('>', i);
      if (gt < 0) {
        p = i;
        break;
      }
      if (buf.charCodeAt(gt - 1) === 47) {
        out.push('');
        p = gt + 1;
        continue;
      }
      const end = buf.indexOf('</si>', gt);
      if (end < 0) {
        p = i;
        break;
      }
      const text = stringItemText(buf.slice(gt + 1, end));
      if (text.length > MAX_CELL_CHARS) throw limitError(LIMIT_MESSAGES.cell);
      chars += text.length;
      if (out.length >= MAX_SHARED_STRINGS || chars > MAX_SHARED_CHARS) throw limitError(LIMIT_MESSAGES.sharedStrings);
      out.push(own(text));
      p = end + 5;
    }
    buf = final ? '' : buf.slice(p);
    // one item cannot be longer than a cell (with its XML around it)
    if (buf.length > MAX_CELL_CHARS * 8 + 4096) throw limitError(LIMIT_MESSAGES.cell);
  };
  let produced = 0;
  await streamEntryText(bytes, e, budget, (text) => {
    produced += text.length;
    if (produced > SST_PART) throw limitError(LIMIT_MESSAGES.sharedStrings);
    buf += text;
    take(false);
  });
  take(true);
  return out;
}

function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  return m ? { col: columnIndex(m[1]), row: Number(m[2]) - 1 } : null;
}

function parseMerges(xml: string): MergeRange[] {
  const out: MergeRange[] = [];
  for (const tag of startTags(xml, 'mergeCell')) {
    const [a, b] = (attr(tag, 'ref') ?? '').split(':');
    const s = parseRef(a ?? '');
    const e = parseRef(b ?? a ?? '');
    if (s && e) out.push({ top: s.row, left: s.col, bottom: e.row, right: e.col });
  }
  return out;
}

/**
 * A copy of a string cut out of a decoded chunk. V8 keeps long substrings as views into their parent
 * string, so one address kept from a 1 MB chunk would keep the whole chunk alive: streamed rows would
 * then pin the entire sheet's XML in memory.
 */
const own = (s: string): string => (s.length >= 13 ? (s + ' ').slice(0, -1) : s);

/**
 * Rosters repeat the same short texts in every row (男, 汉族, 正式党员, the branch name): one shared
 * copy each instead of one per cell keeps a 200,000-row sheet's memory down. Bounded, so a column of
 * unique values cannot grow the table without limit.
 */
class Interner {
  private readonly map = new Map<string, string>();
  get(s: string): string {
    // long texts and digit-led ones (IDs, phone numbers, dates) are rarely repeated: not worth a lookup
    const c = s.charCodeAt(0);
    if (s.length > 40 || (c >= 48 && c <= 57)) return own(s);
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    const copy = own(s);
    if (this.map.size < 20_000) this.map.set(copy, copy);
    return copy;
  }
}

/** the XML of one row cannot be longer than this (a few full cells, or many ordinary ones) */
const MAX_ROW_XML = 64 * 1024 * 1024;

/** scans complete <row> elements of a sheet's XML into rows */
class SheetScanner {
  readonly rows: (GridRow | undefined)[] = [];
  private lastRow = -1;
  private filled = 0;
  /** set: rows go to the consumer instead of being kept (a big sheet never sits in memory whole) */
  onRow: ((rowIndex: number, row: GridRow) => void) | null = null;
  private readonly sst: string[];
  private readonly dateStyles: boolean[];
  private readonly date1904: boolean;
  private readonly interner = new Interner();

  constructor(sst: string[], dateStyles: boolean[], date1904: boolean) {
    this.sst = sst;
    this.dateStyles = dateStyles;
    this.date1904 = date1904;
  }

  /** scans xml[0, limit) which ends at a row boundary */
  scan(xml: string, limit: number): void {
    let p = 0;
    for (;;) {
      const i = xml.indexOf('<row', p);
      if (i < 0 || i >= limit) return;
      const c = xml.charCodeAt(i + 4);
      const gt = xml.indexOf('>', i);
      if (c !== 32 && c !== 62 && c !== 47) {
        p = gt + 1;
        continue;
      }
      const head = xml.slice(i, gt + 1);
      const r = attr(head, 'r');
      const rowIndex = r ? Number(r) - 1 : this.lastRow + 1;
      this.lastRow = rowIndex;
      if (xml.charCodeAt(gt - 1) === 47) {
        p = gt + 1;
        continue;
      }
      const end = xml.indexOf('</row>', gt);
      if (end < 0 || end > limit) return; // truncated part: the zip check reports it
      const row = this.scanCells(xml, gt + 1, end);
      if (row.length) {
        // a sheet holding values beyond any registry's size is refused before it costs more memory
        if (!(rowIndex < MAX_ROWS) || ++this.filled > MAX_ROWS) throw limitError(LIMIT_MESSAGES.rows);
        if (this.onRow) this.onRow(rowIndex, row);
        else this.rows[rowIndex] = row;
      }
      p = end + 6;
    }
  }

  private scanCells(xml: string, from: number, to: number): GridRow {
    const row: GridRow = [];
    let col = -1;
    let p = from;
    while (p < to) {
      const i = xml.indexOf('<c', p);
      if (i < 0 || i >= to) break;
      const ch = xml.charCodeAt(i + 2);
      const gt = xml.indexOf('>', i);
      if (ch !== 32 && ch !== 62 && ch !== 47) {
        p = gt + 1;
        continue;
      }
      const head = xml.slice(i, gt + 1);
      const ref = attr(head, 'r');
      col = ref ? columnIndex(ref.replace(/[0-9$]/g, '')) : col + 1;
      if (xml.charCodeAt(gt - 1) === 47) {
        p = gt + 1;
        continue; // <c r="A1" s="1"/>: styled but empty
      }
      const end = xml.indexOf('</c>', gt);
      if (end - gt > MAX_CELL_CHARS * 6 + 256) throw limitError(LIMIT_MESSAGES.cell);
      const body = xml.slice(gt + 1, end);
      p = end + 4;
      const value = this.cellValue(head, body);
      if (value !== null && value !== '') {
        if (!(col < MAX_COLUMNS)) throw limitError(LIMIT_MESSAGES.columns);
        if (typeof value === 'string' && value.length > MAX_CELL_CHARS) throw limitError(LIMIT_MESSAGES.cell);
        row[col] = value;
      }
    }
    return row;
  }

  private cellValue(head: string, body: string): CellValue {
    const t = attr(head, 't');
    if (t === 'inlineStr') {
      const is = body.indexOf('<is>');
      return is < 0 ? null : this.interner.get(stringItemText(body.slice(is + 4)));
    }
    const vs = body.indexOf('<v');
    if (vs < 0) return null;
    const vgt = body.indexOf('>', vs);
    if (body.charCodeAt(vgt - 1) === 47) return null;
    const raw = body.slice(vgt + 1, body.indexOf('</v>', vgt));
    switch (t) {
      case 's':
        return this.sst[Number(raw)] ?? '';
      case 'str':
      case 'e':
        return this.interner.get(decodeXmlText(raw));
      case 'b':
        return raw === '1' || raw === 'true';
      case 'd':
        return { date: raw.slice(0, 10) };
      default: {
        const n = Number(raw);
        if (!Number.isFinite(n)) return decodeXmlText(raw);
        const s = attr(head, 's');
        if (s !== null && this.dateStyles[Number(s)]) {
          const iso = serialToIsoDate(n, this.date1904);
          if (iso) return { date: iso };
        }
        return n;
      }
    }
  }
}

export async function readXlsx(bytes: Uint8Array, opts: ReadOptions = {}, consumer?: RowConsumer): Promise<Grid> {
  const budget = new InflateBudget();
  const entries = listEntries(bytes);
  const { sheets: parts, date1904 } = await readWorkbook(bytes, entries, budget);
  const find = (name: string) => entries.get(name);
  const stylesEntry = find('xl/styles.xml');
  const sstEntry = find('xl/sharedStrings.xml');
  const dateStyles = stylesEntry ? readDateStyles(await readEntryText(bytes, stylesEntry, budget, SMALL_PART)) : [];
  const sst = sstEntry ? await readSharedStrings(bytes, sstEntry, budget) : [];

  const wanted = parts.filter((s) => !opts.sheets?.length || opts.sheets.includes(s.name));
  const totalBytes = wanted.reduce((n, s) => n + (find(s.path)?.compressedSize ?? 0), 0) || 1;
  let doneBytes = 0;
  const sheets: GridSheet[] = [];
  for (const part of parts) {
    const entry = find(part.path);
    if (!entry) throw unusable(MESSAGES.corruptZip);
    if (!wanted.includes(part)) {
      sheets.push({ name: part.name, rows: [], merges: [] });
      continue;
    }
    const scanner = new SheetScanner(sst, dateStyles, date1904);
    let declaredChecked = false;
    scanner.onRow = consumer?.startSheet(part.name) ?? null;
    let buf = '';
    // the new text is searched with the last few characters before it, never the whole buffer again: a
    // long run without a row end (a bomb of blanks) must not make each piece rescan all that came before
    let tail = '';
    let rowStartSeen = false;
    await streamEntryText(
      bytes,
      entry,
      budget,
      (text) => {
        const look = tail + text;
        tail = look.slice(-5);
        buf += text;
        if (look.includes('<row')) rowStartSeen = true;
        if (!declaredChecked && (buf.indexOf('<sheetData') >= 0 || buf.length > 1 << 20)) {
          // the sheet's own declaration of its size (<dimension ref="A1:P1000000"/>): refused before a row is read
          declaredChecked = true;
          const dim = /<dimension\s+ref="\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?(\d+)"/.exec(buf);
          if (dim && Number(dim[1]) > MAX_ROWS + 1) throw limitError(LIMIT_MESSAGES.rows);
        }
        if (look.includes('</row>')) {
          const cut = buf.lastIndexOf('</row>');
          scanner.scan(buf, cut + 6);
          buf = buf.slice(cut + 6);
          rowStartSeen = buf.includes('<row');
        } else if (buf.length > 4 << 20 && !rowStartSeen) {
          // long preamble (column widths, sheet views): keep only what may start a row or a merge
          const keep = buf.lastIndexOf('<');
          buf = keep >= 0 ? buf.slice(keep) : '';
        } else if (buf.length > MAX_ROW_XML) {
          // one row longer than any real one (the columns and cell limits, with their XML)
          throw limitError(LIMIT_MESSAGES.cell);
        }
      },
      {
        signal: opts.signal,
        onProgress: (f) => opts.onProgress?.((doneBytes + f * entry.compressedSize) / totalBytes),
      },
    );
    // self-closing rows after the last </row>, and the merged ranges after </sheetData>
    scanner.scan(buf, buf.length);
    doneBytes += entry.compressedSize;
    const merges = parseMerges(buf);
    consumer?.endSheet(part.name, merges);
    sheets.push({ name: part.name, rows: scanner.rows, merges });
  }
  if (opts.signal?.aborted) throw new AppError('CANCELLED', MESSAGES.cancelled);
  return { format: 'xlsx', sheets };
}
