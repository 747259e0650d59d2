import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Printing a workbook the way a clerk does, and measuring the paper (docs/print-layout.md): LibreOffice converts
// .xlsx files to PDF; poppler gives every printed word's box (pdftotext -bbox-layout) and a bitmap of each
// page (pdftoppm), in which the table's cell borders are found. From these:
//  - the printed text size: a CJK ideograph advances exactly one em in every CJK font, so a word of n
//    ideographs that is w points wide was printed at w / n points (a 10 pt font at 49 % prints at 4.9 pt);
//  - the paper: the PDF page size;
//  - clipped or overflowing text: a word whose box crosses a cell border, or lies beside the table, and the
//    text of every printed cell (words inside one pair of borders), to compare with what was exported.
//
// The fonts the workbooks name are Windows fonts. LibreOffice gets their closest free stand-ins through a
// private fontconfig file: Carlito for Calibri (the default font, which sets the column widths; same
// metrics), Noto Serif CJK SC for 宋体 and Noto Sans CJK SC for 黑体. Without Carlito, LibreOffice draws
// every column a third wider than Excel does and the measurements say nothing about the clerk's printer.

export interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfPage {
  /** points */
  width: number;
  height: number;
  words: PdfWord[];
}

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** why the print tests cannot run here, or null when they can */
export function printToolsMissing(): string | null {
  const why = toolsMissing();
  // CI installs the tools (.ci/run): there a missing tool is a failure, never a silent skip
  if (why && process.env.DANGWU_REQUIRE_PRINT_TOOLS === '1') throw new Error(`print tools required but missing: ${why}`);
  return why;
}

function toolsMissing(): string | null {
  const tools = ['soffice', 'pdftotext', 'pdftoppm', 'fc-match', 'fc-list'].filter((t) => !which(t));
  if (tools.length) return `${tools.join(', ')} not installed (apt-get install libreoffice-calc poppler-utils fontconfig)`;
  const calibri = execFileSync('fc-match', ['Calibri'], { encoding: 'utf8' });
  if (!/Carlito|Calibri/i.test(calibri)) return `no Calibri or its metric twin Carlito (apt-get install fonts-crosextra-carlito); Calibri is drawn with ${calibri.trim()}`;
  const families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  for (const f of ['Noto Serif CJK SC', 'Noto Sans CJK SC']) {
    if (!families.includes(f)) return `font ${f} missing (apt-get install fonts-noto-cjk)`;
  }
  return null;
}

function fontConfig(dir: string): string {
  const file = path.join(dir, 'fonts.conf');
  const alias = (from: string, to: string) =>
    `<match target="pattern"><test name="family"><string>${from}</string></test>` +
    `<edit name="family" mode="assign" binding="strong"><string>${to}</string></edit></match>`;
  fs.writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
      [alias('宋体', 'Noto Serif CJK SC'), alias('SimSun', 'Noto Serif CJK SC'), alias('黑体', 'Noto Sans CJK SC'), alias('SimHei', 'Noto Sans CJK SC'), alias('Calibri', 'Carlito')].join('\n') +
      `\n</fontconfig>\n`,
  );
  return file;
}

/**
 * Converts the .xlsx files to PDF in ONE LibreOffice run (it takes seconds to start), with a private
 * profile so that parallel runs do not collide. Returns the PDF paths, in the order of `files`.
 */
