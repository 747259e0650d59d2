import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { idCheckChar } from '../../src-main/domain/id-number.ts';
import { chooseByTitle, insertOrg, startE2E, type E2E } from './harness.ts';

// What a clerk does over a year, through the UI: record the months in the grid, a transfer out in April and
// the return in November, a death in September, a move to the other branch in October, single payments,
// a remittance to the committee and a 下拨 to a branch — then the posted tables: the Q4 公示表 and the
// year's 统计表, downloaded and read back, with the figures worked out by hand below
// (docs/domain/dues.md#ledger-and-roll, docs/domain/dues.md#accounts-across-levels).

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const idOf = (birth: string, seq: string) => `110101${birth}${seq}${idCheckChar(`110101${birth}${seq}`)}`;
let e2e: E2E;
let page: Page;
const call = (name: string, input: unknown) => dispatch(e2e.ctx, name, input) as Promise<any>;
const C = '中共某局机关委员会';
const B1 = '机关第一党支部';
const B2 = '机关第二党支部';
const M = { li: idOf('19700101', '011'), zhao: idOf('19600101', '021'), qian: idOf('19700102', '031'), sun: idOf('19750101', '041'), zhou: idOf('19780101', '051') };

async function shot(name: string) {
  await page.waitForTimeout(600);
  await e2e.shot(name);
}
async function fill(testId: string, value: string) {
  await page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first().fill(value);
}
async function choose(testId: string, label: string) {
  await page.getByTestId(testId).click();
  const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await popup.getByTitle(label, { exact: true }).first().click();
  await poll(() => popup.isVisible()).toBe(false);
}
async function fresh(nav: string) {
  await page.reload();
  await page.getByTestId(nav).click();
}
/** 登记变动 from the member's card */
async function event(name: string, type: string, date: string, more?: () => Promise<void>, offRoll = false) {
  await fresh('nav-members');
  if (offRoll) await choose('filter-roll', '全部人员');
  await page.locator('[data-testid="member-search"] input, input[data-testid="member-search"]').first().fill(name);
  await page.getByTestId('member-name').filter({ hasText: name }).first().click();
  await page.getByTestId('member-detail').waitFor();
  await page.getByTestId('detail-event').click();
  await choose('event-type', type);
  await fill('event-date', date);
  if (more) await more();
  await page.getByTestId('event-ok').click();
  await page.getByText(`已登记：${type}`).first().waitFor();
}
async function grid(org: string) {
  await fresh('nav-dues');
  await chooseByTitle(page, 'dues-org', org);
  await page.getByTestId('dues-grid').waitFor();
}
async function wholeMonth(month: number) {
  const input = page.locator('[data-testid="grid-month"] input, input[data-testid="grid-month"]').first();
  await input.fill(String(month));
  await input.press('Tab');
  await page.getByTestId('record-month').click();
  await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').last().getByRole('button', { name: /登\s*记/ }).click();
  await page.getByText(new RegExp(`^${month}月：已登记`)).first().waitFor();
}
const cell = (id: number, month: number) => page.getByTestId(`cell-${id}-${month}`);
async function download(testId: string): Promise<string[][]> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = await dl.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file!);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = c.value == null ? '' : String(c.value);
    });
    rows[n - 1] = cells;
  });
  return rows.map((r) => r ?? []);
}

