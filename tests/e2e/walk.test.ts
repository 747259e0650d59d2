import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { OrgDto } from '../../src-main/modules/core/contract.ts';
import { chooseByTitle, startE2E, type E2E } from './harness.ts';

// A screenshot walk through every page at 1366×768, with the drawers and dialogs a clerk opens in the first
// hour, on a registry that looks like a real one (long organization names that differ only at the end,
// members with full records, a campaign under way, dues standards). The pictures go to a temp folder
// (WALK_DIR, else dangwu-walk-<time> in the system's temp folder) for a person to look at; the test itself
// only checks that every page opens without an error in the console.

const WALK_DIR = process.env.WALK_DIR ?? path.join(os.tmpdir(), `dangwu-walk-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let e2e: E2E;
let page: Page;
let n = 0;
const call = <T,>(name: string, input: unknown) => dispatch(e2e.ctx, name, input) as Promise<T>;

async function shot(name: string) {
  await page.waitForTimeout(400); // animations settle
  const file = path.join(WALK_DIR, `${String(++n).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

function idWithCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚'];

async function seed(): Promise<{ campaignId: number; branches: OrgDto[] }> {
  await call('settings.save', { clerkName: '王芳', clerkPhone: '0531-86001234', reviewer: '李明', principal: '赵刚' });
  const top = await call<OrgDto>('orgs.save', { org: { name: '中共某某市统计局机关委员会', shortName: '统计局机关党委', type: '党委', termStart: '2020-07-01', termYears: 5 } });
  const branches: OrgDto[] = [];
  const names = ['第一', '第二', '第三', '离退休干部'];
  for (const [i, n] of names.entries()) {
    branches.push(await call<OrgDto>('orgs.save', {
      org: { name: `中共某某市统计局机关${n}党支部`, shortName: i === 0 ? '机关一支部' : null, type: '党支部', parentId: top.id, termStart: i === 1 ? '2022-05-01' : '2024-03-01', termYears: 3, sortOrder: i },
    }));
  }
  await call('orgs.save', { org: { name: '中共某某市统计局机关第一党支部第一党小组', type: '党小组', parentId: branches[0].id } });
  let k = 0;
  for (const [bi, b] of branches.entries()) {
    for (let j = 0; j < 9; j++) {
      k++;
      const name = SURNAMES[(k * 7) % SURNAMES.length] + GIVEN[(k * 3) % GIVEN.length] + (k % 3 ? GIVEN[(k * 5) % GIVEN.length] : '');
      const birth = `19${60 + (k % 35)}${String((k % 12) + 1).padStart(2, '0')}${String((k % 27) + 1).padStart(2, '0')}`;
      const probationary = k % 11 === 0;
      const joinYear = Math.min(2023, 1960 + (k % 35) + 22 + (k % 10));
      await call('members.save', {
        member: {
          name, idNumber: idWithCheck(`370102${birth}${String(100 + k).slice(-3)}`), ethnicity: k % 9 === 0 ? '回族' : '汉族',
          education: ['大学本科', '硕士研究生', '大学专科'][k % 3], category: probationary ? '预备党员' : '正式党员',
          joinedOn: probationary ? '2025-03-01' : `${joinYear}-07-01`, confirmedOn: probationary ? null : `${joinYear + 1}-07-01`,
          orgId: b.id, phone: `139${String(10000000 + k * 7919).slice(0, 8)}`, workUnit: bi === 3 ? '已退休' : '某某市统计局综合处',
          jobPosition: bi === 3 ? null : '公务员', address: `济南市历下区泉城路${k}号`, partyPost: j === 0 ? '支部书记' : null,
        },
      });
    }
  }
  const { id: campaignId } = await call<{ id: number }>('campaign.create', { name: '2025年党员信教问题专项整治', year: 2025, start: '2025-04-01', end: '2025-09-30' });
  const list = await call<{ rows: { memberId: number }[] }>('campaign.checklist', { campaignId, limit: 200 });
  await call('campaign.bulk', { campaignId, action: 'screenedNoFinding', date: '2025-05-10', method: '谈心谈话', memberIds: list.rows.slice(0, 14).map((r) => r.memberId) });
  await call('campaign.bulk', { campaignId, action: 'signed', date: '2025-05-20', memberIds: list.rows.slice(0, 10).map((r) => r.memberId) });
  await call('campaign.screen', { campaignId, memberId: list.rows[20].memberId, date: '2025-06-01', method: '走访', religion: '佛教', manifestations: '经常到寺庙烧香' });
  return { campaignId, branches };
}

describe('screenshot walk at 1366×768', () => {
  beforeAll(async () => {
    fs.mkdirSync(WALK_DIR, { recursive: true });
    process.env.DANGWU_TODAY = '2025-06-30';
    e2e = await startE2E({ firstRun: true });
    page = e2e.page;
    page.setDefaultTimeout(60_000);
  });
  afterAll(async () => {
    delete process.env.DANGWU_TODAY;
    await e2e?.close();
    console.log(`screenshot walk: ${n} pictures in ${WALK_DIR}`);
  });

  it('every page, drawer and dialog of the first hour', async () => {
    await page.getByTestId('setup-clerk').waitFor();
    await shot('wizard');
    await page.getByTestId('setup-clerk-skip').click();
    await page.getByTestId('home').waitFor();
    await shot('home-empty');

    // an empty registry: the member form says where to start
    await page.getByTestId('nav-members').click();
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-no-orgs').waitFor();
    await shot('member-form-no-orgs');
    await page.keyboard.press('Escape');

    const { branches } = await seed();
    await page.getByTestId('nav-orgs').click();
    await page.getByTestId('nav-home').click();
    await page.getByTestId('home-group-core').waitFor();
    await shot('home');

    await page.getByTestId('nav-orgs').click();
    await page.getByTestId(`org-row-${branches[1].name}`).waitFor();
    await shot('orgs');
    await page.getByTestId(`org-row-${branches[1].name}`).click();
    await page.getByTestId('org-form').waitFor();
    await shot('org-form-edit');
    await page.getByTestId('org-cancel').click();
    await page.getByTestId('org-form').waitFor({ state: 'detached' });
    await page.getByTestId(`org-add-child-${'中共某某市统计局机关委员会'}`).click();
    await page.getByTestId('org-form').waitFor();
    await shot('org-form-add-child');
    await page.getByTestId('org-cancel').click();

    await page.getByTestId('nav-members').click();
    await poll(() => page.getByTestId('member-total').textContent()).toContain('共 36 人');
    await shot('members');
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form').waitFor();
    await shot('member-form-new');
    await page.getByTestId('m-name').fill('测试');
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal-confirm').waitFor();
    await shot('member-form-discard');
    await page.getByTestId('discard-ok').click();
    await page.getByTestId('member-name').first().click();
    await page.getByTestId('member-detail').waitFor();
    await shot('member-detail');
    await page.getByRole('tab', { name: /修改历史/ }).click();
    await shot('member-detail-history');
    await page.getByTestId('detail-edit').click();
    await page.getByTestId('member-form').waitFor();
    await shot('member-form-edit');
    await page.getByTestId('member-cancel').click();
    await page.getByTestId('member-form').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByTestId('member-detail').waitFor({ state: 'detached' });
    await page.getByTestId('member-columns').click();
    await page.getByTestId('column-list').waitFor();
    await shot('member-columns');
    await page.keyboard.press('Escape');
    await page.getByTestId('member-search').locator('input').first().fill('wang');
    await poll(() => page.getByTestId('member-total').textContent()).not.toContain('共 36 人');
    await shot('members-search-pinyin');
    await page.getByTestId('member-search').locator('input').first().fill('');

    await page.getByTestId('nav-import').click();
    await page.waitForTimeout(500);
    await shot('import');
    await page.getByTestId('nav-import-history').click();
    await page.waitForTimeout(500);
    await shot('import-history');

    await page.getByTestId('nav-dues').click();
    await chooseByTitle(page, 'dues-org', branches[1].name);
    await page.waitForTimeout(800);
    await shot('dues-grid');
    for (const tab of ['欠交提醒', '标准核定', '上缴与使用', '报表与设置']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForTimeout(600);
      await shot(`dues-${tab}`);
    }

    await page.getByTestId('nav-campaign').click();
    await poll(() => page.getByTestId('checklist-count').textContent()).toContain('共 36 人');
    await shot('campaign-checklist');
    await page.locator('[data-testid="checklist-table"] tbody tr input[type="checkbox"]').nth(20).check();
    await page.getByTestId('bulk-screened').click();
    await page.getByTestId('bulk-method').waitFor();
    await shot('campaign-bulk-screened');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="checklist-table"] tbody tr a').first().click();
    await page.getByTestId('screen-save').waitFor();
    await shot('campaign-member-drawer');
    await page.keyboard.press('Escape');
    await page.getByTestId('campaign-edit').click();
    await page.getByTestId('campaign-form').waitFor();
    await shot('campaign-edit');
    await page.keyboard.press('Escape');
    for (const tab of ['工作进度', '承诺书打印', '统计表导出']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForTimeout(800);
      await shot(`campaign-${tab}`);
    }
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-form').waitFor();
    await shot('campaign-new');
    await page.keyboard.press('Escape');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor();
    await shot('settings');

    expect(e2e.consoleErrors).toEqual([]);
  }, 600_000);
});
