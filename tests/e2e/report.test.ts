import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { docxParagraphs, makeTemplate } from '../report/docx-text.ts';
import { seedReport, type ReportFixture } from '../report/fixture.ts';
import { startE2E, type E2E } from './harness.ts';

// 工作总结 end to end through the real UI (docs/domain/report.md): the figures of 2026-H1 for the
// committee, the records behind one, the comparison with 2025-H1, a figure changed since the last run,
// the clerk's 存在问题 saved and the Word draft downloaded and read back, a template refused and one kept.

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
let e2e: E2E;
let page: Page;
let f: ReportFixture;

async function setBox(testId: string, value: string) {
  const input = page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`).first();
  await input.click();
  await input.fill(value);
  await input.press('Escape');
}

describe('report UI', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2026-07-10';
    e2e = await startE2E();
    page = e2e.page;
    f = await seedReport(e2e);
    await dispatch(e2e.ctx, 'settings.save', { clerkName: '王经办' });
  });
  afterAll(async () => {
    await e2e?.close();
    delete process.env.DANGWU_TODAY;
  });

  it('the figures of a half-year, the records behind one, the comparison, a change since the last run', async () => {
    await page.getByTestId('nav-report').click();
    await setBox('report-period', '2026-H1');
    await poll(() => page.getByTestId('report-caption').textContent()).toBe('中共某某局机关委员会及下级组织，2026年上半年；党员数、组织数截至 2026-06-30');
    await poll(() => page.getByTestId('value-members').textContent()).toBe('8 人');
    await poll(() => page.getByTestId('value-duesCollected').textContent()).toBe('1166.00 元（0.12 万元）');
    await poll(() => page.getByTestId('value-duesCollectionRate').textContent()).toBe('92.54%');
    await poll(() => page.getByTestId('value-orgsByType:党支部').textContent()).toBe('2 个');
    await e2e.shot('report-0-figures');

    // the records behind 死亡党员数
    await page.getByTestId('explain-deaths').click();
    const drawer = page.locator('.ant-drawer-section');
    await poll(() => page.getByTestId('explain-total').textContent()).toBe('1');
    await poll(() => drawer.locator('[data-testid="explain-records"] tbody').textContent()).toContain('赵六 死亡');
    expect(await drawer.textContent()).toContain('期间内在范围内组织去世的党员人数（党员数量变化情况表 E4 行）'); // the statistics' rule
    await poll(async () => Math.round((await drawer.boundingBox())?.x ?? 0)).toBe(1366 - 760); // slid in
    await e2e.shot('report-1-explain');
    await drawer.locator('.ant-drawer-close').click();

    // money: the records with their amounts
    await page.getByTestId('explain-duesRemitted').click();
    await poll(() => page.getByTestId('explain-total').textContent()).toBe('2');
    await poll(() => drawer.locator('[data-testid="explain-records"] tbody').textContent()).toContain('55.55');
    await drawer.locator('.ant-drawer-close').click();

    // 同比: 2025-H1 beside it, with the difference
    await page.getByTestId('report-compare-last-year').click();
    await poll(() => page.getByTestId('compare-members').textContent()).toBe('8');
    await poll(() => page.getByTestId('diff-deaths').textContent()).toBe('+1');
    await poll(() => page.getByTestId('diff-duesCollected').textContent()).toBe('+1166.00');
    await e2e.shot('report-2-compare');

    // 李四 pays April in between: the next run says what changed and why
    await new Promise((r) => setTimeout(r, 10));
    await dispatch(e2e.ctx, 'dues.pay', { idNumber: f.idNumbers['李四'], months: '2026-04', amount: '24.00', paidOn: '2026-07-09' });
    await page.getByTestId('report-refresh').click();
    await poll(() => page.getByTestId('value-duesCollected').textContent()).toBe('1190.00 元（0.12 万元）');
    const tag = page.getByTestId('changed-duesCollected');
    await poll(() => tag.count()).toBe(1);
    await tag.hover();
    await poll(() => page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').last().textContent()).toMatch(/相比增加 24\.00 元：其间新录入或修改的记录 1 条（李四 实交 74\.00 元/);
    await e2e.shot('report-3-changed');

    // the figures table through the export registry
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report-figures').click()]);
    expect(download.suggestedFilename()).toBe('中共某某局机关委员会2026年上半年基层党建工作情况统计表.xlsx');
  });

  it('writes 存在问题, downloads the Word draft and reads it back', async () => {
    await page.getByRole('tab', { name: '工作总结草稿' }).click();
    const problems = page.getByTestId('section-problems');
    await problems.fill('一是报送基层党建工作统计和进展情况还需要进一步提升。\n二是办文办件效率需要提升。');
    await page.getByTestId('sections-save').click();
    await poll(() => page.locator('.ant-message').textContent()).toContain('已保存2026年上半年的工作总结内容');
    await e2e.shot('report-4-draft');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('draft-download').click()]);
    expect(download.suggestedFilename()).toBe('中共某某局机关委员会2026年上半年党建工作总结.docx');
    const file = path.join(e2e.dir, 'draft.docx');
    await download.saveAs(file);
    const p = docxParagraphs(new Uint8Array(fs.readFileSync(file)));
    expect(p).toContain('一是报送基层党建工作统计和进展情况还需要进一步提升。');
    expect(p).toContain('收缴党费0.12万元，党费收缴率94.44%，向上级党委上缴党费0.02万元，按时拨付基层党建工作经费0.12万元。');
  });

  it('refuses a template naming an unknown placeholder, keeps a good one, lists every placeholder', async () => {
    await page.getByRole('tab', { name: '我的模板' }).click();
    const upload = page.locator('input[type="file"]');
    const bad = await makeTemplate([['{单位名称}', '第一议题学习{第一议题学习总次数}次']]);
    await upload.setInputFiles({ name: '旧模板.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(bad) });
    await poll(() => page.getByTestId('template-refused').textContent()).toContain('Word 模板中有本软件不认识的占位符：{第一议题学习总次数}');
    const good = await makeTemplate([['{单位名称}{期间}：党员', '{党员总数}', '名，收缴党费{党费收缴额（万元）}万元']]);
    await upload.setInputFiles({ name: '我的模板.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(good) });
    await poll(() => page.getByTestId('template-list').textContent()).toContain('我的模板.docx');
    await page.getByTestId('placeholder-search').fill('党费');
    await poll(() => page.getByTestId('placeholder-list').textContent()).toContain('{党费收缴额（万元）}');
    await e2e.shot('report-5-templates');

    // the draft from that template
    await page.getByRole('tab', { name: '工作总结草稿' }).click();
    await page.getByTestId('draft-template').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '我的模板.docx' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('draft-download').click()]);
    const file = path.join(e2e.dir, 'filled.docx');
    await download.saveAs(file);
    expect(docxParagraphs(new Uint8Array(fs.readFileSync(file)))).toEqual(['中共某某局机关委员会2026年上半年：党员8名，收缴党费0.12万元']);

    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });
});