describe('a clerk’s year of dues', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2026-12-10';
    e2e = await startE2E();
    page = e2e.page;
    // a clock that runs from the pinned day (a frozen one would keep toasts open for ever)
    await page.clock.install({ time: new Date('2026-12-10T10:00:00') });
    await page.clock.resume();
    await page.reload();
    const now = '2026-01-01T00:00:00.000Z';
    const root = insertOrg(e2e, { name: C, type: '党委', now });
    insertOrg(e2e, { name: B1, type: '党支部', parent: root, sortOrder: 1, now });
    insertOrg(e2e, { name: B2, type: '党支部', parent: root, sortOrder: 2, now });
    const add = (name: string, idNumber: string) =>
      call('members.save', { member: { name, idNumber, org: B1, ethnicity: '汉族', category: '正式党员', joinedOn: '2000-07-01', confirmedOn: '2001-07-01' } });
    await add('李四', M.li);
    await add('赵一', M.zhao);
    await add('钱二', M.qian);
    await add('孙三', M.sun);
    await add('周五', M.zhou); // never assessed
    // January's assessment (核定) done the usual way
    for (const [id, income] of [[M.li, '6000.00'], [M.zhao, '5000.00'], [M.qian, '8000.00'], [M.sun, '4000.00']]) {
      await call('dues.setBase', { idNumber: id, year: 2026, category: '在职', income });
    }
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('records the year through the UI, and the posted 公示表 and 统计表 carry the right figures', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await e2e.shot('year-failed');
    });
    const ids = Object.fromEntries(await Promise.all(Object.entries(M).map(async ([k, v]) => [k, (await call('members.list', { search: v, roll: 'all' })).rows[0].id]))) as Record<keyof typeof M, number>;
    // January–March, the whole branch each month
    await grid(B1);
    for (const m of [1, 2, 3]) await wholeMonth(m);
    await poll(() => cell(ids.sun, 3).textContent()).toBe('已交');
    // 孙三 transfers out on 10 April: April is still owed here, nothing after
    await event('孙三', '转出', '2026-04-10', () => fill('event-detail', '中共某县委组织部'));
    await grid(B1);
    for (const m of [4, 5, 6, 7, 8]) await wholeMonth(m);
    await poll(() => cell(ids.sun, 4).textContent()).toBe('已交');
    expect(await cell(ids.sun, 5).count()).toBe(0);
    // a death on 15 September: September is owed, nothing after
    await event('赵一', '死亡', '2026-09-15');
    // 钱二 moves to the second branch on 8 October: October stays here, November on go there
    await event('钱二', '调整', '2026-10-08', () => choose('event-to-org', B2));
    // 孙三 returns on 5 November
    await event('孙三', '转入', '2026-11-05', () => choose('event-to-org', B1), true);
    await grid(B1);
    for (const m of [9, 10, 11]) await wholeMonth(m);
    await poll(() => cell(ids.zhao, 9).textContent()).toBe('已交');
    expect(await cell(ids.zhao, 10).count()).toBe(0);
    await poll(() => cell(ids.sun, 11).textContent()).toBe('已交');
    expect(await cell(ids.qian, 11).count()).toBe(0);
    await shot('year-1-grid-branch1');
    // the second branch: 钱二 pays November at his cell
    await grid(B2);
    await cell(ids.qian, 11).click();
    await poll(() => page.getByTestId('pay-amount').locator('input').or(page.locator('input[data-testid="pay-amount"]')).first().inputValue()).toBe('120.00');
    await page.locator('.ant-modal').getByRole('button', { name: /登\s*记/ }).click();
    await poll(() => cell(ids.qian, 11).textContent()).toBe('已交');
    expect(await cell(ids.qian, 10).count()).toBe(0);
    await shot('year-2-grid-branch2');

    // money up and down: the branch remits 1000.00 to the committee; the committee allocates 200.00 to the second branch
    await fresh('nav-dues');
    await chooseByTitle(page, 'dues-org', B1);
    await page.getByRole('tab', { name: '上缴与使用' }).click();
    const remit = page.locator('.ant-card').filter({ hasText: '登记上缴' });
    await remit.locator('input').nth(1).fill('1000.00');
    await remit.locator('input').nth(2).fill('2026-12-05');
    await remit.getByRole('button', { name: /登\s*记/ }).click();
    await page.getByText('已登记上缴').waitFor();
    await chooseByTitle(page, 'dues-org', C);
    await poll(() => page.getByTestId('dues-balance').textContent()).toContain('1000.00');
    await choose('spend-kind', '下拨');
    await choose('spend-to-org', B2);
    await fill('spend-amount', '200.00');
    await fill('spend-decision', '党委会2026-12-01纪要');
    await fill('spend-approver', '王书记');
    await page.getByTestId('spend-submit').click();
    await page.getByText('已登记下拨').waitFor();
    await poll(() => page.getByTestId('dues-closing').textContent()).toBe('800.00');
    await shot('year-3-accounts-committee');

    // the arrears list: December open for 李四, 孙三 and (in the second branch) 钱二; 周五 unassessed
    await page.getByRole('tab', { name: '欠交提醒' }).click();
    await fill('arrears-asof', '2026-12');
    await poll(() => page.getByTestId('arrears-count').textContent()).toBe('欠交党员 3 名；未核定党费标准 1 名');
    await shot('year-4-arrears');

    // the posted tables
    await chooseByTitle(page, 'dues-org', B1);
    await page.getByRole('tab', { name: '报表与设置' }).click();
    await fill('publicity-period', '2026-Q4');
    const pub = await download('export-dues-publicity');
    const h = pub.find((r) => r.includes('姓名'))!;
    const person = (name: string) => pub.find((r) => r[h.indexOf('姓名')] === name);
    // Q4 for the first branch: 李四 Oct–Dec, 钱二 October (the month of his move), 孙三 November–December; 赵一 owes nothing in Q4
    expect(person('赵一')).toBeUndefined();
    expect(Number(person('李四')![h.indexOf('本期应交')])).toBeCloseTo(270, 2);
    expect(Number(person('李四')![h.indexOf('本期实交')])).toBeCloseTo(180, 2);
    expect(person('李四')![h.indexOf('备注')]).toContain('12月未交');
    expect(Number(person('钱二')![h.indexOf('本期应交')])).toBeCloseTo(120, 2);
    expect(person('钱二')![h.indexOf('备注')]).toContain('已调整至机关第二党支部');
    expect(Number(person('孙三')![h.indexOf('本期应交')])).toBeCloseTo(80, 2);
    expect(person('周五')![h.indexOf('备注')]).toContain('未核定党费标准');
    const total = pub.find((r) => r[0] === '合计')!;
    expect(Number(total[h.indexOf('本期应交')])).toBeCloseTo(470, 2);
    expect(Number(total[h.indexOf('本期实交')])).toBeCloseTo(340, 2);
    const pubText = pub.map((r) => r.join('')).join('\n');
    expect(pubText).toContain('上缴上级党组织 1000.00 元');
    expect(pubText).toContain('本年度结余 1840.00 元');

    const sum = await download('export-dues-summary-all');
    const sh = sum.findIndex((r) => r.includes('党组织名称'));
    const col = (label: string) => (sum[sh].indexOf(label) >= 0 ? sum[sh].indexOf(label) : sum[sh + 1].indexOf(label));
    const org = (name: string) => sum.find((r) => r[col('党组织名称')] === name)!;
    // 党员数 on the roll today: 李四, 孙三, 周五 | 钱二 | the committee holds money, no members of its own
    expect([org(`${B1}`), org(B2), org(C)].map((r) => Number(r[col('党员数')]))).toEqual([3, 1, 0]);
    expect(Number(org(B1)[col('应交')])).toBeCloseTo(1080 + 450 + 1200 + 240, 2);
    expect(Number(org(B1)[col('实交')])).toBeCloseTo(990 + 450 + 1200 + 200, 2);
    expect(Number(org(B1)[col('欠交')])).toBeCloseTo(90 + 40, 2);
    expect(Number(org(B2)[col('欠交')])).toBeCloseTo(120, 2);
    expect(Number(org(C)[col('本年收入')])).toBeCloseTo(1000, 2);
    expect(Number(org(B2)[col('本年收入')])).toBeCloseTo(120 + 200, 2);
    const all = sum.find((r) => r[0] === '合计')!;
    expect(Number(all[col('党员数')])).toBe(4);
    // the bureau's balance: all the members paid (2840 + 120), nothing left the tree
    expect(Number(all[col('结余')])).toBeCloseTo(2840 + 120, 2);

    // a 核定表, filled in by the branch with one bad row and one left blank: the good rows are kept,
    // the bad one listed (and stays listed) with a workbook of the refused rows to download
    const { jobId } = await call('exports.run', { name: 'dues-assessment', input: { org: B1, year: 2027 } });
    const sheet = (await e2e.ctx.jobs.wait(jobId)) as { bytes: Uint8Array };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(sheet.bytes) as never);
    const ws = wb.worksheets[0];
    let hr = 0;
    ws.eachRow((row, n) => {
      if (!hr && (row.values as unknown[]).includes('公民身份号码')) hr = n;
    });
    const labels = (ws.getRow(hr).values as unknown[]).map(String);
    for (let r = hr + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (row.getCell(labels.indexOf('姓名')).value === '李四') row.getCell(labels.indexOf('月收入基数')).value = '六千';
      if (row.getCell(labels.indexOf('姓名')).value === '周五') {
        row.getCell(labels.indexOf('交纳类别')).value = '在职';
        row.getCell(labels.indexOf('月收入基数')).value = 5200;
      }
    }
    await page.getByTestId('import-assessment').locator('..').locator('input[type="file"]').or(page.locator('.ant-upload input[type="file"]')).first()
      .setInputFiles({ name: '核定表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
    await poll(() => page.getByTestId('import-result').textContent()).toContain('1 行未导入');
    await poll(() => page.getByTestId('import-refused').textContent()).toContain('月收入基数“六千”不是金额');
    await shot('year-5-import-refused');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-error-report').click()]);
    expect(dl.suggestedFilename()).toContain('未导入的行');
    // still there after a moment: the list does not vanish like a toast
    await page.waitForTimeout(4000);
    expect(await page.getByTestId('import-refused').isVisible()).toBe(true);
    // imported for the year shown on the page
    expect((await call('dues.memberLedger', { idNumber: M.zhou })).standards.map((s: { year: number; base: string }) => [s.year, s.base])).toEqual([[2026, '5200.00']]);
    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });
});
