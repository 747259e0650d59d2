import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseByTitle, insertOrg, SCREENSHOT_DIR, startE2E, type E2E } from './harness.ts';

// The campaign end to end through the real UI: start a campaign, bulk-mark a branch signed, see the board
// change, print the branch's commitment letters to an A4 PDF (page.pdf on the print view).

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });
let e2e: E2E;
let page: Page;

const BRANCH1 = ['张伟', '王芳', '李娜', '刘洋'];
const BRANCH2 = ['陈静', '杨磊', '赵敏'];

function seed(e: E2E) {
  const s = e.db.sqlite;
  const now = '2025-01-01T00:00:00.000Z';
  const root = insertOrg(e, { name: '中共某局机关委员会', type: '党委', now });
  const b1 = insertOrg(e, { name: '机关第一党支部', type: '党支部', parent: root, sortOrder: 1, now });
  const b2 = insertOrg(e, { name: '机关第二党支部', type: '党支部', parent: root, sortOrder: 2, now });
  const m = s.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id, created_at, updated_at)
    VALUES (?, ?, '', ?, '男', '1980-01-01', '正式党员', '2001-07-01', ?, ?, ?)`);
  let n = 0;
  for (const [names, org] of [[BRANCH1, b1], [BRANCH2, b2]] as const) {
    for (const name of names) m.run(name, `p${++n}`, `1101051980010100${String(n).padStart(2, '0')}`, org, now, now);
  }
  s.prepare(`INSERT INTO settings (key, value) VALUES ('clerkName', '"王经办"')`).run();
}

async function tab(label: string) {
  await page.getByRole('tab', { name: label }).click();
}

async function chooseOption(testId: string, label: string) {
  await page.getByTestId(testId).click();
  const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await popup.locator(`.ant-select-item-option[title="${label}"]`).click();
  await poll(() => popup.isVisible()).toBe(false);
}

describe('campaign UI', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2025-06-30';
    e2e = await startE2E();
    page = e2e.page;
    page.setDefaultTimeout(60_000); // a busy shared machine: antd animations can take long
    seed(e2e);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('starts a campaign, bulk-marks a branch signed, the board changes, prints letters to an A4 PDF', async () => {
    await page.getByTestId('nav-campaign').click();
    await page.getByTestId('campaign-new').click();
    await page.locator('input[data-testid="campaign-name"], [data-testid="campaign-name"] input').first().fill('2025年党员信教问题专项整治');
    await page.getByTestId('campaign-create-ok').click();
    await poll(() => page.getByTestId('checklist-count').textContent()).toContain('共 7 人');
    await e2e.shot('campaign-1-checklist');

    await tab('工作进度');
    await poll(() => page.getByTestId('board-total-signed').textContent()).toBe('0');
    await e2e.shot('campaign-2-board-before');

    await tab('排查清单');
    await chooseByTitle(page, 'checklist-org', '机关第一党支部');
    await poll(() => page.getByTestId('checklist-count').textContent()).toContain('共 4 人');
    await page.getByTestId('select-all-matching').click();
    await page.getByTestId('bulk-signed').click();
    await page.getByTestId('bulk-ok').click();
    await poll(() => page.locator('[data-testid="checklist-table"] tbody tr:has-text("已签订")').count()).toBe(4);
    await e2e.shot('campaign-3-branch-signed');

    await tab('工作进度');
    await poll(() => page.getByTestId('board-total-signed').textContent()).toBe('4');
    const firstRow = page.locator('[data-testid="board-table"] tbody tr.ant-table-row').first();
    await poll(() => firstRow.textContent()).toContain('机关第二党支部'); // lagging first
    await e2e.shot('campaign-4-board-after');

    // one member's screening in the drawer: a finding, then its history
    await tab('排查清单');
    await page.getByRole('link', { name: '陈静' }).or(page.locator('a:text-is("陈静")')).first().click();
    await chooseOption('screen-finding', '已信仰宗教');
    await chooseOption('screen-religion', '佛教');
    await page.getByTestId('screen-save').click();
    await poll(() => page.getByTestId('member-history').textContent()).toContain('情形认定：（空） → 已信仰宗教');
    await e2e.shot('campaign-5-member-drawer');
    await page.keyboard.press('Escape');
    await tab('工作进度');
    await poll(() => page.locator('[data-testid="board-table"] tfoot').textContent()).toBe('合计7114.3%457.1%100'); // screened 1, believers 1

    await tab('承诺书打印');
    await chooseByTitle(page, 'letters-org', '机关第一党支部');
    await poll(() => page.getByTestId('letters-print').textContent()).toContain('打印 4 份');
    await poll(() => page.locator('[data-testid="letters-preview"] [data-testid="letter-page"]').count()).toBe(3);
    await e2e.shot('campaign-6-letters');
    await page.emulateMedia({ media: 'print' });
    await e2e.shot('campaign-7-print-view');
    // page.pdf prints with print media unless screen media is emulated: clear the emulation first
    await page.emulateMedia({ media: null });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, 'campaign-letters.pdf'), pdf);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF')).toBe(true);
    const pages = text.match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBe(4);
    // A4 = 595.28 × 841.89 pt; Chromium writes it rounded to two decimals
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, h] of boxes) {
      expect(Math.abs(w - 595.28)).toBeLessThan(1.5);
      expect(Math.abs(h - 841.89)).toBeLessThan(1.5);
    }
    // Chinese text: the embedded fonts' ToUnicode maps hold the glyphs of 承诺书 and the members' names
    const inflated: string[] = [];
    for (const m of text.matchAll(/stream\r?\n/g)) {
      const start = m.index! + m[0].length;
      const end = text.indexOf('endstream', start);
      try {
        inflated.push(zlib.inflateSync(pdf.subarray(start, end)).toString('latin1'));
      } catch {
        // not a deflated stream (images etc.)
      }
    }
    const cmaps = inflated.filter((s) => s.includes('beginbfchar') || s.includes('beginbfrange')).join('\n').toUpperCase();
    const hex = (ch: string) => ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    for (const ch of '承诺书张伟刘洋签字') expect(cmaps, `glyph ${ch}`).toContain(`<${hex(ch)}>`);
    expect(cmaps).not.toContain(`<${hex('陈')}>`); // only the chosen branch is printed

    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });
});
