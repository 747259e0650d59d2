import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { idCheckChar } from '../../src-main/domain/id-number.ts';
import { insertOrg, startE2E, type E2E } from './harness.ts';

// The member lifecycle in the UI (docs/domain/members.md#transitions): the event dialog offers what fits the
// member's standing (转正 for a 预备党员, the 出党 sub-types, 延长预备期 with months), shows a refusal as one
// sentence, and the member card undoes the latest event and deletes a member entered by mistake — both
// confirmed — or says which records prevent it. 转正 is not an edit of the form. The screening campaign offers
// the matching 出党 when its outcome ends membership.

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const idOf = (birth: string, seq: string) => `110101${birth}${seq}${idCheckChar(`110101${birth}${seq}`)}`;
let e2e: E2E;
let page: Page;
const call = (name: string, input: unknown) => dispatch(e2e.ctx, name, input) as Promise<any>;
const B1 = '机关第一党支部';

/** a screenshot once the drawer or dialog has finished opening */
async function shot(name: string) {
  await page.waitForTimeout(700);
  await e2e.shot(name);
}
async function choose(testId: string, label: string) {
  await page.getByTestId(testId).click();
  const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await popup.getByTitle(label, { exact: true }).first().click();
  await poll(() => popup.isVisible()).toBe(false);
}
async function fill(testId: string, value: string) {
  await page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first().fill(value);
}
/** a fresh page (no drawer or dialog left open over the menu); the server's data stays */
async function closeDrawers() {
  await page.reload();
  await page.getByTestId('nav-members').waitFor();
}
async function openMember(name: string) {
  await closeDrawers();
  await page.getByTestId('nav-members').click();
  await page.locator('[data-testid="member-search"] input, input[data-testid="member-search"]').first().fill(name);
  await page.getByTestId('member-name').filter({ hasText: name }).first().click();
  await page.getByTestId('member-detail').waitFor();
}
async function recordEvent(type: string, date: string, extra: (() => Promise<void>) | null = null) {
  await page.getByTestId('detail-event').click();
  await choose('event-type', type);
  if (extra) await extra();
  await fill('event-date', date);
  await page.getByTestId('event-ok').click();
}

