import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { chooseByTitle, insertOrg, startE2E, type E2E } from './harness.ts';

// Organizational life through the real UI, as a clerk enters it: several meetings in a row from the
// month calendar (keyboard: type by abbreviation, absentees by name, 保存并继续), a copy of the last one
// of the same type, an edit, a cancelled entry, a refused vote; then the compliance board, the lists and
// the training page. Screenshots at 1366×768 in tests/e2e/screenshots/orglife-*.png.

const TODAY = '2026-06-15';
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
let e2e: E2E;
let page: Page;

async function seed(e: E2E) {
  const s = e.db.sqlite;
  const now = '2020-01-01T00:00:00.000Z';
  const root = insertOrg(e, { name: '中共某某局机关委员会', type: '党委', now });
  const a = insertOrg(e, { name: '机关第一党支部', type: '党支部', parent: root, sortOrder: 1, now });
  const b = insertOrg(e, { name: '机关第二党支部', type: '党支部', parent: root, sortOrder: 2, now });
  const m = s.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, confirmed_on, org_id, party_post, created_at, updated_at)
    VALUES (?, ?, '', ?, '男', '1980-01-01', ?, ?, ?, ?, ?, ?, ?)`);
  const people: [string, number, string | null, string?][] = [
    ['张书记', a, '书记'], ['李委员', a, '组织委员'], ['王委员', a, '宣传委员'], ['赵党员', a, null], ['钱党员', a, null], ['孙预备', a, null, '预备党员'],
    ['周二支', b, '书记'], ['吴二支', b, '组织委员'], ['郑二支', b, '纪检委员'], ['冯二支', b, null],
  ];
  people.forEach(([name, org, post, category], i) =>
    m.run(name, `p${i}`, `11010519800101${String(i).padStart(4, '0')}`, category ?? '正式党员', category ? '2026-01-10' : '2000-07-01', category ? null : '2001-07-01', org, post, now, now));
  s.prepare(`INSERT INTO settings (key, value) VALUES ('clerkName', '"王经办"')`).run();
  const call = (name: string, input: unknown) => dispatch(e.ctx, name, input);
  // branch 2 kept every meeting of the first quarter; branch 1 only its April 支委会
  for (const month of ['01', '02', '03', '04', '05']) {
    await call('activity.add', { org: '机关第二党支部', type: '支委会', date: `2026-${month}-06` });
    await call('activity.add', { org: '机关第二党支部', type: '主题党日', date: `2026-${month}-16` });
  }
  await call('activity.add', { org: '机关第二党支部', type: '党员大会', date: '2026-03-31' });
  await call('activity.add', { org: '机关第二党支部', type: '党课', date: '2026-03-20', lecturer: { name: '周二支', kind: '书记' } });
  await call('activity.add', { org: '机关第一党支部', type: '支委会', date: '2026-04-07', topic: '研究四月工作', chair: '张书记', recorder: '李委员', place: '三楼会议室', hours: 1 });
  await call('training.add', { title: '市委党校示范培训班', kind: '党校示范培训班', level: '市', org: '中共某某局机关委员会', start: '2026-04-01', end: '2026-04-05', hours: 32, participants: ['110105198001010003', '110105198001010000'] });
}

/** the type select of the open form: type an abbreviation, Enter picks the first match */
async function pickType(word: string) {
  const sel = page.getByTestId('form-type');
  // the form puts the cursor in its first empty field when it opens: wait for that before typing
  await poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="activity-form"]')))).toBe(true);
  await sel.locator('input').focus();
  await page.keyboard.type(word);
  await page.keyboard.press('Enter');
  await poll(() => sel.textContent()).toContain(word === '支委' ? '支部委员会' : word === '党员大会' ? '支部党员大会' : word);
}

/** a toast at the top covers the page's first row until it goes (it stays while the pointer rests on it) */
async function noToasts() {
  await page.mouse.move(600, 740);
  await poll(() => page.locator('.ant-message-notice').count()).toBe(0);
}

async function setDate(day: string) {
  const input = page.locator('[data-testid="form-date"] input, input[data-testid="form-date"]').first();
  await input.click();
  await input.press('Control+a');
  await input.pressSequentially(day);
  await input.press('Enter');
}

async function addAbsent(name: string, reason?: string) {
  await page.getByTestId('form-absent-pick').click();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  const row = page.getByTestId(`absent-${name}`);
  await row.waitFor();
  if (reason) await row.locator('input').last().fill(reason);
}

describe('organizational life UI', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = TODAY;
    e2e = await startE2E();
    page = e2e.page;
    await page.clock.install({ time: new Date(`${TODAY}T10:00:00`) }); // the browser's today, running
    await seed(e2e);
    await page.reload();
  });
  afterAll(async () => {
    delete process.env.DANGWU_TODAY;
    await e2e?.close();
  });

  it('enters meetings from the calendar, copies the last one, edits, cancels; the board shows them', async () => {
    await page.getByTestId('nav-orglife').click();
    await chooseByTitle(page, 'orglife-org', '机关第一党支部');
    await poll(() => page.getByTestId('cal-month').textContent()).toBe('2026年6月');
    await poll(() => page.getByTestId('list-total').textContent()).toBe('共 1 次');
    await e2e.shot('orglife-1-calendar');

    // May: three meetings in a row, typed as a clerk would
    await page.getByTestId('cal-prev').click();
    await poll(() => page.getByTestId('cal-month').textContent()).toBe('2026年5月');
    await page.getByTestId('day-2026-05-05').click();
    await page.getByTestId('activity-form').waitFor();
    await pickType('支委');
    await poll(() => page.getByTestId('form-counts').textContent()).toBe('应到 3 人，实到 3 人，请假 0 人，缺席 0 人');
    await addAbsent('王委员', '出差');
    await poll(() => page.getByTestId('form-counts').textContent()).toBe('应到 3 人，实到 2 人，请假 1 人，缺席 0 人');
    await page.getByTestId('form-topic').fill('研究五月工作');
    await page.getByTestId('form-chair').fill('张书记');
    await page.getByTestId('form-recorder').fill('李委员');
    await page.getByTestId('form-first-on').check();
    await page.getByTestId('form-first').fill('学习习近平总书记重要讲话精神');
    await e2e.shot('orglife-2-form');
    await page.getByTestId('form-save-next').click();
    await poll(() => page.getByTestId('chip-14').count()).toBe(1);

    // the form stays open with the type: next one is a 主题党日 on the 12th
    await setDate('2026-05-12');
    await pickType('主题党日');
    await poll(() => page.getByTestId('form-counts').textContent()).toBe('应到 6 人，实到 6 人，请假 0 人，缺席 0 人');
    await page.getByTestId('form-topic').fill('志愿服务进社区');
    await page.getByTestId('form-save-next').click();
    await poll(() => page.getByTestId('chip-15').count()).toBe(1);

    await setDate('2026-05-28');
    await pickType('党员大会');
    await addAbsent('赵党员');
    const absentRow = page.getByTestId('absent-赵党员');
    await absentRow.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle('缺席', { exact: true }).click();
    await poll(() => page.getByTestId('form-counts').textContent()).toBe('应到 6 人，实到 5 人，请假 0 人，缺席 1 人');
    await page.getByTestId('form-topic').fill('学习传达上级会议精神');
    // a vote with more votes than voting members present (孙预备 has no vote): refused in Chinese, nothing saved
    await page.getByTestId('form-vote-on').check();
    await page.locator('[data-testid="form-votes-for"] input, input[data-testid="form-votes-for"]').first().fill('6');
    await page.getByTestId('form-topic').press('Control+Enter');
    await poll(() => page.getByTestId('form-error').textContent()).toContain('「表决情况」的票数合计 6 超过了到会有表决权的人数 4');
    await e2e.shot('orglife-3-refused-vote');
    await page.locator('[data-testid="form-votes-for"] input, input[data-testid="form-votes-for"]').first().fill('4');
    await page.getByTestId('form-topic').press('Control+Enter');
    await page.getByTestId('activity-form').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('chip-16').count()).toBe(1);
    await poll(() => page.getByTestId('list-total').textContent()).toBe('共 4 次');

    // June: a 支委会 copied from the last one
    await page.getByTestId('cal-next').click();
    await page.getByTestId('day-2026-06-03').click();
    await pickType('支委');
    await page.getByTestId('form-copy-last').click();
    await poll(() => page.getByTestId('form-topic').inputValue()).toBe('研究五月工作');
    await poll(() => page.getByTestId('form-chair').inputValue()).toBe('张书记');
    await expect(page.getByTestId('form-first').inputValue()).resolves.toBe('学习习近平总书记重要讲话精神');
    await page.getByTestId('form-topic').fill('研究六月工作');
    await e2e.shot('orglife-4-copied');
    await page.getByTestId('form-save').click();
    await page.getByTestId('activity-form').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('list-total').textContent()).toBe('共 5 次');

    // a cancelled entry leaves nothing behind
    await page.getByTestId('day-2026-06-08').click();
    await pickType('党课');
    await page.getByTestId('form-topic').fill('不保存的党课');
    await page.getByTestId('form-cancel').click();
    await page.getByTestId('activity-form').waitFor({ state: 'detached' });
    await expect(page.getByTestId('list-total').textContent()).resolves.toBe('共 5 次');

    // edit the 主题党日 from its chip in May
    await page.getByTestId('cal-prev').click();
    await page.getByTestId('chip-15').click();
    await poll(() => page.getByTestId('form-topic').inputValue()).toBe('志愿服务进社区');
    await page.getByTestId('form-topic').fill('志愿服务进社区（补充照片）');
    await e2e.shot('orglife-5-edit');
    await page.getByTestId('form-save').click();
    await page.getByTestId('activity-form').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('row-15').textContent()).toContain('志愿服务进社区（补充照片）');
    await poll(() => page.getByTestId('row-14').textContent()).toContain('2/3人');
    await e2e.shot('orglife-6-list');

    // what was stored is what was typed
    const stored = (await dispatch(e2e.ctx, 'activity.get', { id: 16 })) as { type: string; expected: number; present: number; absent: number; votes: { for: number; passed: boolean } };
    expect(stored).toMatchObject({ type: '支部党员大会', expected: 6, present: 5, absent: 1, votes: { for: 4, passed: true } });
    const h = (await dispatch(e2e.ctx, 'activity.get', { id: 15 })) as { history: { action: string }[]; expected: number };
    expect(h.history.map((x) => x.action)).toEqual(['修改', '登记']);

    // the compliance board: branch 1 lags, branch 2 kept the first half-year's meetings
    await page.getByTestId('nav-orglife-board').click();
    await noToasts();
    await chooseByTitle(page, 'board-part', '上半年');
    const grid = page.getByTestId('board-grid');
    await poll(() => grid.locator('.ant-table-row').count()).toBe(2);
    await poll(() => grid.locator('.ant-table-row').first().textContent()).toContain('机关第一党支部');
    const rowA = grid.locator('.ant-table-row').filter({ hasText: '机关第一党支部' });
    await poll(() => rowA.locator('.ol-st.held').count()).toBe(3); // 支委会 in April and May, 主题党日 in May
    await poll(() => rowA.locator('.ol-st.ahead').count()).toBe(2); // Q2's 党员大会 and June's 支委会: held, the period not over
    await poll(() => page.getByTestId('board-lagging').textContent()).toBe('2 个组织，1 个有未开展的期次');
    await page.getByTestId('board-chart').locator('canvas').first().waitFor();
    await e2e.shot('orglife-7-board');
    const c = (await dispatch(e2e.ctx, 'activity.compliance', { org: '机关第一党支部', period: '2026-H1', type: '支委会' })) as { held: number; required: number; missing: string[] }[];
    expect(c[0]).toMatchObject({ required: 5, held: 2, missing: ['2026-01', '2026-02', '2026-03'] });

    // batch entry of the first quarter from the branch's own register (one row refers to nobody: refused whole)
    await page.getByTestId('nav-orglife').click();
    await page.getByRole('tab', { name: '批量登记' }).click();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('第一季度');
    ws.addRow(['机关第一党支部2026年第一季度三会一课登记表']);
    ws.addRow(['序号', '类型', '日期', '主题/议题', '主持人', '缺席人员及原因', '记录人']);
    ws.addRow([1, '支委会', '2026.1.6', '研究一月工作', '张书记', '无', '李委员']);
    ws.addRow([2, '支委会', '2026.2.5', '研究二月工作', '张书记', '王委员（出差）', '李委员']);
    ws.addRow([3, '支委会', '2026.3.4', '研究三月工作', '张书记', '', '李委员']);
    ws.addRow([4, '党课', '2026.3.24', '专题党课', '张书记', '赵党员（病假）、陈某（事假）', '李委员']);
    ws.addRow(['填表人：王经办']);
    const upload = async (bytes: ArrayBuffer) => {
      await page.locator('.ant-upload input[type=file]').setInputFiles({ name: '第一季度登记表.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    };
    await upload(await wb.xlsx.writeBuffer());
    await poll(() => page.getByTestId('import-failed').textContent()).toBe('1');
    await expect(page.getByTestId('import-preview').textContent()).resolves.toContain('「缺席人员及原因」“陈某”不在 2026-03-24 机关第一党支部的应到人员中');
    await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
    await e2e.shot('orglife-8-import-refused');
    ws.getCell('F6').value = '赵党员（病假）';
    await upload(await wb.xlsx.writeBuffer());
    await poll(() => page.getByTestId('import-ok').textContent()).toBe('4');
    await poll(() => page.getByTestId('import-failed').textContent()).toBe('0');
    await e2e.shot('orglife-9-import-preview');
    await page.getByTestId('import-commit').click();
    await poll(() => page.getByTestId('import-preview').count()).toBe(0);
    const after = (await dispatch(e2e.ctx, 'activity.compliance', { org: '机关第一党支部', period: '2026-Q1' })) as { type: string; missing: string[] }[];
    expect(after.find((x) => x.type === '支部委员会')!.missing).toEqual([]);
    expect(after.find((x) => x.type === '党课')!.missing).toEqual([]);

    // the other screens render
    await page.getByRole('tab', { name: '名单与频次' }).click();
    await page.getByTestId('frequencies').waitFor();
    await e2e.shot('orglife-10-settings');
    await page.getByTestId('nav-orglife-training').click();
    await poll(() => page.getByTestId('training-total').textContent()).toBe('2026 年共 1 期、2 人次');
    await e2e.shot('orglife-11-training');
    await page.getByTestId('training-new').click();
    await page.getByTestId('training-form').waitFor();
    await page.getByTestId('training-title').fill('专题讲座');
    await e2e.shot('orglife-12-training-form');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await page.getByTestId('training-form').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: '党员学时' }).click();
    await poll(() => page.getByTestId('hours-summary').textContent()).toContain('共 10 人');
    await e2e.shot('orglife-13-hours');

    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });
});
