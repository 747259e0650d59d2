import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { makeId } from '../support/id-numbers.ts';
import { writeXlsx } from '../support/sheets.ts';

// 导入党员 through the real UI: pick a file → adjust a column mapping → see the marked error
// → commit → undo (from the summary) → 导入记录 shows the batch as undone.

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 150 });

let e2e: E2E;
let page: Page;

const count = (sql: string) => (e2e.db.sqlite.prepare(sql).get() as { n: number }).n;

describe('import members (UI)', () => {
  beforeAll(async () => {
    e2e = await startE2E({ env: { TZ: 'Asia/Shanghai' } });
    page = e2e.page;
    await dispatch(e2e.ctx, 'orgs.save', { org: { name: '中共某某局机关委员会', type: '党委' } });
    await dispatch(e2e.ctx, 'orgs.save', { org: { name: '中共某某局机关第一党支部', shortName: '第一党支部', type: '党支部', parent: '中共某某局机关委员会' } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('pick file → adjust a mapping → see a marked error → commit → undo', async () => {
    const bad = makeId('1990-01-02', 33);
    const file = await writeXlsx(path.join(e2e.dir, '一支部花名册.xlsx'), [
      {
        name: '第一党支部',
        above: [['中共某某局机关第一党支部党员花名册']],
        merges: ['A1:H1'],
        header: [['序号', '姓名', '性别', '公民身份号码', '人员类别', '入党时间', '转正时间', '现工作单位']],
        rows: [
          [1, '张三', '男', makeId('1972-05-01', 11), '正式党员', '1998.07', '1999.07', '办公室主任'],
          [2, '李四', '女', makeId('1985-06-15', 22), '预备党员', '2025.03', null, '财务科科员'],
          [3, '王五', '男', bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0'), '正式党员', '2012.07', '2013.07', '人事科'],
          [4, '赵六', '男', makeId('1991-02-03', 43), '正式党员', '2015.07', '2016.07', '信息中心'],
        ],
        below: [['填表人：小王']],
      },
    ]);

    await page.getByTestId('nav-import').waitFor({ timeout: 60_000 }).catch(async (e) => {
      await e2e.shot('import-0-start');
      console.log(e2e.consoleErrors, await page.content().then((c) => c.slice(0, 2000)));
      throw e;
    });
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-file-input').setInputFiles(file);
    await poll(() => page.getByTestId('preview-rows').isVisible()).toBe(true).catch(async (e) => {
      await e2e.shot('import-0-fail');
      console.log(e2e.consoleErrors);
      throw e;
    });
    await poll(() => page.getByTestId('cell-error').count()).toBeGreaterThan(0);
    await e2e.shot('import-1-preview');

    // 现工作单位 is not a known heading: match it to 工作单位及职务
    await page.getByTestId('map-现工作单位').click();
    await page.keyboard.type('工作单位');
    const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    await popup.getByTitle('工作单位及职务', { exact: true }).first().click();
    await poll(async () => (await page.getByTestId('mapping-第一党支部').textContent()) ?? '').toContain('已手动调整');
    await e2e.shot('import-2-mapping');

    // the marked error: the wrong check digit on 王五's ID, the row filter narrows to it
    await page.getByTestId('row-filter').getByText('有错误', { exact: false }).click();
    const errorCell = page.getByTestId('cell-error').first();
    await poll(() => errorCell.isVisible()).toBe(true);
    expect(await page.getByTestId('preview-rows').textContent()).toContain('公民身份号码校验位错误');
    expect(await page.getByTestId('preview-rows').textContent()).not.toContain('张三');
    await e2e.shot('import-3-errors');

    await page.getByTestId('import-commit').click();
    await poll(async () => (await page.getByTestId('import-summary').textContent()) ?? '').toContain('新增 3 人');
    await page.waitForTimeout(800); // the progress modal's fade-out
    await e2e.shot('import-4-summary');
    expect(count(`SELECT count(*) AS n FROM members WHERE work_unit IS NOT NULL`)).toBe(3);
    expect(count(`SELECT count(*) AS n FROM import_mappings`)).toBe(1);

    await page.getByTestId('import-undo').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '撤销导入' }).click();
    await poll(() => count('SELECT count(*) AS n FROM members')).toBe(0);

    await page.getByTestId('nav-import-history').click();
    await poll(() => page.getByTestId('batch-undone-1').isVisible()).toBe(true);
    await e2e.shot('import-5-history');

    // the corrected mapping is proposed again for the next file with the same headings
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-file-input').setInputFiles(file);
    await poll(async () => (await page.getByTestId('mapping-第一党支部').textContent()) ?? '').toContain('已手动调整');

    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });
});
