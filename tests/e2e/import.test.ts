import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import ExcelJS from 'exceljs';
import { makeId } from '../support/id-numbers.ts';
import { writeXlsx } from '../support/sheets.ts';
import { TEMPLATES } from '../import/import-corpus.ts';

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

    // the marked error: the wrong check digit on 王五's ID; rows with problems are listed first
    await page.getByTestId('row-filter').getByText('有问题的行', { exact: false }).click();
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

  it('at 1366×768: problems first and readable, one scroll area, a tooltip on red cells, new organizations placed where chosen, then 去花名册查看', async () => {
    // the first hour's file: a title row, a two-row merged header (序号 and 联系电话 merged down), 200 rows,
    // branches that do not exist yet, a few mistakes
    const rows: unknown[][] = [];
    for (let i = 0; i < 200; i++) {
      const year = 1960 + (i % 35);
      const id = makeId(`${year}-0${1 + (i % 9)}-1${i % 9}`, 200 + (i % 700));
      const branch = i % 2 ? '中共某某局机关第三党支部' : '中共某某局机关第四党支部';
      rows.push([i + 1, `党员${i}`, i % 7 === 0 ? (i % 2 ? '女' : '男') : null, '汉族', i === 5 ? id.slice(0, 16) : id, null, '本科', '正式党员', branch, `${year + 25}.07`, `${year + 26}.07`, `139${String(i).padStart(8, '0')}`]);
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['中共某某局机关委员会党员花名册']);
    ws.addRow(['序号', '基本情况', null, null, null, null, null, '党员情况', null, null, null, '联系电话']);
    ws.addRow([null, '姓名', '性别', '民族', '公民身份号码', '出生日期', '学历', '人员类别', '所在党支部', '入党时间', '转正时间', null]);
    for (const r of rows) ws.addRow(r);
    ws.addRow([null, '填表人：小王', null, null, null, null, '（公章）']);
    for (const m of ['A1:L1', 'A2:A3', 'B2:G2', 'H2:K2', 'L2:L3']) ws.mergeCells(m);
    ws.getColumn(5).numFmt = '@';
    const file = path.join(e2e.dir, '机关党员花名册.xlsx');
    await wb.xlsx.writeFile(file);

    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-create-orgs').click();
    await page.getByTestId('import-file-input').setInputFiles(file);
    await poll(async () => (await page.getByTestId('import-overview').textContent()) ?? '').toContain('机关党员花名册.xlsx');
    await poll(() => page.getByTestId('preview-rows').isVisible()).toBe(true);
    await page.waitForTimeout(500);
    await e2e.shot('import-6-first-hour-preview');

    // the phone column is kept: 未匹配的列 says 无, every member row would be imported but the broken one
    expect(await page.getByTestId('import-overview').textContent()).toMatch(/新增199.*有错误（不导入）1/);
    expect(await page.getByTestId('unmatched-花名册').textContent()).toBe('无');
    // problems first: the problem column sits on screen, right after the row number, and wraps
    const problem = page.getByTestId('row-problems').first();
    const box = (await problem.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1366);
    expect(await problem.textContent()).toContain('公民身份号码');
    // one scroll area: nothing inside the page scrolls on its own
    const inner = await page.getByTestId('import-page').evaluate((root) =>
      [...root.querySelectorAll('*')].filter((el) => {
        const st = getComputedStyle(el);
        return (/(auto|scroll)/.test(st.overflowY) && el.scrollHeight > el.clientHeight + 1) || (/(auto|scroll)/.test(st.overflowX) && el.scrollWidth > el.clientWidth + 1);
      }).length,
    );
    expect(inner).toBe(0);
    // the red cell says what is wrong on hover
    await page.getByTestId('cell-error').first().hover();
    await poll(async () => (await page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').last().textContent()) ?? '').toContain('公民身份号码应为18位');
    await page.waitForTimeout(400); // the tooltip's fade-in
    await e2e.shot('import-7-tooltip');

    // where the new branches go: under the one committee unless the clerk chooses otherwise
    const issues = page.getByTestId('import-issues');
    expect(await issues.textContent()).toMatch(/将新建 2 个党组织：中共某某局机关第四党支部（党支部）、中共某某局机关第三党支部（党支部）/);
    expect(await page.getByTestId('import-parent').textContent()).toContain('中共某某局机关委员会');
    // no command-line flag anywhere
    expect(await page.getByTestId('import-page').textContent()).not.toMatch(/--[a-z]/);
    await issues.scrollIntoViewIfNeeded();
    await e2e.shot('import-8-issues');

    // the error report names no flags either
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-error-report').click()]);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile((await download.path())!);
    const notes: string[] = [];
    report.worksheets[0].eachRow((r) => r.eachCell((c) => notes.push(String(c.value ?? ''))));
    expect(notes.join('\n')).toContain('公民身份号码');
    expect(notes.join('\n')).not.toMatch(/--[a-z]/);

    await page.getByTestId('import-commit').click();
    await poll(async () => (await page.getByTestId('import-summary').textContent()) ?? '').toContain('新增 199 人');
    await page.waitForTimeout(800);
    await e2e.shot('import-9-done');
    const placed = e2e.db.sqlite.prepare(`SELECT o.name, p.name AS parent FROM orgs o JOIN orgs p ON p.id = o.parent_id WHERE o.name LIKE '%第三党支部' OR o.name LIKE '%第四党支部' ORDER BY o.name`).all();
    expect(placed).toEqual([
      { name: '中共某某局机关第三党支部', parent: '中共某某局机关委员会' },
      { name: '中共某某局机关第四党支部', parent: '中共某某局机关委员会' },
    ]);
    expect(count(`SELECT count(*) AS n FROM members WHERE phone LIKE '139%'`)).toBe(199);

    await page.getByTestId('import-go-roster').click();
    await poll(async () => (await page.getByTestId('member-total').textContent()) ?? '').toContain('共 199 人');
    await e2e.shot('import-10-roster');
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('several files at once: columns moved or left out by their values, 人员类别 by rule with its default, skipped rows with reasons', async () => {
    const staff = await TEMPLATES[2](e2e.dir); // 人员类别 holding staff types, 职务 holding 党内职务
    const notes = await TEMPLATES[6](e2e.dir); // a 注意事项 block mid-sheet
    await page.getByTestId('nav-import-history').click();
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-file-input').setInputFiles([...staff.files, ...notes.files]);
    await poll(async () => (await page.getByTestId('import-overview').textContent()) ?? '').toContain('等2个文件');
    const issues = page.getByTestId('import-issues');
    await poll(async () => (await issues.textContent()) ?? '').toContain('“人员类别”列的内容（普通编制、教职工、合同制）不是人员类别，本列未导入');
    expect(await issues.textContent()).toContain('“职务”列填的是党内职务（支部书记、组织委员、党员），按党内职务导入');
    expect(await issues.textContent()).toContain('3 行没有填写人员类别，已按规则确定');
    await page.waitForTimeout(300);
    await e2e.shot('import-11-several-files');
    // the default for rows without 人员类别 can be changed for the whole import
    await page.getByTestId('import-default-category').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle('全部按预备党员导入').click();
    await poll(async () => (await page.getByTestId('import-default-category').textContent()) ?? '').toContain('全部按预备党员导入');
    // skipped rows, each with its reason
    await page.getByTestId('row-filter').getByText('跳过的行', { exact: false }).click();
    const skipped = page.getByTestId('skipped-rows');
    await poll(async () => (await skipped.textContent()) ?? '').toContain('说明文字（“注意：1、红色字段为必填字段');
    expect(await skipped.textContent()).toContain('填写说明或示例');
    await skipped.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await e2e.shot('import-12-skipped-rows');
    // the header rows of each sheet, correctable as a range
    await page.getByTestId('header-row-03-教职工党员名册.xlsx/教职工党员').scrollIntoViewIfNeeded();
    expect(await page.getByTestId('header-row-03-教职工党员名册.xlsx/教职工党员').inputValue()).toBe('1');
    await e2e.shot('import-13-sheet-details');
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('an undo refused because of records made since says which, in a dialog that stays until read', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['姓名', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期']);
    ws.addRow(['孙七', makeId('1980-04-04', 71), '正式党员', '第一党支部', '2000-07', '2001-07']);
    ws.addRow(['周八', makeId('1980-05-05', 81), '正式党员', '第一党支部', '2000-07', '2001-07']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const { jobId } = (await dispatch(e2e.ctx, 'import.commit', { bytes, fileName: '补录.xlsx', mode: 'insert' } as never)) as unknown as { jobId: string };
    const { batchId } = (await e2e.ctx.jobs.wait(jobId)) as { batchId: number };
    const sun = (e2e.db.sqlite.prepare(`SELECT id FROM members WHERE name = '孙七'`).get() as { id: number }).id;
    await dispatch(e2e.ctx, 'training.add', { title: '党务干部培训班', kind: '其他', level: '单位', org: '第一党支部', start: '2024-03-01', end: '2024-03-01', hours: 4, participants: [sun] } as never);
    const before = count('SELECT count(*) AS n FROM members');

    await page.getByTestId('nav-import-history').click();
    await page.getByTestId(`batch-undo-${batchId}`).click();
    await page.locator('.ant-popover').getByRole('button', { name: /^撤\s*销$/ }).click();
    const refused = page.getByTestId('undo-refused');
    await poll(() => refused.isVisible()).toBe(true);
    expect(await refused.textContent()).toContain('孙七（组织生活：培训记录 1 条）');
    await page.waitForTimeout(3500); // longer than a toast lives
    expect(await refused.isVisible()).toBe(true);
    await e2e.shot('import-14-undo-refused');
    await page.getByRole('button', { name: '知道了' }).click();
    expect(count('SELECT count(*) AS n FROM members')).toBe(before);
    expect(await page.getByTestId(`batch-undone-${batchId}`).count()).toBe(0);
    expect(e2e.consoleErrors).toEqual([]);
  });
});
