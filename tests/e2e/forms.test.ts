import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { MemberDto, MemberInput, OrgDto } from '../../src-main/modules/core/contract.ts';
import { startE2E, type E2E } from './harness.ts';

// What a clerk does in the first hour, through the real UI at 1366×768: open, cancel and edit five different
// records in a row, members and organizations, asserting every field each time (a form must never show
// the record opened before); 加下级 on the 党委; closing a changed form asks 放弃修改？; required fields are
// marked; an empty database explains how to start; a failed validation is no unhandled rejection.

/** an 18-digit ID with a correct ISO 7064 MOD 11-2 check character (written here independently of the domain code) */
function idWithCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let e2e: E2E;
let page: Page;
const call = <T,>(name: string, input: unknown) => dispatch(e2e.ctx, name, input) as Promise<T>;

/** the form's fields as the clerk sees them: text of inputs, the chosen option of selects, ticks of checkboxes */
async function readFields(ids: string[]): Promise<Record<string, string | boolean | null>> {
  return page.evaluate((ids) => {
    const out: Record<string, string | boolean | null> = {};
    for (const id of ids) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el) out[id] = null;
      else if (el instanceof HTMLInputElement) out[id] = el.type === 'checkbox' ? el.checked : el.value;
      else if (el instanceof HTMLTextAreaElement) out[id] = el.value;
      else if (el.querySelector('.ant-select-placeholder')) out[id] = '';
      else if (el.querySelector('.ant-select-content')) out[id] = (el.querySelector('.ant-select-content')!.textContent ?? '').trim();
      else {
        const input = el.querySelector('input, textarea') as HTMLInputElement | null;
        out[id] = input ? input.value : (el.textContent ?? '').trim();
      }
    }
    return out;
  }, ids);
}

async function fill(testId: string, value: string) {
  await page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first().fill(value);
}

// ── members ──────────────────────────────────────────────────────────────────────────────────────

const MEMBER_FIELDS = [
  'name', 'idNumber', 'gender', 'birthDate', 'ethnicity', 'nativePlace', 'education', 'degree', 'phone', 'orgId', 'category', 'status',
  'joinedOn', 'confirmedOn', 'partyPost', 'workUnit', 'jobPosition', 'workStart', 'landline', 'householdReg', 'address', 'isLost', 'lostOn',
  'isMobile', 'outflow', 'remark',
] as const;

/** what the edit form must show for a saved member */
function expectedMemberForm(m: MemberDto): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of MEMBER_FIELDS) {
    const v = f === 'orgId' ? m.org : (m as unknown as Record<string, string | boolean>)[f];
    out[`m-${f}`] = typeof v === 'boolean' ? v : (v ?? '');
  }
  return out;
}

const EMPTY_NEW_MEMBER = (orgName: string) => {
  const out: Record<string, string | boolean> = {};
  for (const f of MEMBER_FIELDS) out[`m-${f}`] = '';
  return { ...out, 'm-ethnicity': '汉族', 'm-category': '正式党员', 'm-status': '正常', 'm-isLost': false, 'm-isMobile': false, 'm-orgId': orgName };
};

const memberIds = MEMBER_FIELDS.map((f) => `m-${f}`);

async function openMemberEdit(name: string) {
  await page.getByTestId('member-name').filter({ hasText: new RegExp(`^${name}$`) }).click();
  await page.getByTestId('member-detail').waitFor();
  await poll(() => page.getByTestId('member-detail').textContent()).toContain(name);
  await page.getByTestId('detail-edit').click();
  await page.getByTestId('member-form').waitFor();
}

async function closeMemberForm() {
  await page.getByTestId('member-cancel').click();
  await page.getByTestId('member-form').waitFor({ state: 'detached' });
}

// ── organizations ────────────────────────────────────────────────────────────────────────────────

const ORG_FIELDS: Record<string, (o: OrgDto) => string> = {
  'org-name': (o) => o.name,
  'org-short': (o) => o.shortName ?? '',
  'org-type': (o) => o.type,
  'org-parent': (o) => o.parent ?? '',
  'org-established': (o) => o.establishedOn ?? '',
  'org-term-start': (o) => o.termStart ?? '',
  'org-term-years': (o) => (o.termYears == null ? '' : String(o.termYears)),
  'org-postponed': (o) => o.postponedUntil ?? '',
  'org-postpone-note': (o) => o.postponementNote ?? '',
  'org-sort': (o) => String(o.sortOrder),
};

