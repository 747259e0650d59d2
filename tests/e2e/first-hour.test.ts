import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { MemberDto, OrgDto } from '../../src-main/modules/core/contract.ts';
import { startE2E, type E2E } from './harness.ts';

// The rest of a clerk's first hour, through the real UI at 1366×768: the first-run wizard (a name, or none —
// never a placeholder), the home page of what is due, the roster's columns fitting the screen (chosen,
// ordered, kept) with short organization names, full-pinyin search, a filtered export titled as filtered,
// and a campaign whose bulk 已排查 asks for the method, renamed and (refused) deleted.

function idWithCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });
let e2e: E2E;
let page: Page;
const call = <T,>(name: string, input: unknown) => dispatch(e2e.ctx, name, input) as Promise<T>;

async function fill(testId: string, value: string) {
  await page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first().fill(value);
}

const NAMES = ['张伟', '章薇', '李娜', '王强', '赵敏', '钱进'];

async function seed() {
  const top = await call<OrgDto>('orgs.save', { org: { name: '中共某某市统计局机关委员会', type: '党委', termStart: '2020-06-01', termYears: 5 } });
  const b: OrgDto[] = [];
  for (const [i, n] of ['第一', '第二', '第三'].entries()) {
    b.push(await call<OrgDto>('orgs.save', { org: { name: `中共某某市统计局机关${n}党支部`, type: '党支部', parentId: top.id, termStart: '2024-01-01', termYears: 3, sortOrder: i } }));
  }
  for (const [i, name] of NAMES.entries()) {
    await call('members.save', {
      member: {
        name, idNumber: idWithCheck(`1101051985031${String(i).padStart(3, '0')}${i % 2}`.slice(0, 17)), category: i === 2 ? '预备党员' : '正式党员',
        joinedOn: i === 2 ? '2025-01-01' : '2005-07-01', confirmedOn: i === 2 ? null : '2006-07-01', orgId: b[i % 3].id, phone: `1380000000${i}`,
        workUnit: '某某市统计局', education: '大学本科',
      },
    });
  }
}

