import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../../src-main/domain/id-number.ts';

// Fixture spreadsheets for the import tests, all generated with code (exceljs for .xlsx, SheetJS for
// .xls, iconv-lite for GB18030 CSV), and a runner for the real CLI.

/** a valid 18-digit ID: region 110105, the birth date, sequence (odd = 男, even = 女) */
export function makeId(birth: string, seq: number): string {
  const first17 = `110105${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

export const tmpDir = (prefix = 'dangwu-import-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export type Cell = ExcelJS.CellValue;

export interface SheetSpec {
  name: string;
  /** rows above the header (title, 填报单位) */
  above?: Cell[][];
  /** header rows (one or two) */
  header: Cell[][];
  merges?: string[];
  rows: Cell[][];
  below?: Cell[][];
  /** number formats by 1-based column */
  numFmt?: Record<number, string>;
}

export async function writeXlsx(file: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of [...(s.above ?? []), ...s.header, ...s.rows, ...(s.below ?? [])]) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const [col, fmt] of Object.entries(s.numFmt ?? {})) {
      const first = (s.above?.length ?? 0) + s.header.length + 1;
      for (let r = first; r < first + s.rows.length; r++) ws.getCell(r, Number(col)).numFmt = fmt;
    }
  }
  await wb.xlsx.writeFile(file);
  return file;
}

export async function writeXls(file: string, sheets: { name: string; rows: unknown[][] }[]): Promise<string> {
  const XLSX = await import('@e965/xlsx');
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows, { cellDates: false }), s.name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xls' }));
  return file;
}

export async function writeCsv(file: string, rows: string[][], encoding: 'utf-8' | 'utf-8-bom' | 'gb18030'): Promise<string> {
  const text = rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gb18030') {
    const iconv = (await import('iconv-lite')).default;
    fs.writeFileSync(file, iconv.encode(text, 'gb18030'));
  } else fs.writeFileSync(file, (encoding === 'utf-8-bom' ? '\uFEFF' : '') + text, 'utf8');
  return file;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

/** runs the real CLI (`npm run cli`'s command) in a child process */
export function cli(db: string, args: string[], env: Record<string, string> = {}): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(
    process.execPath,
    ['--max-semi-space-size=64', path.resolve('src-main/adapters/cli/main.ts'), '--db', db, ...args],
    { encoding: 'utf8', env: { ...process.env, DANGWU_TODAY: '2025-06-30', ...env }, maxBuffer: 256 << 20 },
  );
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* not JSON */
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** a database with 中共某某局机关委员会 and two branches (第一党支部, 第二党支部 as short names) */
export function seedDb(dir: string): string {
  const db = path.join(dir, 'dangwu.db');
  const run = (args: string[]) => {
    const r = cli(db, args);
    if (r.code !== 0) throw new Error(`seed failed: ${args.join(' ')}\n${r.stderr}`);
  };
  run(['org', 'add', '--name', '中共某某局机关委员会', '--type', '党委', '--json']);
  run(['org', 'add', '--name', '中共某某局机关第一党支部', '--short', '第一党支部', '--type', '党支部', '--parent', '中共某某局机关委员会', '--json']);
  run(['org', 'add', '--name', '中共某某局机关第二党支部', '--short', '第二党支部', '--type', '党支部', '--parent', '中共某某局机关委员会', '--json']);
  return db;
}

export const STANDARD_HEADER = ['序号', '姓名', '性别', '民族', '公民身份号码', '出生日期', '学历', '人员类别', '所在党支部', '入党时间', '转正时间', '手机号码'];
