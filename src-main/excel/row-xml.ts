// Fast path for the data rows of a streamed sheet: each row goes to exceljs's worksheet stream as ready
// <row> XML, without exceljs's Row/Cell/model objects per cell (the bulk of its time and garbage on a
// 100,000-row roster; target: export ≤ 1.3× the bare streaming write). The title, header, total and
// footer rows still go through exceljs (merges, styles), and the file remains exceljs's own output.
//
// It relies on three internals of exceljs 4.4's WorksheetWriter (version pinned in package.json):
// `_write(text)` appends to the sheet XML, `_rowZero` is the next row number, `_rows` the uncommitted
// rows. writeWorkbook's tests read every cell back, so a change there fails loudly.

interface WorksheetWriterInternals {
  _write(text: string): void;
  _rowZero: number;
  _rows: unknown[] | null;
  startedData: boolean;
}

const XML_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const XML_SPECIAL_ALL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** text content for XML: the five specials escaped, characters XML 1.0 forbids dropped */
export function xmlText(s: string): string {
  return XML_SPECIAL.test(s) ? s.replace(XML_SPECIAL_ALL, (ch) => ENTITIES[ch] ?? '') : s;
}

/** A, B, …, Z, AA, … */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// rows per write: small batches; large strings cost more in exceljs's StringBuf/StreamBuf copying than they save
const FLUSH_EVERY = 20;

export class RowXmlWriter {
  private readonly ws: WorksheetWriterInternals;
  private readonly letters: string[];
  private readonly styleAttr: string[];
  private readonly textStyleAttr: string[];
  private readonly asText: (s: string) => boolean;
  private readonly spans: string;
  private buffer: string[] = [];
  private next: number;

  /**
   * styleIds: the workbook's style index (xf id) of each column's cells; textStyleIds: the same with the
   * text format, for strings that `asText` picks (formula-like text: layout.ts isFormulaLike)
   */
  constructor(worksheet: unknown, styleIds: number[], textStyleIds: number[] = styleIds, asText: (s: string) => boolean = () => false) {
    const ws = worksheet as WorksheetWriterInternals;
    if (typeof ws._write !== 'function' || typeof ws._rowZero !== 'number' || !Array.isArray(ws._rows) || ws._rows.length) {
      throw new Error('exceljs WorksheetWriter internals changed: the row fast path needs review');
    }
    if (!ws.startedData) throw new Error('RowXmlWriter: commit the header rows first');
    this.ws = ws;
    this.letters = styleIds.map((_, i) => columnLetters(i + 1));
    this.styleAttr = styleIds.map((id) => ` s="${id}"`);
    this.textStyleAttr = textStyleIds.map((id) => ` s="${id}"`);
    this.asText = asText;
    this.spans = `1:${styleIds.length}`;
    this.next = ws._rowZero;
  }

  /** one row of values (strings, finite numbers, null = empty but bordered cell) with a height in points */
  write(values: readonly (string | number | null)[], height: number): void {
    const r = this.next++;
    let xml = `<row r="${r}" spans="${this.spans}" ht="${height}" customHeight="1">`;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      const ref = this.letters[c] + r;
      if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) {
        xml += `<c r="${ref}"${this.styleAttr[c]}/>`;
      } else if (typeof v === 'number') {
        xml += `<c r="${ref}"${this.styleAttr[c]}><v>${v}</v></c>`;
      } else {
        const t = xmlText(v);
        const space = t.length && (t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32) ? ' xml:space="preserve"' : '';
        const style = this.asText(v) ? this.textStyleAttr[c] : this.styleAttr[c];
        xml += `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${t}</t></is></c>`;
      }
    }
    this.buffer.push(xml + '</row>');
    if (this.buffer.length >= FLUSH_EVERY) this.flush();
  }

  /** writes what is buffered and hands the row numbering back to exceljs */
  flush(): void {
    if (this.buffer.length) {
      this.ws._write(this.buffer.join(''));
      this.buffer = [];
    }
    this.ws._rowZero = this.next;
  }
}