describe('a clerk\'s first hour', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2025-06-30';
    e2e = await startE2E({ firstRun: true });
    page = e2e.page;
  });
  afterAll(async () => {
    delete process.env.DANGWU_TODAY;
    await e2e?.close();
  });

  it('first run: the wizard asks for the clerk\'s name; skipped, changes record 未填写 and the computer', async () => {
    await page.getByTestId('setup-clerk').waitFor();
    await e2e.shot('first-hour-wizard');
    await page.getByTestId('setup-clerk-skip').click();
    await page.getByTestId('setup-clerk').waitFor({ state: 'detached' });
    const s = await call<{ clerkName: string; setupCompleted: boolean }>('settings.get', {});
    expect(s).toMatchObject({ clerkName: '', setupCompleted: true });
    // not shown again
    await page.reload();
    await page.getByTestId('home').waitFor();
    expect(await page.getByTestId('setup-clerk').count()).toBe(0);

    await seed();
    const m = (await call<{ rows: MemberDto[] }>('members.list', { search: '张伟' })).rows[0];
    await page.getByTestId('nav-members').click();
    await page.getByTestId('member-name').filter({ hasText: /^张伟$/ }).click();
    await page.getByRole('tab', { name: /修改历史/ }).click();
    await poll(() => page.getByTestId('history-actor').first().textContent()).toBe(`未填写（${os.hostname()}）`);
    expect(m.name).toBe('张伟');
    await page.keyboard.press('Escape');
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('first run again on a database where it was not gone through: a name is kept and used', async () => {
    e2e.db.sqlite.prepare(`UPDATE settings SET value = 'false' WHERE key = 'setupCompleted'`).run();
    await page.reload();
    await page.getByTestId('setup-clerk').waitFor();
    await page.getByTestId('setup-clerk-next').click(); // empty: refused beside the field, no rejection
    await page.getByText('请填写姓名，或点“暂不填写”').waitFor();
    await fill('setup-clerk-name', '王芳');
    await page.getByTestId('setup-clerk-next').click();
    await page.getByTestId('setup-clerk').waitFor({ state: 'detached' });
    expect(await call<{ clerkName: string }>('settings.get', {})).toMatchObject({ clerkName: '王芳', setupCompleted: true });
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('the home page opens on what is due, grouped by module, with a link to the page concerned', async () => {
    await page.reload();
    await page.getByTestId('home').waitFor();
    const group = page.getByTestId('home-group-core');
    await group.waitFor();
    await poll(() => group.textContent()).toContain('中共某某市统计局机关委员会任期已于 2025-06-01 届满');
    await e2e.shot('first-hour-home');
    await group.getByRole('button', { name: /去组织架构/ }).click();
    await page.getByTestId('org-table').waitFor();
    await poll(() => page.locator('tr.row-highlight').textContent()).toContain('中共某某市统计局机关委员会');
  });

  it('the roster fits 1366 pixels, with short organization names; columns are chosen, ordered and kept', async () => {
    await page.getByTestId('nav-members').click();
    await poll(() => page.getByTestId('member-row').count()).toBe(NAMES.length);
    const overflow = () => page.locator('.roster-scroll').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    // the branch is shown by what tells it apart, the full name on hover
    const org = page.locator('[data-testid="member-row"] [data-testid="org-short"]').first();
    await poll(() => org.textContent()).toMatch(/^第[一二三]党支部$/);
    expect(await org.getAttribute('title')).toMatch(/^中共某某市统计局机关第[一二三]党支部$/);
    await e2e.shot('first-hour-roster');

    // add 工作单位 and move it up before 手机号码
    await page.getByTestId('member-columns').click();
    await page.getByTestId('column-workUnit').check();
    const list = page.getByTestId('column-list');
    const row = list.locator('div').filter({ has: page.getByTestId('column-workUnit') }).last();
    await row.getByRole('button', { name: '上移' }).click();
    await page.getByTestId('member-columns-ok').click();
    const heads = () => page.locator('.roster-head .roster-th').allTextContents();
    await poll(async () => (await heads()).map((h) => h.replace(/[▲▼]/g, ''))).toEqual(['', '姓名', '性别', '出生日期', '公民身份号码', '人员类别', '所在党组织', '工作单位', '手机号码']);
    await page.reload();
    await page.getByTestId('nav-members').click();
    await poll(async () => (await heads()).map((h) => h.replace(/[▲▼]/g, ''))).toContain('工作单位');
    expect(await call<{ rosterColumns: string[] }>('settings.get', {})).toMatchObject({ rosterColumns: ['gender', 'birthDate', 'idNumber', 'category', 'org', 'workUnit', 'phone'] });
  });

  it('full-pinyin search, and a filtered export titled as filtered', async () => {
    await fill('member-search', 'zhangwei');
    await poll(async () => (await page.getByTestId('member-name').allTextContents()).sort()).toEqual(['张伟', '章薇'].sort());
    await fill('member-search', '');
    await page.getByTestId('filter-category').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle('预备党员', { exact: true }).click();
    await poll(() => page.getByTestId('member-total').textContent()).toContain('筛选：预备党员');
    await poll(() => page.getByTestId('member-export').textContent()).toContain('导出花名册（筛选结果）');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('member-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^中共某某市统计局机关委员会党员花名册（筛选：预备党员）_\d{8}\.xlsx$/);
    await download.saveAs(path.join(e2e.dir, 'filtered.xlsx'));
  });

  it('campaign: a period not already over, bulk 已排查 with the chosen method, renamed, deletion refused naming whom', async () => {
    await page.getByTestId('nav-campaign').click();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-form').waitFor();
    const period = await page.locator('[data-testid="campaign-form"] .ant-picker-range input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const today = new Date().toISOString().slice(0, 10);
    expect(period[0]).toBe(today);
    expect(period[1] > today).toBe(true);
    await page.getByTestId('campaign-create-ok').click();
    await poll(() => page.getByTestId('checklist-count').textContent()).toContain(`共 ${NAMES.length} 人`);

    // bulk 已排查 for two: the dialog asks for the method; 走访 chosen
    const box = (name: string) => page.locator('[data-testid="checklist-table"] tbody tr').filter({ hasText: name }).locator('input[type="checkbox"]');
    await box('张伟').check();
    await box('李娜').check();
    await page.getByTestId('bulk-screened').click();
    await page.getByTestId('bulk-method').getByText('走访').click();
    await e2e.shot('first-hour-bulk-method');
    await page.getByTestId('bulk-ok').click();
    await page.getByText(/已更新 2 人/).waitFor();
    const methods = () => e2e.db.sqlite.prepare(`SELECT m.name, cm.screen_method FROM campaign_members cm JOIN members m ON m.id = cm.member_id WHERE cm.screen_status = '已排查' ORDER BY m.name`).all();
    expect(methods()).toEqual([{ name: '张伟', screen_method: '走访' }, { name: '李娜', screen_method: '走访' }].sort((a, b) => (a.name < b.name ? -1 : 1)));
    // one more without choosing: no method recorded
    await box('王强').check();
    await page.getByTestId('bulk-screened').click();
    await page.getByTestId('bulk-ok').click();
    await page.getByText(/已更新 1 人/).waitFor();
    expect(methods()).toContainEqual({ name: '王强', screen_method: null });

    // rename
    await page.getByTestId('campaign-edit').click();
    await page.getByTestId('campaign-form').waitFor();
    await fill('campaign-name', '统计局党员信教问题专项整治');
    await page.getByTestId('campaign-create-ok').click();
    await poll(() => page.getByTestId('campaign-select').textContent()).toContain('统计局党员信教问题专项整治');
    // delete: refused, naming whom
    await page.getByTestId('campaign-delete').click();
    await page.getByTestId('campaign-delete-ok').click();
    await page.locator('.ant-message-error').filter({ hasText: /不能删除“统计局党员信教问题专项整治”.*3 人有排查记录/ }).waitFor();
    await e2e.shot('first-hour-campaign-delete-refused');
    expect(e2e.consoleErrors).toEqual([]);
  });
});
