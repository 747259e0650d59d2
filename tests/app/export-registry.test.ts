import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as runCommand } from '../support/cli.ts';
import { tmpDir } from '../support/db.ts';
import { exportDefinitions } from '../../src-main/modules/index.ts';

// The export registry through the CLI, in process: every table listed with its title, flags from its
// schema, the old names and flags kept, the clerk's column choice applied and kept per table.

let dir: string;
let db: string;
const env = { DANGWU_TODAY: '2026-12-01' };

const cli = (...args: string[]) => runCommand(args, { db, env: env });

beforeAll(async () => {
  dir = tmpDir('dangwu-exports-');
  db = path.join(dir, 'd.db');
  expect((await cli('org', 'add', '--name', '中共某局机关委员会', '--type', '党委', '--short', '机关党委')).code).toBe(0);
  expect((await cli('org', 'add', '--name', '机关第一党支部', '--type', '党支部', '--parent', '机关党委')).code).toBe(0);
  const m = await cli('member', 'add', '--json', JSON.stringify({ name: '张三', idNumber: '11010519491231002X', org: '机关第一党支部', joinedOn: '1975-07-01', confirmedOn: '1976-07-01', category: '正式党员' }));
  expect(m.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function sheetText(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}

describe('export registry', () => {
  it('`export` alone lists every table (name TAB title); --json gives name, title, flags', async () => {
    const names = (await exportDefinitions()).map((d) => d.name);
    for (const n of ['roster', 'dues-publicity', 'dues-summary', 'dues-usage', 'dues-assessment', 'religion-progress', 'religion-findings', 'religion-ledger']) expect(names).toContain(n);
    const plain = await cli('export');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('roster\t党员花名册');
    expect(plain.stdout.trim().split('\n')).toHaveLength(names.length);
    const json = await cli('export', '--json');
    const list = JSON.parse(json.stdout) as { name: string; title: string; flags: string[] }[];
    expect(list.find((e) => e.name === 'dues-publicity')).toMatchObject({ title: '党费收缴情况公示表', flags: expect.arrayContaining(['--org', '--period', '--include-base']) });
    expect(list.find((e) => e.name === 'religion-ledger')?.flags).toEqual(['--campaign']);
  });

  it('an unknown table and a missing required flag are usage errors (exit 2), in Chinese', async () => {
    const r = await cli('export', 'nope', '--out', path.join(dir, 'x.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/没有名为“nope”的表格/);
    const m = await cli('export', 'dues-usage', '--out', path.join(dir, 'x.xlsx'), '--org', '机关第一党支部');
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/缺少参数 --year/);
    const y = await cli('export', 'dues-usage', '--out', path.join(dir, 'x.xlsx'), '--org', '机关第一党支部', '--year', 'abc');
    expect(y.code).toBe(2);
  });

  it('an organization is found with an inner space, as on every other command', async () => {
    const out = path.join(dir, 'arrears.xlsx');
    const r = await cli('export', 'dues-publicity', '--org', '机关 第一党支部', '--period', '2026-Q4', '--out', out);
    expect(r.stderr).not.toMatch(/找不到/);
    expect(r.code).toBe(0);
    expect((await cli('dues', 'arrears', '--org', '机关 第一党支部', '--json')).code).toBe(0);
    expect((await cli('members', 'list', '--org', '机关 第一党支部', '--json')).stdout).toContain('张三');
  });

  it('column choice is a feature of every export, kept per table', async () => {
    // every list of rows offers the choice; tables whose columns are the figures themselves (a compliance
    // grid per activity type, a two-part training table) and one-record forms (a meeting's minutes) do not
    const FIXED = new Set(['org-life-compliance', 'training-stats', 'meeting-record']);
    const without = (await exportDefinitions()).filter((d) => !d.columns?.length).map((d) => d.name);
    expect(without.filter((n) => !FIXED.has(n))).toEqual([]);
    const out = path.join(dir, 'roster.xlsx');
    expect((await cli('export', 'roster', '--out', out, '--columns', '姓名,公民身份号码,所在党支部')).code).toBe(0);
    const rows = await sheetText(out);
    const header = rows.find((r) => r.includes('姓名'))!;
    expect(header).toEqual(['序号', '姓名', '公民身份号码', '所在党支部']);
    expect(rows.some((r) => r[1] === '张三' && r[2] === '11010519491231002X')).toBe(true);
  });
});
