import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';
import { withCheckChar } from '../support/id-numbers.ts';

// The foundation slice through the real UI: build the tree, add a member with
// the live checks (warning for a conflicting 性别, refusal of a wrong ID), find the member by pinyin
// initials, export the roster and read the workbook back.

// ID numbers from the tests' own oracle (independent of the domain code)
const GOOD_ID = withCheckChar('11010519850315001'); // 17th digit 1 (odd) → 男, born 1985-03-15
const BAD_ID = GOOD_ID.slice(0, 17) + (GOOD_ID[17] === '0' ? '1' : '0');

/** waits for a value in the page to settle (the UI answers after debounces and round trips) */
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const t0 = Date.now();
const step = (name: string) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${name}`);

let e2e: E2E;
let page: Page;

/** opens an antd (Tree)Select by its test id and clicks the option with this exact label */
async function choose(testId: string, label: string) {
  await page.getByTestId(testId).click();
  const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await popup.getByTitle(label, { exact: true }).first().click();
  await poll(() => popup.isVisible()).toBe(false);
}

/** types into an input by test id (antd puts some test ids on the input's wrapper) */
async function fill(testId: string, value: string) {
  await page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first().fill(value);
}

async function addOrg(o: { name: string; short: string; type: string; parent?: string; termStart: string }) {
  await page.getByTestId('org-add').click();
  await fill('org-name', o.name);
  await fill('org-short', o.short);
  await choose('org-type', o.type);
  if (o.parent) await choose('org-parent', o.parent);
  await fill('org-term-start', o.termStart);
  await page.getByTestId('org-save').click();
  await page.getByTestId(`org-row-${o.name}`).waitFor();
}

describe('foundation UI', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2025-06-30'; // the server's clock: makes the 换届 reminders predictable
    e2e = await startE2E();
    page = e2e.page;
    page.on('console', (m) => {
      if (m.type() === 'error') console.log('console error at', m.location().url); // names what failed to load
    });
  });
  afterAll(async () => {
    delete process.env.DANGWU_TODAY;
    await e2e?.close();
  });

  it('builds the tree, adds a member with live checks, finds and exports them', async () => {
    try {
      await journey();
    } catch (e) {
      await e2e.shot('foundation-failure'); // what the page looked like when it broke
      throw e;
    }
  }, 300_000); // one long journey; a loaded CI machine needs the room
});

async function journey() {
  {
    step('设置');
    // ── 设置 (the export's footer prints these)
    await page.getByTestId('nav-settings').click();
    await fill('set-unit', '中共城南街道工作委员会');
    await fill('set-clerk', '李明');
    await fill('set-phone', '010-66668888');
    await fill('set-reviewer', '王芳');
    await fill('set-principal', '赵刚');
    await page.getByTestId('settings-save').click();
    await page.getByText('设置已保存').waitFor();
    await e2e.shot('foundation-settings');

    step('组织架构:');
    // ── 组织架构: a 党委 with two 党支部
    await page.getByTestId('nav-orgs').click();
    await page.getByTestId('org-add').waitFor();
    await e2e.shot('foundation-orgs-empty');
    await addOrg({ name: '中共城南街道工作委员会', short: '城南街道党工委', type: '党委', termStart: '2020-09-01' });
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-form').waitFor();
    await e2e.shot('foundation-org-form');
    await page.keyboard.press('Escape');
    await addOrg({ name: '城南街道机关第一党支部', short: '机关一支部', type: '党支部', parent: '中共城南街道工作委员会', termStart: '2022-03-01' });
    await addOrg({ name: '城南街道机关第二党支部', short: '机关二支部', type: '党支部', parent: '中共城南街道工作委员会', termStart: '2024-01-01' });
    const table = page.getByTestId('org-table');
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(3);
    // 党委 2020-09-01 + 5 years → 2025-09-01: within 90 days of 2025-06-30; 一支部 2022-03-01 + 3 → overdue
    await poll(() => page.getByTestId('term-due90').count()).toBe(1);
    await poll(() => page.getByTestId('term-overdue').count()).toBe(1);
    await e2e.shot('foundation-orgs');
    // deleting an organization with sub-organizations is refused with a clear message
    await page.getByTestId('org-delete-中共城南街道工作委员会').click();
    await page.getByTestId('org-delete-ok').click();
    await page.locator('.ant-message-error').filter({ hasText: /下级|党员/ }).waitFor();
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(3);

    step('党员花名册:');
    // ── 党员花名册: add a member
    await page.getByTestId('nav-members').click();
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form').waitFor();
    await fill('m-name', '曾小明');
    // a wrong check character is an error beside the field, as the clerk types
    await fill('m-idNumber', BAD_ID);
    await poll(() => page.getByTestId('err-idNumber').textContent()).toMatch(/校验/);
    await choose('m-orgId', '城南街道机关第一党支部');
    await choose('m-education', '大学本科');
    await fill('m-joinedOn', '2008-07-01');
    await fill('m-confirmedOn', '2009-07-01');
    await fill('m-phone', '13800138000');
    // saving is refused with the Chinese message
    await page.getByTestId('member-save').click();
    await poll(() => page.getByTestId('member-refusal').textContent()).toMatch(/身份号码.*校验/);
    await e2e.shot('foundation-member-refused');

    // a valid ID fills 性别 and 出生日期
    await fill('m-idNumber', GOOD_ID);
    await poll(() => page.getByTestId('m-birthDate').inputValue()).toBe('1985-03-15');
    await poll(() => page.locator('[data-testid="m-gender"]').textContent()).toContain('男');
    await poll(() => page.getByTestId('err-idNumber').count()).toBe(0);
    // choosing 女 against a male ID is a WARNING (orange), not an error
    await choose('m-gender', '女');
    await poll(() => page.getByTestId('warn-gender').textContent()).toMatch(/性别/);
    await e2e.shot('foundation-member-warning');
    await page.getByTestId('member-save').click();
    await page.getByText(/已保存/).first().waitFor();
    await page.getByTestId('member-form').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('member-total').textContent()).toContain('共 1 人');

    step('search');
    // ── search by pinyin initials (曾 is Z as a surname)
    await fill('member-search', 'zxm');
    await poll(() => page.getByTestId('member-name').allTextContents()).toEqual(['曾小明']);
    await fill('member-search', 'abc');
    await poll(() => page.getByTestId('member-total').textContent()).toContain('共 0 人');
    await fill('member-search', 'zxm');
    await poll(() => page.getByTestId('member-total').textContent()).toContain('共 1 人');
    await e2e.shot('foundation-members');

    step('detail');
    // ── detail drawer with history
    await page.getByTestId('member-name').first().click();
    await page.getByTestId('member-detail').waitFor();
    await poll(() => page.getByTestId('member-detail').textContent()).toContain(GOOD_ID);
    await e2e.shot('foundation-member-detail');
    await page.keyboard.press('Escape');
    await page.getByTestId('member-detail').waitFor({ state: 'hidden' });

    step('export');
    // ── export the roster through the job runner → a download
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('member-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = path.join(e2e.dir, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    expect(rows.some((r) => r.join('').includes('花名册'))).toBe(true); // title
    expect(rows.some((r) => r.join('').includes('中共城南街道工作委员会'))).toBe(true); // 填报单位
    const headerIdx = rows.findIndex((r) => r.includes('姓名') && r.some((c) => c.includes('身份')));
    expect(headerIdx).toBeGreaterThan(0);
    const memberIdx = rows.findIndex((r) => r.includes('曾小明'));
    expect(memberIdx).toBeGreaterThan(headerIdx);
    // the ID is stored as text (not a number that Excel would round)
    let idCell: ExcelJS.Cell | null = null;
    ws.getRow(memberIdx + 1).eachCell((c) => {
      if (c.value === GOOD_ID) idCell = c;
    });
    expect(idCell).not.toBeNull();
    expect(typeof idCell!.value).toBe('string');
    expect(rows.some((r) => r.join('').includes('李明'))).toBe(true); // 填表人 footer

    // ── 批量调整组织: move the selected member to the second branch
    step('move');
    await page.locator('input[data-testid="member-check"], [data-testid="member-check"] input').first().check();
    await page.getByTestId('member-move').click();
    await choose('move-target', '城南街道机关第二党支部');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByText(/已将 1 名党员调整到/).waitFor();
    await poll(() => page.getByTestId('orgfilter-城南街道机关第二党支部').textContent()).toContain('1');

    // ── 登记变动: 转出 takes the member off the roll (kept in history, gone from the default list)
    step('event');
    await page.getByTestId('member-name').first().click();
    await page.getByTestId('member-detail').waitFor();
    await page.getByTestId('detail-event').click();
    await fill('event-date', '2025-06-20');
    await fill('event-detail', '转往中共某区委组织部');
    await page.getByTestId('event-ok').click();
    await page.getByText('已登记：转出').waitFor();
    await poll(() => page.getByTestId('member-detail').textContent()).toContain('转往中共某区委组织部');
    await e2e.shot('foundation-member-event');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('member-total').textContent()).toContain('共 0 人');

    expect(e2e.foreignRequests).toEqual([]);
    expect(e2e.consoleErrors).toEqual([]);
  }
}
