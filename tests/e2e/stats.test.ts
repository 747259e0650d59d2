import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { chooseByTitle, insertOrg, startE2E, type E2E } from './harness.ts';
import { idOf } from '../stats/fixture.ts';

// 党内统计 and 发展党员 through the real UI at 1366×768: a table as of a date with its checks, the
// balance's difference naming the member behind it and signing off refused, a free-text 工作岗位 mapped
// once, the export downloaded; the development board per branch, a step refused by a time rule and taken
// with a reason.

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
let e2e: E2E;
let page: Page;

async function seed(e: E2E) {
  const s = e.db.sqlite;
  const now = '2025-01-01T00:00:00.000Z';
  const root = insertOrg(e, { name: '中共某某县卫生健康局委员会', type: '党委', now });
  const b1 = insertOrg(e, { name: '中共某某县人民医院党支部', type: '党支部', parent: root, sortOrder: 1, now });
  const b2 = insertOrg(e, { name: '中共某某县疾控中心党支部', type: '党支部', parent: root, sortOrder: 2, now });
  const m = s.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, ethnicity, birth_date, education, category, joined_on, confirmed_on,
      org_id, job_position, status, roll, left_on, created_at, updated_at) VALUES (?, ?, '', ?, ?, ?, ?, '大学本科', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const people: [string, string, string, string, string, string | null, number, string, string, string, string | null][] = [
    ['张医生', '男', '汉族', '1980-03-03', '正式党员', '2005-07-01', b1, '事业单位专业技术岗位', '正常', '在册', null],
    ['李护士', '女', '回族', '1995-01-01', '正式党员', '2018-07-01', b1, '事业单位专业技术岗位', '正常', '在册', null],
    ['王院长', '男', '汉族', '1968-09-09', '正式党员', '1992-07-01', b1, '事业单位管理岗位', '正常', '在册', null],
    ['赵师傅', '男', '汉族', '1975-05-05', '正式党员', '2001-07-01', b2, '司机', '正常', '在册', null],
    ['钱老', '女', '汉族', '1940-02-02', '正式党员', '1965-07-01', b2, '退休人员', '正常', '在册', null],
    ['孙主任', '男', '汉族', '1978-08-08', '正式党员', '2003-07-01', b2, '事业单位管理岗位', '停止党籍', '在册', null],
    ['周新', '女', '汉族', '2000-06-06', '预备党员', '2025-06-01', b2, '事业单位专业技术岗位', '正常', '在册', null],
  ];
  people.forEach(([name, gender, eth, birth, cat, joined, org, job, status, roll, left], i) => {
    const conf = cat === '正式党员' ? `${Number(joined!.slice(0, 4)) + 1}${joined!.slice(4)}` : null;
    m.run(name, `p${i}`, idOf(birth, gender === '女' ? 20 + i * 2 : 21 + i * 2), gender, eth, birth, cat, joined, conf, org, job, status, roll, left, now, now);
  });
  s.prepare(`INSERT INTO settings (key, value) VALUES ('clerkName', '"王经办"'), ('principal', '"李书记"'), ('clerkPhone', '"0871-1234567"')`).run();
  const call = (name: string, input: unknown) => dispatch(e.ctx, name, input);
  // the development register: an applicant, an activist of more than a year, a candidate
  await call('dev.add', { name: '吴申请', idNumber: idOf('1999-01-01', 91), org: b1, appliedOn: '2026-11-05', gender: '女' });
  await call('dev.add', { name: '郑积极', idNumber: idOf('1997-01-01', 93), org: b1, appliedOn: '2024-03-01', talkedOn: '2024-03-15' });
  await call('dev.advance', { person: idOf('1997-01-01', 93), stage: '积极分子', date: '2024-05-10' });
  await call('dev.add', { name: '冯对象', idNumber: idOf('1996-01-01', 95), org: b2, appliedOn: '2023-03-01', talkedOn: '2023-03-15' });
  await call('dev.advance', { person: idOf('1996-01-01', 95), stage: '积极分子', date: '2023-05-01' });
  await call('dev.advance', { person: idOf('1996-01-01', 95), stage: '发展对象', date: '2024-06-01' });
  return { root, b1, b2 };
}

