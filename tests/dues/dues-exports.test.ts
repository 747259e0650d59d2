import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTestDb, runExport, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { addMember, seedBureau, type Bureau } from '../support/seed.ts';

// The dues tables written as real workbooks and read back (docs/domain/dues.md#dues-sheets), and the balance
// equation opening + income − remitted − spent = closing.

let f: TestDb & Bureau;
const IDS = [makeId('19800101', '011'), makeId('19850505', '022'), makeId('19900909', '033')];

beforeEach(async () => {
  const t = await openTestDb({ today: '2023-06-15' });
  f = { ...t, ...seedBureau(t, ['第一支部', '第二支部']) };
  f.ctx.db.sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('clerkName', '"刘会计"'), ('reviewer', '"陈审核"')`).run();
  addMember(f, { name: '张三', idNumber: IDS[0], org: f.branchA });
  addMember(f, { name: '李四', idNumber: IDS[1], org: f.branchA });
  addMember(f, { name: '王五', idNumber: IDS[2], org: f.branchB });
  await f.call('dues.setBase', { idNumber: IDS[0], year: 2023, category: '在职', income: '6200.00' }); // 93.00
  await f.call('dues.setBase', { idNumber: IDS[1], year: 2023, category: '离退休', income: '4800.00' }); // 24.00
  await f.call('dues.setBase', { idNumber: IDS[2], year: 2023, category: '学生' }); // 0.20
  await f.call('dues.pay', { idNumber: IDS[0], months: '2023-01..2023-03', amount: '279.00', paidOn: '2023-03-05' });
  await f.call('dues.pay', { idNumber: IDS[1], months: '2023-01..2023-03', amount: '50.00', paidOn: '2023-03-05' }); // 24 + 24 + 2 部分
  await f.call('dues.pay', { idNumber: IDS[2], months: '2023-01..2023-06', amount: '1.20', paidOn: '2023-06-01' });
});
afterEach(async () => {
  await f.close();
});

async function readSheet(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  const ws = wb.worksheets[0];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = c.value === null || c.value === undefined ? '' : String(typeof c.value === 'object' && 'richText' in (c.value as object) ? (c.value as { richText: { text: string }[] }).richText.map((t) => t.text).join('') : c.value);
    });
    out[n - 1] = cells;
  });
  return out.map((r) => r ?? []);
}

describe('党费收缴公示表', () => {
  it('per branch and quarter: rows, totals, no income base by default', async () => {
    const file = await runExport(f.ctx, 'dues-publicity', { org: '第一支部', period: '2023-Q1' });
    expect(file.fileName).toContain('2023-Q1');
    const rows = await readSheet(file.bytes);
    const flat = rows.map((r) => r.join('|'));
    expect(flat[0]).toContain('中共某某局机关第一党支部2023年第一季度党费收缴情况公示表');
    const header = rows.find((r) => r.includes('姓名'))!;
    expect(header).not.toContain('计算基数');
    const col = (name: string) => header.indexOf(name);
    const zhang = rows.find((r) => r[col('姓名')] === '张三')!;
    expect(Number(zhang[col('本期应交')])).toBeCloseTo(279, 2);
    expect(Number(zhang[col('本期实交')])).toBeCloseTo(279, 2);
    expect(zhang[col('交纳月份')]).toBe('1-3月');
    expect(zhang[col('交至年月')]).toBe('2023.03');
    const li = rows.find((r) => r[col('姓名')] === '李四')!;
    expect(Number(li[col('本期实交')])).toBeCloseTo(50, 2);
    expect(li[col('备注')]).toContain('3月部分');
    expect(li[col('交至年月')]).toBe('2023.02');
    const total = rows.find((r) => r[0] === '合计')!;
    expect(Number(total[col('本期应交')])).toBeCloseTo(279 + 72, 2);
    expect(Number(total[col('本期实交')])).toBeCloseTo(279 + 50, 2);
    // the members of the other branch are not in it; signatures from settings
    expect(flat.join('\n')).not.toContain('王五');
    expect(flat.join('\n')).toContain('刘会计');
  });
  it('the income base only when asked; a monthly period', async () => {
    const rows = await readSheet((await runExport(f.ctx, 'dues-publicity', { org: '第一支部', period: '2023-02', includeBase: true })).bytes);
    const header = rows.find((r) => r.includes('姓名'))!;
    expect(header).toContain('计算基数');
    const zhang = rows.find((r) => r[header.indexOf('姓名')] === '张三')!;
    expect(Number(zhang[header.indexOf('计算基数')])).toBeCloseTo(6200, 2);
    expect(Number(zhang[header.indexOf('本期应交')])).toBeCloseTo(93, 2);
  });
});

describe('党费收缴情况统计表 and the accounts', () => {
  it('one row per organization with direct members plus 合计; balances add up', async () => {
    await f.call('dues.setOpening', { orgId: f.branchA, year: 2023, amount: '100.00' });
    await f.call('dues.remit', { orgId: f.branchA, period: '2023-Q1', amount: '32.90', toOrg: '中共某某局机关委员会', paidOn: '2023-04-10' });
    await f.call('dues.spend', { orgId: f.branchA, kind: '使用', category: '订阅报刊及购置党员教育资料设备', amount: '60.00', spentOn: '2023-05-01', decisionRef: '支委会2023-04-28记录', approver: '赵书记' });
    await expect(f.call('dues.spend', { orgId: f.branchA, kind: '使用', category: '宴请', amount: '1.00', spentOn: '2023-05-01', decisionRef: 'x', approver: 'y' })).rejects.toMatchObject({ field: 'category' });
    const acc = await f.call('dues.accounts', { orgId: f.branchA, year: 2023 });
    // opening 100 + income 329 − remitted 32.90 − spent 60 = 336.10
    expect(acc.balance).toMatchObject({ opening: '100.00', income: '329.00', remitted: '32.90', spent: '60.00', closing: '336.10' });
    expect(acc.balance.openingFen + acc.balance.incomeFen - acc.balance.remittedFen - acc.balance.spentFen).toBe(acc.balance.closingFen);
    // next year opens with this year's closing
    await f.call('dues.pay', { idNumber: IDS[0], months: '2023-04', amount: '93.00', paidOn: '2024-01-05' });
    const next = await f.call('dues.accounts', { orgId: f.branchA, year: 2024 });
    expect(next.balance).toMatchObject({ opening: '336.10', income: '93.00', closing: '429.10' });

    const rows = await readSheet((await runExport(f.ctx, 'dues-summary', { year: 2023 })).bytes);
    const header = rows.find((r) => r.includes('党组织名称'))!;
    const sub = rows[rows.indexOf(header) + 1];
    const col = (name: string) => (header.indexOf(name) >= 0 ? header.indexOf(name) : sub.indexOf(name));
    const a = rows.find((r) => r[col('党组织名称')] === '中共某某局机关第一党支部')!;
    const b = rows.find((r) => r[col('党组织名称')] === '中共某某局机关第二党支部')!;
    const total = rows.find((r) => r[0] === '合计')!;
    expect(rows.filter((r) => r[col('党组织名称')]?.startsWith('中共某某局机关第')).length).toBe(2);
    expect(Number(a[col('党员数')])).toBe(2);
    expect(Number(a[col('应交')])).toBeCloseTo(93 * 12 + 24 * 12, 2);
    expect(Number(a[col('实交')])).toBeCloseTo(279 + 50 + 93, 2);
    // arrears through June (today 2023-06-15): 张三 4–6 (3×93, 4 paid in 2024 → 2), 李四 3 partial 22 + 4–6
    expect(Number(a[col('欠交')])).toBeCloseTo(93 * 2 + 22 + 24 * 3, 2);
    expect(Number(a[col('上缴')])).toBeCloseTo(32.9, 2);
    expect(Number(a[col('结余')])).toBeCloseTo(336.1, 2);
    expect(Number(b[col('实交')])).toBeCloseTo(1.2, 2);
    expect(Number(total[col('党员数')])).toBe(3);
    expect(Number(total[col('实交')])).toBeCloseTo(279 + 50 + 93 + 1.2, 2);
    expect(Number(total[col('结余')])).toBeCloseTo(336.1 + 1.2, 2);

    const one = await readSheet((await runExport(f.ctx, 'dues-summary', { year: 2023, org: '第二支部' })).bytes);
    expect(one.filter((r) => /^\d+$/.test(r[0] ?? '')).map((r) => r[1])).toEqual(['中共某某局机关第二党支部']);
  });

  it('使用情况明细表 and 核定表 are written', async () => {
    await f.call('dues.spend', { orgId: f.branchA, kind: '使用', category: '培训党员', amount: '80.00', spentOn: '2023-05-01', decisionRef: '支委会决定', approver: '赵书记', note: '党课教材' });
    const usage = await readSheet((await runExport(f.ctx, 'dues-usage', { org: '第一支部', year: 2023 })).bytes);
    expect(usage.map((r) => r.join('|')).join('\n')).toContain('培训党员');
    const assess = await readSheet((await runExport(f.ctx, 'dues-assessment', { org: '第一支部', year: 2024 })).bytes);
    const header = assess.find((r) => r.includes('公民身份号码'))!;
    const zhang = assess.find((r) => r[header.indexOf('姓名')] === '张三')!;
    expect(zhang[header.indexOf('公民身份号码')]).toBe(IDS[0]);
    expect(Number(zhang[header.indexOf('月收入基数')])).toBeCloseTo(6200, 2);
  });
});

describe('党费基数核定表 round trip', () => {
  it('the exported sheet, filled in and read back, becomes the next year’s standards; a bad row refuses the file', async () => {
    const file = await runExport(f.ctx, 'dues-assessment', { org: '第一支部', year: 2024 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as never);
    const ws = wb.worksheets[0];
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (!headerRow && row.values && (row.values as unknown[]).includes('公民身份号码')) headerRow = n;
    });
    const labels = (ws.getRow(headerRow).values as unknown[]).map(String);
    const baseCol = labels.indexOf('月收入基数');
    const nameCol = labels.indexOf('姓名');
    const catCol = labels.indexOf('交纳类别');
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      if (ws.getRow(r).getCell(nameCol).value === '张三') ws.getRow(r).getCell(baseCol).value = 7850; // a raise
    }
    const good = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await f.call('dues.importAssessment', { org: '第一支部', year: 2024, fileName: '核定表.xlsx', bytes: good });
    expect(r.imported).toBe(2);
    const zhang = await f.call('dues.memberLedger', { idNumber: IDS[0] });
    expect(zhang.standards.find((s) => s.year === 2024)).toMatchObject({ fromMonth: '2024-01', base: '7850.00', amount: '117.75' });

    for (let r2 = headerRow + 1; r2 <= ws.rowCount; r2++) {
      if (ws.getRow(r2).getCell(nameCol).value === '李四') ws.getRow(r2).getCell(catCol).value = '无此类别';
      if (ws.getRow(r2).getCell(nameCol).value === '张三') ws.getRow(r2).getCell(baseCol).value = 9000;
    }
    const bad = new Uint8Array(await wb.xlsx.writeBuffer());
    await expect(f.call('dues.importAssessment', { org: '第一支部', year: 2024, fileName: '核定表.xlsx', bytes: bad })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/第\d+行：交纳类别“无此类别”不正确/) });
    // nothing half-written: 张三 keeps 7850.00
    const again = await f.call('dues.memberLedger', { idNumber: IDS[0] });
    expect(again.standards.find((s) => s.year === 2024)?.base).toBe('7850.00');
  });
});
