import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { chooseByTitle, insertOrg, startE2E, type E2E } from './harness.ts';

// 党费 end to end through the real UI: record a month for a whole branch in the grid
// ("本月全部按标准已交") and see the arrears list change; then one exception paid cell by cell.

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
let e2e: E2E;
let page: Page;
const BRANCH1 = ['张伟', '王芳', '李娜', '刘洋'];

async function seed(e: E2E) {
  const s = e.db.sqlite;
  const now = '2023-01-01T00:00:00.000Z';
  const root = insertOrg(e, { name: '中共某局机关委员会', type: '党委', now });
  const b1 = insertOrg(e, { name: '机关第一党支部', type: '党支部', parent: root, sortOrder: 1, now });
  const m = s.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id, created_at, updated_at)
    VALUES (?, ?, '', ?, '男', '1980-01-01', '正式党员', '2001-07-01', ?, ?, ?)`);
  BRANCH1.forEach((name, i) => m.run(name, `p${i}`, `11010519800101${String(i).padStart(4, '0')}`, b1, now, now));
  s.prepare(`INSERT INTO settings (key, value) VALUES ('clerkName', '"王经办"')`).run();
  const call = (name: string, input: unknown) => dispatch(e.ctx, name, input);
  const incomes = ['4500.00', '6200.00', '3000.00', '12000.00'];
  for (let i = 0; i < BRANCH1.length; i++) {
    const idNumber = `11010519800101${String(i).padStart(4, '0')}`;
    await call('dues.setBase', { idNumber, year: 2023, category: i === 2 ? '离退休' : '在职', income: incomes[i] });
    // everybody paid January–May except 刘洋, who has paid nothing this year
    if (i !== 3) await call('dues.recordMonth', { orgId: b1, month: '2023-01', paidOn: '2023-01-08' }).catch(() => undefined);
  }
  for (const month of ['2023-02', '2023-03', '2023-04', '2023-05']) {
    await call('dues.recordMonth', { orgId: b1, month, paidOn: `${month}-08`, exceptMemberIds: [4] });
  }
  // January for 刘洋 was recorded by the first loop: reverse it so that he owes Jan–Jun
  const ledger = (await call('dues.memberLedger', { idNumber: '110105198001010003' })) as { payments: { id: number }[] };
  for (const p of ledger.payments) await call('dues.reverse', { paymentId: p.id, reason: '测试数据' });
}

async function setYear(y: string) {
  const input = page.locator('[data-testid="dues-year"] input, input[data-testid="dues-year"]').first();
  await input.fill(y);
  await input.press('Tab');
}

describe('dues UI', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2023-06-15';
    e2e = await startE2E();
    page = e2e.page;
    // the browser's calendar agrees with the server's pinned day (dates after today are refused)
    // a clock that runs from the pinned day (a frozen one would keep toasts open for ever)
    await page.clock.install({ time: new Date('2023-06-15T10:00:00') });
    await page.clock.resume();
    await page.reload();
    await seed(e2e);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('records June for the whole branch in the grid and the arrears list changes', async () => {
    await page.getByTestId('nav-dues').click();
    await chooseByTitle(page, 'dues-org', '机关第一党支部');
    await setYear('2023');
    await e2e.shot('dues-0-grid');
    const grid = page.getByTestId('dues-grid');
    await poll(() => grid.locator('[data-testid^="grid-row-"]').count()).toBe(4);

    await page.getByRole('tab', { name: '欠交提醒' }).click();
    const asOf = page.getByTestId('arrears-asof');
    await asOf.fill('2023-06');
    await poll(() => page.getByTestId('arrears-count').textContent()).toContain('欠交党员 4 名，其中连续6个月以上 1 名');
    await e2e.shot('dues-1-arrears-before');

    await page.getByRole('tab', { name: '收缴登记' }).click();
    await poll(() => grid.locator('[data-testid^="grid-row-"]').count()).toBe(4);
    const month = page.locator('[data-testid="grid-month"] input, input[data-testid="grid-month"]').first();
    await month.fill('6');
    await month.press('Tab');
    await e2e.shot('dues-2-grid-before');
    await page.getByTestId('record-month').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '登 记' }).or(page.locator('.ant-popconfirm').getByRole('button', { name: '登记' })).first().click();
    // 刘洋 still owes January–May: the later month is not marked paid without saying so
    await poll(() => page.getByTestId('earlier-text').textContent()).toContain('刘洋');
    await page.locator('.ant-modal').filter({ hasText: '有党员还欠交更早的月份' }).waitFor({ state: 'visible' });
    await page.waitForTimeout(400); // the dialog's opening animation
    await e2e.shot('dues-2b-earlier-open');
    await page.getByTestId('earlier-this-month').click();
    await poll(() => grid.locator('[data-testid^="grid-row-"]').filter({ hasText: '刘洋' }).locator('[data-testid$="-6"]').textContent()).toBe('已交');
    await poll(() => grid.locator('[data-testid^="grid-row-"]').filter({ hasText: '张伟' }).locator('[data-testid$="-6"]').textContent()).toBe('已交');
    await e2e.shot('dues-3-grid-after');

    await page.getByRole('tab', { name: '欠交提醒' }).click();
    await page.getByTestId('arrears-asof').fill('2023-06');
    await poll(() => page.getByTestId('arrears-count').textContent()).toBe('欠交党员 1 名');
    const row = page.locator('[data-testid="arrears-table"] tbody tr.ant-table-row');
    await poll(() => row.count()).toBe(1);
    await poll(() => row.first().textContent()).toContain('刘洋');
    await poll(() => row.first().textContent()).toContain('1200.00'); // Jan–May at 240.00 (12,000 × 2 %)
    await e2e.shot('dues-4-arrears-after');

    // the exception: 刘洋 makes up January–May in one payment from the grid (keyboard: Enter on a cell)
    await page.getByRole('tab', { name: '收缴登记' }).click();
    const cell = grid.locator('[data-testid^="grid-row-"]').filter({ hasText: '刘洋' }).locator('[data-testid$="-1"]');
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-months').fill('2023-01..2023-05');
    await page.getByTestId('pay-amount').fill('1200.00');
    await page.getByTestId('pay-date').fill('2023-06-15');
    await e2e.shot('dues-5-pay-modal');
    await page.getByTestId('pay-date').press('Enter');
    await poll(() => grid.locator('[data-testid^="grid-row-"]').filter({ hasText: '刘洋' }).locator('[data-testid$="-1"]').textContent()).toBe('已交');
    await page.getByRole('tab', { name: '欠交提醒' }).click();
    await page.getByTestId('arrears-asof').fill('2023-06');
    await poll(() => page.getByTestId('arrears-count').textContent()).toBe('欠交党员 0 名');

    // the other tabs render (looked at in the screenshots)
    await page.getByRole('tab', { name: '标准核定' }).click();
    await page.getByTestId('std-member').click();
    await page.keyboard.type('张伟');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '张伟' }).first().click();
    await poll(() => page.getByText('登记自愿多交').count()).toBe(1);
    await page.getByTestId('std-income').fill('3000.01');
    await poll(() => page.getByTestId('std-preview').textContent()).toContain('每月 30.00 元');
    // the payslip helper: the base from payslip items, with the computation shown and kept
    await page.getByText('按工资条计算基数（可选）').click();
    await page.getByTestId('payslip-add').click();
    await page.locator('input.payslip-item').last().fill('基本工资');
    await page.locator('input.payslip-amount').last().fill('8000.00');
    await page.getByTestId('payslip-add').click();
    await page.locator('input.payslip-item').last().fill('个人所得税');
    await page.locator('input.payslip-amount').last().fill('640.00');
    await poll(() => page.getByTestId('payslip-preview').textContent()).toContain('= 7360.00');
    await page.getByTestId('std-save').click();
    await poll(() => page.getByText('基本工资8000.00 − 个人所得税640.00 = 7360.00', { exact: false }).count()).toBeGreaterThan(0);
    await e2e.shot('dues-6-standard');
    await page.getByRole('tab', { name: '上缴与使用' }).click();
    await poll(() => page.getByTestId('dues-balance').textContent()).toContain('本年收入');
    await e2e.shot('dues-7-accounts');
    await page.getByRole('tab', { name: '报表与设置' }).click();
    await e2e.shot('dues-8-exports');

    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });
});