describe('member lifecycle UI', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2026-12-01';
    e2e = await startE2E();
    page = e2e.page;
    // the browser's own calendar: the dialogs here take their dates typed, and the campaign's 处置 date
    // (today) must agree with the server's pinned day — the outcome's 出党 is checked for that date below
    await page.clock.setFixedTime(new Date('2026-12-01T10:00:00'));
    await page.reload();
    const now = '2026-01-01T00:00:00.000Z';
    const root = insertOrg(e2e, { name: '中共某局机关委员会', type: '党委', now });
    insertOrg(e2e, { name: B1, type: '党支部', parent: root, now });
    insertOrg(e2e, { name: '机关第二党支部', type: '党支部', parent: root, now });
    const add = (name: string, idNumber: string, extra: Record<string, unknown> = {}) =>
      call('members.save', { member: { name, idNumber, org: B1, ethnicity: '汉族', category: '正式党员', joinedOn: '2000-07-01', confirmedOn: '2001-07-01', ...extra } });
    await add('钱预备', idOf('19950301', '011'), { category: '预备党员', confirmedOn: null, joinedOn: '2025-03-18' });
    await add('孙正式', idOf('19700301', '021'));
    await add('李误录', idOf('19800301', '031'));
    await add('周有费', idOf('19810301', '041'));
    await add('吴排查', idOf('19820301', '051'));
    await call('dues.setBase', { idNumber: idOf('19810301', '041'), year: 2026, category: '在职', income: '6000.00' });
    await call('dues.pay', { idNumber: idOf('19810301', '041'), months: '2026-01', amount: '90.00', paidOn: '2026-01-10' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('转正 is an event, not a form edit; the dialog offers the member’s next steps; refusals are one sentence; undo and delete are confirmed', async () => {
    await openMember('钱预备');
    await poll(() => page.getByTestId('detail-probation').textContent()).toContain('预备期至 2026-03-18，已到期');
    await shot('lifecycle-1-probation-card');
    // the form cannot turn a 预备党员 into a 正式党员
    await page.getByTestId('detail-edit').click();
    await poll(() => page.locator('[data-testid="m-category"]').first().getAttribute('class')).toContain('disabled');
    await shot('lifecycle-2-form-category-locked');
    await page.getByRole('button', { name: /取\s*消/ }).first().click();
    // 转正 at the branch meeting, 转正日期 = the end of probation
    await page.getByTestId('detail-event').click();
    await poll(() => page.getByTestId('event-type').textContent()).toContain('转正');
    await shot('lifecycle-3-event-dialog');
    await fill('event-date', '2026-03-10');
    await page.getByTestId('event-ok').click();
    await poll(() => page.getByTestId('event-refusal').textContent()).toContain('转正须在预备期满后由支部大会讨论');
    await shot('lifecycle-4-refusal');
    await fill('event-date', '2026-04-02');
    await page.getByTestId('event-ok').click();
    await page.getByText('已登记：转正，转正日期 2026-03-18').waitFor();
    await poll(() => page.getByTestId('member-detail').textContent()).toContain('正式党员');
    await poll(() => page.getByTestId('detail-events').textContent()).toContain('转正日期 2026-03-18');

    // 出党 with its sub-type, then undone (confirmed)
    await openMember('孙正式');
    await recordEvent('出党', '2026-06-01', async () => choose('event-subtype', '劝退'));
    await page.getByText('已登记：出党（劝退）').waitFor();
    await poll(() => page.getByTestId('member-detail').textContent()).toContain('出党（2026-06-01）');
    await page.getByTestId('event-undo').click();
    await shot('lifecycle-5-undo-confirm');
    await page.getByTestId('event-undo-ok').click();
    await page.getByText('已撤销：出党（2026-06-01）').waitFor();
    await poll(() => page.getByTestId('member-detail').textContent()).toContain('在册');

    // deletion: refused naming the payment; allowed for a member entered by mistake
    await openMember('周有费');
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('detail-delete-ok').click();
    await poll(() => page.getByTestId('detail-refusal').textContent()).toContain('党费交纳记录 1 笔');
    await shot('lifecycle-6-delete-refused');
    await openMember('李误录');
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('detail-delete-ok').click();
    await page.getByText('已删除：李误录').waitFor();
    expect((await call('members.list', { search: '李误录', roll: 'all' })).total).toBe(0);
  });

  it('a screening outcome of 劝退 offers to record the matching 出党', async () => {
    const c = await call('campaign.create', { name: '2026年专项排查', year: 2026, start: '2026-03-01', end: '2026-11-30', orgs: [] });
    const id = idOf('19820301', '051');
    const m = (await call('members.list', { search: '吴排查' })).rows[0];
    await call('campaign.screen', { campaignId: c.id, memberId: m.id, date: '2026-04-01', method: '谈心谈话', finding: '已信仰宗教', religion: '基督教' });
    await closeDrawers();
    await page.getByTestId('nav-campaign').click();
    await page.locator('a:text-is("吴排查")').first().click();
    await page.getByTestId('handle-outcome').click();
    const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    await popup.locator('.ant-select-item-option[title="04 劝退"]').click();
    await page.getByTestId('handle-save').click();
    await page.getByTestId('offer-exit-ok').waitFor();
    await shot('lifecycle-7-offer-exit');
    await page.getByTestId('offer-exit-ok').click();
    await page.getByText('已登记出党（劝退）').waitFor();
    const after = (await call('members.list', { search: id, roll: 'all' })).rows[0];
    expect(after).toMatchObject({ roll: '出党' });
    expect((await call('members.history', { member: id }))[0]).toMatchObject({ type: '出党', subtype: '劝退', date: '2026-12-01' });
    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });
});