export function convertToPdf(files: string[], outDir: string): string[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-lo-'));
  try {
    const env = { ...process.env, FONTCONFIG_FILE: fontConfig(work), HOME: work };
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files],
      { env, encoding: 'utf8', timeout: 180_000 },
    );
    const pdfs = files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.pdf`));
    const missing = pdfs.filter((p) => !fs.existsSync(p));
    if (r.status !== 0 || missing.length) {
      throw new Error(`LibreOffice failed (${r.status}): ${missing.join(', ')}\n${r.stdout}\n${r.stderr}`);
    }
    return pdfs;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** every page of a PDF with its words and their boxes (points, origin top left) */
export function readPdf(pdf: string): PdfPage[] {
  const html = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages: PdfPage[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  const wordRe = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
  for (const p of html.matchAll(pageRe)) {
    const words: PdfWord[] = [];
    for (const w of p[3].matchAll(wordRe)) {
      words.push({ xMin: +w[1], yMin: +w[2], xMax: +w[3], yMax: +w[4], text: unescape(w[5]) });
    }
    pages.push({ width: +p[1], height: +p[2], words });
  }
  return pages;
}

/** 'A4 landscape', 'A3 portrait', … from a page's size in points */
export function paperOf(page: { width: number; height: number }): string {
  const long = Math.max(page.width, page.height);
  const short = Math.min(page.width, page.height);
  const near = (a: number, b: number) => Math.abs(a - b) < 3;
  const name = near(long, 841.89) && near(short, 595.28) ? 'A4' : near(long, 1190.55) && near(short, 841.89) ? 'A3' : `${Math.round(short)}×${Math.round(long)}`;
  return `${name} ${page.width > page.height ? 'landscape' : 'portrait'}`;
}

const IDEOGRAPHS = /^[\u4e00-\u9fff]{2,}$/;

/**
 * Printed size in points of every word made only of CJK ideographs (two or more): its width divided by
 * its number of characters. Bold and regular ideographs advance the same one em.
 */
export function printedSizes(pages: PdfPage[]): { text: string; size: number; page: number }[] {
  const out: { text: string; size: number; page: number }[] = [];
  pages.forEach((p, i) => {
    for (const w of p.words) {
      if (IDEOGRAPHS.test(w.text)) out.push({ text: w.text, size: (w.xMax - w.xMin) / [...w.text].length, page: i + 1 });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cell borders, found in a gray bitmap of each page (pdftoppm -gray → binary PGM)

const DPI = 144;
const PX = DPI / 72; // pixels per point
const DARK = 160;

interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

function readPgm(file: string): Bitmap {
  const buf = fs.readFileSync(file);
  // P5\n<w> <h>\n<max>\n<bytes>
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (buf[pos] === 0x20 || buf[pos] === 0x0a || buf[pos] === 0x0d || buf[pos] === 0x09) pos++;
    if (buf[pos] === 0x23) {
      while (buf[pos] !== 0x0a) pos++;
      continue;
    }
    let s = '';
    while (buf[pos] !== 0x20 && buf[pos] !== 0x0a && buf[pos] !== 0x0d && buf[pos] !== 0x09) s += String.fromCharCode(buf[pos++]);
    fields.push(s);
  }
  pos++;
  if (fields[0] !== 'P5' || fields[3] !== '255') throw new Error(`not an 8-bit PGM: ${file}`);
  return { width: +fields[1], height: +fields[2], data: buf.subarray(pos) };
}

/** a border line: horizontal (y fixed, from x0 to x1) or vertical (x fixed, from y0 to y1), in points */
export interface Line {
  at: number;
  from: number;
  to: number;
}

export interface Grid {
  horizontal: Line[];
  vertical: Line[];
  /** the table's extent, points */
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function runs(get: (i: number) => number, length: number, min: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= length; i++) {
    const dark = i < length && get(i) < DARK;
    if (dark && start < 0) start = i;
    else if (!dark && start >= 0) {
      if (i - start >= min) out.push([start, i - 1]);
      start = -1;
    }
  }
  return out;
}

/** merges runs found on neighbouring pixel lines (a line drawn 1–3 pixels thick) into one line */
function mergeLines(found: { at: number; from: number; to: number }[]): Line[] {
  found.sort((a, b) => a.from - b.from || a.at - b.at);
  const out: Line[] = [];
  for (const f of found) {
    const same = out.find((o) => Math.abs(o.at - f.at) <= 3 && f.from <= o.to + 2 && f.to >= o.from - 2);
    if (same) {
      same.from = Math.min(same.from, f.from);
      same.to = Math.max(same.to, f.to);
    } else out.push({ ...f });
  }
  return out.map((l) => ({ at: l.at / PX, from: l.from / PX, to: l.to / PX }));
}

/**
 * The table's borders on one page: horizontal lines are dark runs of 20 pt or more (no glyph of the
 * helper's fonts has a stroke that long); vertical lines are dark runs that start and end on a horizontal
 * line (no glyph stroke does).
 */
function gridOf(bmp: Bitmap): Grid | null {
  const { width, height, data } = bmp;
  const hFound: { at: number; from: number; to: number }[] = [];
  for (let y = 0; y < height; y++) {
    for (const [a, b] of runs((x) => data[y * width + x], width, 20 * PX)) hFound.push({ at: y, from: a, to: b });
  }
  if (!hFound.length) return null;
  const horizontal = mergeLines(hFound);
  const onH = (x: number, y: number) => horizontal.some((h) => Math.abs(h.at - y / PX) <= 2 && x / PX >= h.from - 2 && x / PX <= h.to + 2);
  const vFound: { at: number; from: number; to: number }[] = [];
  for (let x = 0; x < width; x++) {
    for (const [a, b] of runs((y) => data[y * width + x], height, 6 * PX)) {
      if (onH(x, a) && onH(x, b)) vFound.push({ at: x, from: a, to: b });
    }
  }
  const vertical = mergeLines(vFound);
  if (!vertical.length) return null;
  return {
    horizontal,
    vertical,
    top: Math.min(...horizontal.map((h) => h.at)),
    bottom: Math.max(...horizontal.map((h) => h.at)),
    left: Math.min(...vertical.map((v) => v.at)),
    right: Math.max(...vertical.map((v) => v.at)),
  };
}

/** the border grid of every page of a PDF (null for a page without a table) */
export function readGrids(pdf: string): (Grid | null)[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-ppm-'));
  try {
    execFileSync('pdftoppm', ['-gray', '-r', String(DPI), pdf, path.join(dir, 'p')]);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort((a, b) => Number(a.match(/(\d+)\.pgm$/)![1]) - Number(b.match(/(\d+)\.pgm$/)![1]));
    return files.map((f) => gridOf(readPgm(path.join(dir, f))));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TOL = 0.6; // points

/**
 * Words that run out of their cell: a word box crossed by a border line (text wider than its column, or
 * wrapped text taller than its row, drawn over the border or cut off at it), or a word beside the table
 * at the height of its rows (text running past the table's edge).
 */
export function overflowingWords(pages: PdfPage[], grids: (Grid | null)[]): string[] {
  const problems: string[] = [];
  pages.forEach((p, i) => {
    const g = grids[i];
    if (!g) return;
    for (const w of p.words) {
      const inside = (a: number, lo: number, hi: number) => a > lo + TOL && a < hi - TOL;
      const v = g.vertical.find((l) => inside(l.at, w.xMin, w.xMax) && l.from < w.yMax - TOL && l.to > w.yMin + TOL);
      const h = g.horizontal.find((l) => inside(l.at, w.yMin, w.yMax) && l.from < w.xMax - TOL && l.to > w.xMin + TOL);
      const midY = (w.yMin + w.yMax) / 2;
      const beside = midY > g.top && midY < g.bottom && (w.xMax > g.right + TOL || w.xMin < g.left - TOL);
      if (v || h || beside) {
        problems.push(`page ${i + 1} “${w.text}” [${w.xMin.toFixed(1)}–${w.xMax.toFixed(1)}, ${w.yMin.toFixed(1)}–${w.yMax.toFixed(1)}] ${v ? `crosses the border at x=${v.at.toFixed(1)}` : h ? `crosses the border at y=${h.at.toFixed(1)}` : 'beside the table'}`);
      }
    }
  });
  return problems;
}

/**
 * The text printed in each cell of the tables: the words between the same pair of vertical and horizontal
 * borders, top to bottom, left to right, joined without spaces.
 */
export function cellTexts(pages: PdfPage[], grids: (Grid | null)[]): string[] {
  const cells = new Map<string, PdfWord[]>();
  pages.forEach((p, i) => {
    const g = grids[i];
    if (!g) return;
    for (const w of p.words) {
      const x = (w.xMin + w.xMax) / 2;
      const y = (w.yMin + w.yMax) / 2;
      if (y < g.top || y > g.bottom || x < g.left || x > g.right) continue;
      const left = Math.max(...g.vertical.filter((l) => l.at <= x && l.from <= y && l.to >= y).map((l) => l.at));
      const top = Math.max(...g.horizontal.filter((l) => l.at <= y && l.from <= x && l.to >= x).map((l) => l.at));
      const key = `${i}:${left.toFixed(1)}:${top.toFixed(1)}`;
      const list = cells.get(key) ?? [];
      list.push(w);
      cells.set(key, list);
    }
  });
  return [...cells.values()].map((ws) =>
    ws
      .sort((a, b) => (Math.abs(a.yMin - b.yMin) > 2 ? a.yMin - b.yMin : a.xMin - b.xMin))
      .map((w) => w.text)
      .join(''),
  );
}

/** everything about one printed workbook */
export interface Printed {
  pdf: string;
  pages: PdfPage[];
  grids: (Grid | null)[];
  papers: string[];
  /** the smallest printed size of any ideograph word, points */
  minSize: number;
  sizes: { text: string; size: number; page: number }[];
  overflow: string[];
  cells: string[];
}

export function inspect(pdf: string): Printed {
  const pages = readPdf(pdf);
  const grids = readGrids(pdf);
  const sizes = printedSizes(pages);
  return {
    pdf,
    pages,
    grids,
    papers: [...new Set(pages.map(paperOf))],
    minSize: Math.min(...sizes.map((s) => s.size)),
    sizes,
    overflow: overflowingWords(pages, grids),
    cells: cellTexts(pages, grids),
  };
}

/** prints the workbooks (bytes by name) to PDF in one LibreOffice run and inspects each */
export function printWorkbooks(dir: string, books: Record<string, Uint8Array>): Record<string, Printed> {
  const files = Object.entries(books).map(([name, bytes]) => {
    const file = path.join(dir, `${name}.xlsx`);
    fs.writeFileSync(file, bytes);
    return file;
  });
  const pdfs = convertToPdf(files, dir);
  return Object.fromEntries(Object.keys(books).map((name, i) => [name, inspect(pdfs[i])]));
}
