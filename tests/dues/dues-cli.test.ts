import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as dangwu } from '../support/cli.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { addMember, addOrg } from '../support/seed.ts';

// The CLI contract of the issue, through the CLI's own entry (in-process, output captured).

let t: TestDb;
let dir: string;
let dbFile: string;
const ZHANG = makeId('19800101', '011');
const LI = makeId('19850505', '022');

async function cli(...args: string[]) {
  const r = await dangwu(args, { env: { DANGWU_TODAY: '2023-06-15' } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  t = await openTestDb({ today: '2023-06-15' });
  ({ dir, file: dbFile } = t);
  const root = addOrg(t, '中共某某局机关委员会', { type: '党委' });
  const a = addOrg(t, '中共某某局机关第一党支部', { parent: root, short: '第一支部' });
  addMember(t, { name: '张三', idNumber: ZHANG, org: a });
  addMember(t, { name: '李四', idNumber: LI, org: a, joinedOn: '2023-04-18', category: '预备党员' });
  await t.closeDb(); // the CLI opens the file itself
});
afterAll(() => t.close());

describe('dues CLI', () => {
  it('dues standard needs no database and prints the amount alone', async () => {
    expect(await cli('dues', 'standard', '--category', '在职', '--income', '4500.00')).toMatchObject({ code: 0, out: '45.00\n' });
    expect((await cli('dues', 'standard', '--category', '学生', '--income', '4500.00')).out).toBe('0.20\n');
    expect((await cli('dues', 'standard', '--category', '农民')).code).toBe(2);
    expect((await cli('dues', 'standard', '--category', '农民', '--amount', '1.20')).code).toBe(1);
    expect((await cli('dues', 'standard', '--category', '农民', '--amount', '0.80')).out).toBe('0.80\n');
  }, 240_000);

  it('base set, pay with confirmation rules, arrears JSON, exports', async () => {
    const id = ` ${ZHANG.slice(0, 6)} ${ZHANG.slice(6)} `; // normalized like everywhere else
    expect((await cli('--db', dbFile, 'dues', 'base', 'set', '--id', id, '--year', '2023', '--category', '在职', '--income', '6200.00')).code).toBe(0);
    expect((await cli('--db', dbFile, 'dues', 'base', 'set', '--id', LI, '--year', '2023', '--category', '学生', '--from', '2023-01')).code).toBe(0);
    const pay = await cli('--db', dbFile, 'dues', 'pay', '--id', ZHANG, '--months', '2023-01..2023-03', '--amount', '279.00', '--date', '2023-03-05', '--method', '转账', '--receipt', '2023-001');
    expect(pay.code).toBe(0);
    expect(pay.out).toContain('2023-001');
    // 预交 beyond the default limit of 3 months: refused with the reason, then accepted with --confirm
    const adv = await cli('--db', dbFile, 'dues', 'pay', '--id', ZHANG, '--months', '2023-04..2023-10', '--amount', '651.00', '--date', '2023-04-01');
    expect(adv.code).toBe(1);
    expect(adv.err).toContain('预交');
    expect((await cli('--db', dbFile, 'dues', 'pay', '--id', ZHANG, '--months', '2023-13', '--amount', '1', '--date', '2023-04-01')).code).toBe(1);
    const arrears = await cli('--db', dbFile, 'dues', 'arrears', '--as-of', '2023-06', '--json');
    expect(arrears.code).toBe(0);
    const list = JSON.parse(arrears.out) as { idNumber: string; monthsOwed: string[]; amountOwed: string; consecutiveMonths: number; risk: boolean; name: string; org: string }[];
    expect(list).toEqual([
      { idNumber: ZHANG, name: '张三', org: '中共某某局机关第一党支部', monthsOwed: ['2023-04', '2023-05', '2023-06'], amountOwed: '279.00', consecutiveMonths: 3, risk: false },
      { idNumber: LI, name: '李四', org: '中共某某局机关第一党支部', monthsOwed: ['2023-04', '2023-05', '2023-06'], amountOwed: '0.60', consecutiveMonths: 3, risk: false },
    ]);
    const out = path.join(dir, 'pub.xlsx');
    expect((await cli('--db', dbFile, 'export', 'dues-publicity', '--org', '中共某某局机关第一党支部', '--period', '2023-Q1', '--out', out)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(String(wb.worksheets[0].getCell('A1').value)).toContain('党费收缴情况公示表');
    const sum = path.join(dir, 'sum.xlsx');
    expect((await cli('--db', dbFile, 'export', 'dues-summary', '--year', '2023', '--out', sum)).code).toBe(0);
    expect(fs.statSync(sum).size).toBeGreaterThan(1000);
    expect((await cli('--db', dbFile, 'export', 'dues-publicity', '--org', '不存在', '--period', '2023-Q1', '--out', out)).code).toBe(1);
    expect((await cli('--db', dbFile, 'export', 'dues-publicity', '--org', '第一支部', '--period', '2023-Q9', '--out', out)).code).toBe(1);
  }, 240_000);
});