async function closeOrgForm() {
  await page.getByTestId('org-cancel').click();
  await page.getByTestId('org-form').waitFor({ state: 'detached' });
}

describe('forms a clerk opens one after another', () => {
  beforeAll(async () => {
    process.env.DANGWU_TODAY = '2025-06-30';
    e2e = await startE2E();
    page = e2e.page;
  });
  afterAll(async () => {
    delete process.env.DANGWU_TODAY;
    await e2e?.close();
  });

  it('on an empty database the member form explains how to add organizations first', async () => {
    await page.getByTestId('nav-members').click();
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-no-orgs').waitFor();
    await poll(() => page.getByTestId('member-no-orgs').textContent()).toMatch(/请先到“组织架构”新增党委/);
    await e2e.shot('forms-member-no-orgs');
    await page.getByTestId('member-go-orgs').click();
    await page.getByTestId('org-add').waitFor();
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('organizations: 新增 → 取消 → 编辑 A → 取消 → 编辑 B … shows each record; 加下级 on the 党委 creates a branch under it', async () => {
    const top = await call<OrgDto>('orgs.save', { org: { name: '中共某某市统计局机关委员会', shortName: '统计局机关党委', type: '党委', establishedOn: '2010-05-04', termStart: '2021-06-15', termYears: 5, sortOrder: 0 } });
    const made: OrgDto[] = [top];
    for (let i = 1; i <= 4; i++) {
      made.push(await call<OrgDto>('orgs.save', {
        org: {
          name: `中共某某市统计局机关第${'一二三四'[i - 1]}党支部`, shortName: i % 2 ? `${'一二三四'[i - 1]}支部` : null, type: i === 4 ? '党总支' : '党支部',
          parentId: top.id, establishedOn: `201${i}-0${i}`, termStart: `2023-0${i}-01`, termYears: 3, postponedUntil: i === 2 ? '2026-06-30' : null,
          postponementNote: i === 2 ? '区委组织部批复（2025）12号' : null, sortOrder: i,
        },
      }));
    }
    await page.getByTestId('nav-home').click();
    await page.getByTestId('nav-orgs').click();
    await page.getByTestId(`org-row-${made[4].name}`).waitFor();

    // 新增 first: an empty form (a 党委 at the top)
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-form').waitFor();
    expect(await readFields(Object.keys(ORG_FIELDS))).toMatchObject({ 'org-name': '', 'org-short': '', 'org-type': '党委', 'org-parent': '', 'org-term-start': '', 'org-sort': '0' });
    await closeOrgForm();

    // five records in a row, each through 编辑 and 取消, in an order unlike the list's
    for (const o of [made[2], made[0], made[4], made[1], made[3]]) {
      await page.getByTestId(`org-row-${o.name}`).click();
      await page.getByTestId('org-form').waitFor();
      await poll(() => page.locator('.ant-drawer-title').last().textContent()).toBe(`编辑组织：${o.name}`);
      const want = Object.fromEntries(Object.entries(ORG_FIELDS).map(([k, f]) => [k, f(o)]));
      expect(await readFields(Object.keys(ORG_FIELDS))).toEqual(want);
      await closeOrgForm();
    }

    // 新增 after those: still empty
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-form').waitFor();
    expect(await readFields(['org-name', 'org-short', 'org-parent', 'org-postpone-note'])).toEqual({ 'org-name': '', 'org-short': '', 'org-parent': '', 'org-postpone-note': '' });
    await closeOrgForm();

    // 加下级 on the 党委 (after an edit of a branch): a 党支部 under the 党委
    await page.getByTestId(`org-row-${made[3].name}`).click();
    await page.getByTestId('org-form').waitFor();
    await closeOrgForm();
    await page.getByTestId(`org-add-child-${top.name}`).click();
    await page.getByTestId('org-form').waitFor();
    await poll(() => page.locator('.ant-drawer-title').last().textContent()).toBe(`新增下级组织：${top.name}`);
    expect(await readFields(['org-name', 'org-type', 'org-parent'])).toEqual({ 'org-name': '', 'org-type': '党支部', 'org-parent': top.name });
    await fill('org-name', '中共某某市统计局机关第五党支部');
    await page.getByTestId('org-save').click();
    await page.getByTestId('org-row-中共某某市统计局机关第五党支部').waitFor();
    const child = (await call<OrgDto[]>('orgs.list', {})).find((o) => o.name === '中共某某市统计局机关第五党支部')!;
    expect(child).toMatchObject({ type: '党支部', parentId: top.id, termYears: 3 });

    // 加下级 on a branch: a 党小组 under it
    await page.getByTestId(`org-add-child-${made[1].name}`).click();
    await page.getByTestId('org-form').waitFor();
    expect(await readFields(['org-type', 'org-parent'])).toEqual({ 'org-type': '党小组', 'org-parent': made[1].name });
    await closeOrgForm();
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('members: 新增 → 取消 → 编辑 A → 取消 → 编辑 B … shows each record, every field, then 新增 is empty again', async () => {
    const orgs = await call<OrgDto[]>('orgs.list', {});
    const branch = (n: string) => orgs.find((o) => o.name.includes(n))!;
    const specs: MemberInput[] = [
      { name: '张伟', idNumber: idWithCheck('11010519850315001'), ethnicity: '汉族', nativePlace: '山东济南', education: '大学本科', degree: '学士', phone: '13800000001', orgId: branch('第一').id, category: '正式党员', status: '正常', joinedOn: '2008-07-01', confirmedOn: '2009-07-01', partyPost: '支部书记', workUnit: '统计局办公室', jobPosition: '公务员', workStart: '2007-08', landline: '0531-1234567', householdReg: '济南市', address: '济南市历下区一号', remark: '第一位' },
      { name: '李娜', idNumber: idWithCheck('37010219900101002'), ethnicity: '回族', nativePlace: '山东青岛', education: '硕士研究生', degree: '硕士', phone: '13800000002', orgId: branch('第二').id, category: '预备党员', status: '正常', joinedOn: '2024-12-01', partyPost: '组织委员', workUnit: '统计局综合科', jobPosition: '事业单位管理岗位', workStart: '2015-07-01', address: '青岛市市南区二号', isMobile: true, outflow: '广东省深圳市', remark: '第二位' },
      { name: '王强', idNumber: idWithCheck('44030519751231003'), ethnicity: '满族', education: '大学专科', phone: '13800000003', orgId: branch('第三').id, category: '正式党员', status: '停止党籍', joinedOn: '1998-05', confirmedOn: '1999-05', isLost: true, lostOn: '2023-03', remark: '' },
      { name: '赵敏', idNumber: idWithCheck('51010719880808004'), ethnicity: '汉族', nativePlace: '四川成都', education: '博士研究生', degree: '博士', phone: '13800000004', orgId: branch('第四').id, category: '正式党员', status: '正常', joinedOn: '2012-06-30', confirmedOn: '2013-06-30', workUnit: '统计局数据中心', jobPosition: '事业单位专业技术岗位', householdReg: '成都市', address: '成都市锦江区四号', remark: '第四位' },
      { name: '钱进', idNumber: idWithCheck('11010119700707005'), ethnicity: '蒙古族', education: '普通高中', orgId: top(orgs).id, category: '正式党员', status: '正常', joinedOn: '1995-07-01', confirmedOn: '1996-07-01', partyPost: '党委委员', landline: '010-88888888', remark: '第五位' },
    ];
    const saved: MemberDto[] = [];
    for (const s of specs) saved.push((await call<{ member: MemberDto }>('members.save', { member: s })).member);

    await page.getByTestId('nav-home').click();
    await page.getByTestId('nav-members').click();
    await poll(() => page.getByTestId('member-total').textContent()).toContain('共 5 人');

    // 新增 first
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form').waitFor();
    await poll(() => page.locator('.ant-drawer-title').last().textContent()).toBe('新增党员');
    expect(await readFields(memberIds)).toEqual(EMPTY_NEW_MEMBER(''));
    await closeMemberForm();

    for (const m of [saved[1], saved[0], saved[3], saved[4], saved[2]]) {
      await openMemberEdit(m.name);
      await poll(() => page.locator('.ant-drawer-title').last().textContent()).toBe(`编辑党员：${m.name}`);
      expect(await readFields(memberIds)).toEqual(expectedMemberForm(m));
      await closeMemberForm();
      await page.keyboard.press('Escape'); // the detail drawer
      await page.getByTestId('member-detail').waitFor({ state: 'detached' });
    }

    // 新增 after the edits: empty, with the organization chosen in the tree
    await page.getByTestId(`orgfilter-${branch('第二').name}`).click();
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form').waitFor();
    expect(await readFields(memberIds)).toEqual(EMPTY_NEW_MEMBER(branch('第二').name));
    await closeMemberForm();
    await page.getByTestId('orgfilter-all').click();
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('required fields carry a mark', async () => {
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form').waitFor();
    const required = await page.locator('[data-testid="member-form"] label.ant-form-item-required').allTextContents();
    expect(required.sort()).toEqual(['入党日期', '人员类别', '公民身份号码', '姓名', '所在党组织'].sort());
    await closeMemberForm();
    await page.getByTestId('nav-orgs').click();
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-form').waitFor();
    expect((await page.locator('[data-testid="org-form"] label.ant-form-item-required').allTextContents()).sort()).toEqual(['组织全称', '组织类型'].sort());
    await closeOrgForm();
  });

  it('closing a changed form by Esc or a click outside asks 放弃修改？; unchanged, it just closes', async () => {
    const orgs = await call<OrgDto[]>('orgs.list', {});
    const o = orgs.find((x) => x.name.includes('第三'))!;
    await page.getByTestId(`org-row-${o.name}`).click();
    await page.getByTestId('org-form').waitFor();
    await fill('org-short', '改过的简称');
    await page.keyboard.press('Escape');
    const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '放弃修改？' });
    await confirm.waitFor();
    await e2e.shot('forms-discard-confirm');
    await confirm.getByRole('button', { name: '继续填写' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await readFields(['org-short'])).toEqual({ 'org-short': '改过的简称' });
    // a click outside (on the mask) asks too; 放弃修改 closes without saving
    await page.mouse.click(40, 400);
    await confirm.waitFor();
    await page.getByTestId('discard-ok').click();
    await page.getByTestId('org-form').waitFor({ state: 'detached' });
    expect((await call<OrgDto[]>('orgs.list', {})).find((x) => x.id === o.id)!.shortName).toBe(o.shortName);

    // the member form: Esc on a changed form asks; on an unchanged one it closes at once
    await page.getByTestId('nav-members').click();
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('member-form').waitFor({ state: 'detached' });
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form').waitFor();
    await fill('m-name', '孙丽');
    await page.keyboard.press('Escape');
    await confirm.waitFor();
    await page.getByTestId('discard-ok').click();
    await page.getByTestId('member-form').waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('member-total').textContent()).toContain('共 5 人');
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('a failed validation shows beside the field and leaves no unhandled rejection', async () => {
    await page.getByTestId('nav-orgs').click();
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-form').waitFor();
    await page.getByTestId('org-save').click();
    await page.getByText('请填写组织全称').waitFor();
    // nothing was typed: 取消 closes at once
    await page.getByTestId('org-cancel').click();
    await page.getByTestId('org-form').waitFor({ state: 'detached' });

    await page.getByTestId('nav-settings').click();
    await fill('set-phone', 'abc');
    await page.getByTestId('settings-save').click();
    await page.getByText(/联系电话只能包含/).waitFor();

    await page.getByTestId('nav-campaign').click();
    await page.getByTestId('campaign-new').click();
    await fill('campaign-name', '');
    await page.getByTestId('campaign-create-ok').click();
    await page.getByText('请填写名称').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('discard-ok').click();
    await page.waitForTimeout(300);
    expect(e2e.consoleErrors).toEqual([]);
  });
});

const top = (orgs: OrgDto[]) => orgs.find((o) => o.parentId == null)!;