describe('党内统计 and 发展党员', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2026-12-01';
    e2e = await startE2E();
    page = e2e.page;
    await seed(e2e);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('a table as of 2025-12-31 with its checks; a free-text 工作岗位 mapped once', async () => {
    await page.getByTestId('nav-stats').click();
    await chooseByTitle(page, 'stats-org', '中共某某县卫生健康局委员会');
    const custom = page.getByTestId('stats-asof-custom');
    await custom.fill('2025-12-31');
    await custom.press('Enter');
    await poll(() => page.getByTestId('stats-title').textContent()).toBe('党员基本情况');
    const table = page.getByTestId('stats-table');
    await poll(() => table.locator('tbody tr').filter({ hasText: '总计' }).first().locator('td').nth(1).textContent()).toBe('6');
    // 赵师傅's 司机 is in no row yet: the check names him, and the mapping card offers 机关单位工勤岗位
    await poll(() => page.getByTestId('stats-check-failed').first().textContent()).toContain('赵师傅');
    await expect.poll(() => page.getByTestId('stats-jobs').textContent()).toContain('1 项待确认');
    await e2e.shot('stats-0-basic');
    await page.getByTestId('job-confirm-司机').click();
    await poll(() => page.getByTestId('stats-checks-ok').count()).toBe(1);
    await poll(() => page.getByTestId('stats-jobs').textContent()).toContain('已全部确认');
    await e2e.shot('stats-1-basic-mapped');
  });

  it('党员数量变化情况: 六 ≠ 0 names the member edited without a record; signing off is refused; other tables sign off', async () => {
    await page.getByTestId('stats-tab-stats-change').click();
    await poll(() => page.getByTestId('stats-title').textContent()).toBe('党员数量变化情况');
    const six = page.getByTestId('stats-table').locator('tr.stats-six-bad');
    await poll(() => six.count()).toBe(1);
    await poll(() => page.getByTestId('stats-balance').textContent()).toContain('六、实有数与应有数之差 -1（须查明，见下列党员）');
    await poll(() => page.getByTestId('stats-check-failed').first().textContent()).toContain('孙主任');
    await e2e.shot('stats-2-change-difference');
    await page.getByTestId('stats-finalize').click();
    await poll(() => page.getByTestId('finalize-refusal').textContent()).toContain('本年底实有数与应有数不符（相差 -1），不能上报');
    await page.locator('.ant-modal').last().waitFor({ state: 'visible' });
    await page.waitForTimeout(500); // the modal's opening animation
    await e2e.shot('stats-3-finalize-refused');
    await page.getByRole('button', { name: /知道了|确\s*定|OK/ }).last().click();

    await page.getByTestId('stats-tab-stats-basic').click();
    await poll(() => page.getByTestId('stats-title').textContent()).toBe('党员基本情况');
    await poll(() => page.getByTestId('stats-checks-ok').count()).toBe(1);
    await page.getByTestId('stats-finalize').click();
    await poll(() => page.getByTestId('stats-finalized').count()).toBe(1);

    // the cover is saved and printed on the export
    await page.getByTestId('cover-reported').fill('2026-01-12');
    await page.getByTestId('stats-cover-save').click();
    await poll(() => page.locator('.ant-message').textContent()).toContain('封面已保存');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-export').click()]);
    expect(download.suggestedFilename()).toMatch(/党员基本情况\.xlsx$/);
    const file = path.join(e2e.dir, 'basic.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const text = wb.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).join('|'));
    expect(text.some((l) => l.includes('2026年1月12日'))).toBe(true);
    expect(text.some((l) => l.includes('负责人（签字）：李书记'))).toBe(true);
    expect(text.some((l) => l.startsWith('总计|6|'))).toBe(true);
    await e2e.shot('stats-4-basic-finalized');
    // the other tables of the same report
    await page.getByTestId('stats-tab-stats-party-age').click();
    await poll(() => page.getByTestId('stats-title').textContent()).toBe('党员党龄情况');
    await poll(() => page.getByTestId('stats-table').textContent()).toContain('中共某某县疾控中心党支部');
    await e2e.shot('stats-5-party-age');
    await page.getByTestId('stats-tab-stats-50-years').click();
    await poll(() => page.getByTestId('stats-table').textContent()).toContain('钱老');
    await e2e.shot('stats-6-fifty-years');
    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });

  it('the development board: stages per branch, what is due this month; a step refused by a time rule, then taken with a reason', async () => {
    await page.getByTestId('nav-development').click();
    await chooseByTitle(page, 'dev-org', '中共某某县卫生健康局委员会');
    const branches = page.getByTestId('dev-board-branches');
    await poll(() => branches.locator('tbody tr.ant-table-row').count()).toBe(2);
    await poll(() => branches.locator('tbody tr.ant-table-row').filter({ hasText: '人民医院' }).textContent()).toContain('人民医院党支部1100');
    await poll(() => page.getByTestId('dev-board-due').textContent()).toContain('应于 2026-12-05 前与入党申请人谈话');
    await e2e.shot('dev-0-board');

    await page.getByRole('tab', { name: '发展名册' }).click();
    const people = page.getByTestId('dev-people');
    await poll(() => people.locator('tbody tr.ant-table-row').count()).toBe(3);
    await e2e.shot('dev-1-register');
    // 吴申请 to 积极分子 without a talk: refused with the rule, then taken with a reason
    await page.getByTestId('dev-advance-吴申请').click();
    await page.getByTestId('dev-advance-date').fill('2026-11-20');
    await page.getByTestId('dev-advance-ok').click();
    await poll(() => page.getByTestId('dev-advance-refusal').textContent()).toContain('尚未记录谈话');
    await e2e.shot('dev-2-refused');
    await page.getByTestId('dev-advance-override').check();
    await page.getByTestId('dev-advance-reason').fill('书记出差，由组织委员代为谈话，已补记');
    await page.getByTestId('dev-advance-ok').click();
    await poll(() => people.locator('tbody tr.ant-table-row').filter({ hasText: '吴申请' }).textContent()).toContain('入党积极分子');
    await poll(() => people.locator('tbody tr.ant-table-row').filter({ hasText: '吴申请' }).textContent()).toContain('特殊 1');
    await e2e.shot('dev-3-overridden');
    const list = (await dispatch(e2e.ctx, 'dev.list', {})) as { name: string; overrides: { reason: string }[] }[];
    expect(list.find((p) => p.name === '吴申请')!.overrides[0].reason).toBe('书记出差，由组织委员代为谈话，已补记');
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('the member form carries the statistical fields', async () => {
    await page.getByTestId('nav-members').click();
    await page.getByTestId('member-add').click();
    const section = page.getByText('统计信息', { exact: true });
    await section.scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('m-migrantWorker').count()).toBe(1);
    await page.getByTestId('m-migrantWorker').check();
    await e2e.shot('stats-7-member-form');
    expect(e2e.consoleErrors).toEqual([]);
  });
});
