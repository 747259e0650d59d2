import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';

// The dues ledger follows the roll and the accounts add up across levels (docs/domain/dues.md#ledger-and-roll,
// docs/domain/dues.md#accounts-across-levels) — the reproductions, end to end through the CLI, with the posted
// tables read back from the workbooks.


// the CLI in process on a fresh database (tests/support), with a "today" a test may move on
let db: TestDb;
let today = '2026-11-20';
const run = async (...args: string[]) => {
  const r = await cli(args, { db, env: { DANGWU_TODAY: today } });
  return { code: r.code, out: r.stdout, err: r.stderr, json: r.json };
};
/** the command must succeed; its JSON output */
const ok = async <T = any>(...args: string[]): Promise<T> => {
  const r = await run(...args, ...(args.includes('--json') ? [] : ['--json']));
  if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.err}`);
  return r.out.trim() ? r.json<T>() : (undefined as never);
};
/** a member as `member add --json` takes it */
const memberJson = (m: Record<string, unknown>) => JSON.stringify({ ethnicity: '汉族', category: '正式党员', ...m });
const C = '中共某局机关委员会';
const B1 = '中共某局机关第一党支部';
const B2 = '中共某局机关第二党支部';
const ids = {
  dead: makeId('19600101', '011'),
  out: makeId('19610101', '021'),
  unassessed: makeId('19620101', '031'),
  mover: makeId('19630101', '041'),
  back: makeId('19640101', '051'),
  payer: makeId('19650101', '061'),
  waived: makeId('19660101', '071'),
};

async function readSheet(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = c.value === null || c.value === undefined ? '' : String(c.value);
    });
    out[n - 1] = cells;
  });
  return out.map((r) => r ?? []);
}

/** the exported table: header (two-row headers folded to the leaf) and the rows by the first text column */
async function exported(name: string, ...flags: string[]) {
  const file = path.join(db.dir, `${name}-${Math.random().toString(36).slice(2)}.xlsx`);
  const r = await run('export', name, '--out', file, ...flags);
  expect(r.code, r.err).toBe(0);
  const rows = await readSheet(file);
  const hi = rows.findIndex((x) => x.includes('序号'));
  const header = rows[hi].map((h, i) => (rows[hi + 1]?.[i] && !/^\d+$/.test(rows[hi + 1][0] ?? '') ? rows[hi + 1][i] || h : h));
  const col = (label: string) => header.indexOf(label);
  return { rows, header, col, text: rows.map((x) => x.join('|')).join('\n') };
}

beforeAll(async () => {
  db = await openTestDb({ today: '2026-11-20' });
  await db.closeDb(); // the CLI opens the file itself
  await ok('org', 'add', '--name', C, '--type', '党委');
  await ok('org', 'add', '--name', B1, '--short', '第一支部', '--type', '党支部', '--parent', C);
  await ok('org', 'add', '--name', B2, '--short', '第二支部', '--type', '党支部', '--parent', C);
  const add = (name: string, idNumber: string, org = B1) =>
    ok('member', 'add', '--json', memberJson({ name, idNumber, org, joinedOn: '1990-06-01', confirmedOn: '1991-06-01' }));
  for (const [name, id] of [['甲死亡', ids.dead], ['乙转出', ids.out], ['丙未核定', ids.unassessed], ['丁调整', ids.mover], ['戊返回', ids.back], ['己按时', ids.payer], ['庚免交', ids.waived]] as const) {
    await add(name, id);
    if (id !== ids.unassessed) await ok('dues', 'base', 'set', '--id-number', id, '--year', '2026', '--category', '在职', '--income', '21500.00'); // 430.00 a month
  }
  // everybody paid January–August, in August
  for (const id of [ids.dead, ids.out, ids.mover, ids.back, ids.payer, ids.waived]) {
    await ok('dues', 'pay', '--id', id, '--months', '2026-01..2026-08', '--amount', '3440.00', '--date', '2026-08-05', '--confirm');
  }
}, 180_000);
afterAll(() => db.close());

describe('the ledger follows the roll', () => {
  it('a death on 2026-09-15 owes nothing after September; the unpaid September stays listed, marked, until waived', async () => {
    await ok('member', 'event', '--id-number', ids.dead, '--type', '死亡', '--date', '2026-09-15');
    const list = await ok('dues', 'arrears');
    const dead = list.find((e: { idNumber: string }) => e.idNumber === ids.dead);
    expect(dead).toMatchObject({ monthsOwed: ['2026-09'], amountOwed: '430.00', left: { type: '死亡', on: '2026-09-15' } });
    // 转出 behaves the same: the month of leaving is owed, none after
    await ok('member', 'event', '--id-number', ids.out, '--type', '转出', '--date', '2026-10-10', '--detail', '中共某区委组织部');
    const out = (await ok('dues', 'arrears')).find((e: { idNumber: string }) => e.idNumber === ids.out);
    expect(out).toMatchObject({ monthsOwed: ['2026-09', '2026-10'], left: { type: '转出' } });
    await ok('dues', 'waiver', 'add', '--id-number', ids.dead, '--type', '免交', '--from', '2026-09', '--to', '2026-09', '--approved-by', C, '--approved-on', '2026-10-20');
    expect((await ok('dues', 'arrears')).find((e: { idNumber: string }) => e.idNumber === ids.dead)).toBeUndefined();
  });

  it('a member on the roll without a standard is listed as unassessed and counted', async () => {
    const u = (await ok('dues', 'arrears')).find((e: { idNumber: string }) => e.idNumber === ids.unassessed);
    expect(u).toMatchObject({ unassessed: true, monthsOwed: [], amountOwed: '0.00', left: null });
  });

  it('a move between branches moves the later months; a return re-opens months from the return', async () => {
    await ok('member', 'event', '--id-number', ids.mover, '--type', '调整', '--to-org', '第二支部', '--date', '2026-09-20');
    const arrearsB2 = await ok('dues', 'arrears', '--org', '第二支部');
    expect(arrearsB2.find((e: { idNumber: string }) => e.idNumber === ids.mover)).toMatchObject({ monthsOwed: ['2026-10', '2026-11'], org: B2 });
    const arrearsB1 = await ok('dues', 'arrears', '--org', '第一支部');
    // September, the month of the move, stays with the branch left
    expect(arrearsB1.find((e: { idNumber: string }) => e.idNumber === ids.mover)).toMatchObject({ monthsOwed: ['2026-09'] });
    await ok('member', 'event', '--id-number', ids.back, '--type', '转出', '--date', '2026-09-03', '--detail', '中共某县委组织部');
    await ok('member', 'event', '--id-number', ids.back, '--type', '转入', '--date', '2026-11-02', '--to-org', '第一支部');
    const back = (await ok('dues', 'arrears')).find((e: { idNumber: string }) => e.idNumber === ids.back);
    expect(back).toMatchObject({ monthsOwed: ['2026-09', '2026-11'], left: null });
  });

  it('a payment, a remittance or a spending dated after today is refused', async () => {
    const r = await run('dues', 'pay', '--id-number', ids.payer, '--months', '2026-09', '--amount', '430.00', '--date', '2027-05-01');
    expect(r).toMatchObject({ code: 1 });
    expect(r.err).toContain('交纳日期 2027-05-01 晚于今天（2026-11-20）');
    expect((await run('dues', 'remit', '--org', '第一支部', '--period', '2026-Q3', '--amount', '1.00', '--date', '2026-12-01')).code).toBe(1);
    expect((await run('dues', 'spend', '--org', C, '--amount', '1.00', '--date', '2026-12-01', '--category', '培训党员', '--decision', 'x', '--approver', 'y')).code).toBe(1);
  });
});

describe('accounts that add up across levels', () => {
  it('opening, remit, spend, allocate and accounts on the CLI; the committee’s income is what the branches remitted', async () => {
    await ok('dues', 'pay', '--id-number', ids.payer, '--months', '2026-09..2026-11', '--amount', '1290.00', '--date', '2026-11-05');
    await ok('dues', 'opening', '--org', C, '--year', '2026', '--amount', '1000.00');
    await ok('dues', 'opening', '--org', '第一支部', '--year', '2026', '--amount', '200.00');
    const rem = await ok('dues', 'remit', '--org', '第一支部', '--period', '2026-Q3', '--amount', '10000.00', '--date', '2026-10-10');
    expect(rem).toMatchObject({ amount: '10000.00', toOrg: C }); // to the committee above, unless named
    await ok('dues', 'spend', '--org', C, '--amount', '300.00', '--date', '2026-10-12', '--category', '培训党员', '--decision', '党委会2026-10-08纪要', '--approver', '书记');
    await ok('dues', 'allocate', '--org', C, '--to-org', '第二支部', '--amount', '500.00', '--date', '2026-10-15', '--decision', '党委会2026-10-08纪要', '--approver', '书记');
    await ok('dues', 'remit', '--org', C, '--to-org', '中共某市直机关工委', '--period', '2026-H1', '--amount', '100.00', '--date', '2026-11-10');
    // a voluntary one-off of 1,000 元 or more is due to the Centre, not income
    await ok('dues', 'voluntary', '--id-number', ids.payer, '--amount', '2000.00', '--date', '2026-11-06');

    const committee = await ok('dues', 'accounts', '--org', C, '--year', '2026');
    expect(Object.keys(committee)).toEqual(['opening', 'income', 'remitted', 'spent', 'allocated', 'dueToCentre', 'closing']);
    expect(committee).toEqual({ opening: '1000.00', income: '10000.00', remitted: '100.00', spent: '800.00', allocated: '500.00', dueToCentre: '0.00', closing: '10100.00' });
    const b1 = await ok('dues', 'accounts', '--org', '第一支部', '--year', '2026');
    // 6 × 3440 (Jan–Aug) + 1290 (Sep–Nov) received by the first branch
    expect(b1).toEqual({ opening: '200.00', income: '21930.00', remitted: '10000.00', spent: '0.00', allocated: '0.00', dueToCentre: '2000.00', closing: '12130.00' });
    const b2 = await ok('dues', 'accounts', '--org', '第二支部', '--year', '2026');
    expect(b2).toMatchObject({ income: '500.00', closing: '500.00' });
  });

  it('dues-summary has a row for the committee; 合计 结余 is the bureau’s balance; in November 应交 − 实交 = 欠交 and 党员数 is the roster', async () => {
    const t = await exported('dues-summary', '--year', '2026');
    const row = (name: string) => t.rows.find((r) => r[t.col('党组织名称')] === name)!;
    const total = t.rows.find((r) => r[0] === '合计')!;
    expect(row(C)).toBeDefined();
    expect(Number(row(C)[t.col('党员数')])).toBe(0);
    expect(Number(row(C)[t.col('本年收入')])).toBeCloseTo(10000, 2);
    expect(Number(total[t.col('结余')])).toBeCloseTo(10100 + 12130 + 500, 2);
    for (const r of [row(B1), row(B2), total]) {
      expect(Number(r[t.col('应交')]) - Number(r[t.col('实交')])).toBeCloseTo(Number(r[t.col('欠交')]), 2);
    }
    // December is not due yet in November
    expect(Number(row(B2)[t.col('应交')])).toBeCloseTo(430 * 2, 2); // the mover: October and November
    // the roster's count: on the roll today (the dead and the transferred-out are not; the unassessed is)
    const roster = (await ok('members', 'list')).length;
    expect(Number(total[t.col('党员数')])).toBe(roster);
    // 丙 (unassessed), 戊 (back since November), 己, 庚
    expect(Number(row(B1)[t.col('党员数')])).toBe(4);
    // two different tables never share a file name
    const one = await run('export', 'dues-summary', '--year', '2026', '--org', '第二支部', '--out', path.join(db.dir, 'one.xlsx'), '--json');
    const all = await run('export', 'dues-summary', '--year', '2026', '--out', path.join(db.dir, 'all.xlsx'), '--json');
    expect(one.json().fileName).not.toBe(all.json().fileName);
  });

  it('the committee’s dues-usage shows its income; a 下拨 is in the receiver’s', async () => {
    const t = await exported('dues-usage', '--org', C, '--year', '2026');
    expect(t.text).toContain('本年收入 10000.00 元');
    const b2 = await exported('dues-usage', '--org', '第二支部', '--year', '2026');
    expect(b2.text).toContain('收到下拨');
    expect(b2.text).toContain('本年收入 500.00 元');
  });

  it('dues-publicity for 2026 in November: no “12月未交”; the deceased is not owed Q4; 免交 after payment and the unassessed are remarked', async () => {
    // 免交 approved after September was paid
    await ok('dues', 'pay', '--id-number', ids.waived, '--months', '2026-09', '--amount', '430.00', '--date', '2026-09-08');
    const w = await run('dues', 'waiver', 'add', '--id-number', ids.waived, '--type', '免交', '--from', '2026-09', '--to', '2026-11', '--approved-by', C, '--approved-on', '2026-10-20', '--json');
    expect(w.err).toContain('2026-09 已交 430.00 元');
    const t = await exported('dues-publicity', '--org', '第一支部', '--period', '2026');
    expect(t.text).not.toContain('12月未交');
    const pub = (name: string) => t.rows.find((r) => r[t.col('姓名')] === name)!;
    expect(Number(pub('己按时')[t.col('本期应交')])).toBeCloseTo(430 * 11, 2);
    expect(pub('庚免交')[t.col('备注')]).toContain('9月已交430.00元，该月无需交纳');
    expect(pub('丙未核定')[t.col('备注')]).toContain('未核定党费标准');
    expect(pub('甲死亡')[t.col('备注')]).toContain('已死亡（2026-09-15）');
    // January–August (September was waived after the death)
    expect(Number(pub('甲死亡')[t.col('本期应交')])).toBeCloseTo(430 * 8, 2);
    expect(t.text).toContain('公示期');
    expect(t.text).toContain('监督电话');
    expect(t.text).toContain('（盖章）');
    expect(t.text).toMatch(/本年度结余 \d+\.\d\d 元/);
    // the Q4 table in December: the deceased is not listed at all (nothing owed in Q4)
    today = '2026-12-01';
    const q4 = await exported('dues-publicity', '--org', '第一支部', '--period', '2026-Q4');
    expect(q4.text).not.toContain('甲死亡');
    today = '2026-11-20';
  });
});

describe('the missing forms', () => {
  it('登记表, 上缴汇总表, 欠交党费名单 and 自查申报表 are in the registry and read back', async () => {
    const list = (await ok('export')) as { name: string }[];
    expect(list.map((e) => e.name)).toEqual(expect.arrayContaining(['dues-register', 'dues-remittance', 'dues-arrears', 'dues-self-check']));
    const reg = await exported('dues-register', '--org', '第一支部', '--year', '2026');
    expect(reg.text).toContain('2026年度党费收缴登记表');
    const payer = reg.rows.find((r) => r[reg.col('姓名')] === '己按时')!;
    expect(Number(payer[reg.col('9月')])).toBeCloseTo(430, 2);
    expect(payer[reg.col('12月')]).toBe(''); // not due yet
    const rem = await exported('dues-remittance', '--org', C, '--period', '2026-Q3');
    const b1 = rem.rows.find((r) => r[rem.col('党支部')] === B1)!;
    expect(Number(b1[rem.col('上缴金额')])).toBeCloseTo(10000, 2);
    const arr = await exported('dues-arrears', '--org', C, '--as-of', '2026-11');
    expect(arr.text).toContain('欠交党费名单（截至2026年11月）');
    expect(arr.rows.find((r) => r[arr.col('姓名')] === '乙转出')![arr.col('提醒及备注')]).toContain('已于2026-10-10转出');
    const sc = path.join(db.dir, 'sc.xlsx');
    expect((await run('export', 'dues-self-check', '--org', '第一支部', '--id-number', ids.payer, '--out', sc)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sc);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['己按时']);
    expect(fs.statSync(sc).size).toBeGreaterThan(3000);
  });
});
