import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberInput } from '../../src-main/modules/core/contract.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { SAMPLE_MEMBER } from '../support/seed.ts';

let f: TestDb;
let rootId: number;
let b1: number;
let b2: number;
beforeEach(async () => {
  f = await openTestDb();
  rootId = (await f.call('orgs.save', { org: { name: '中共某局机关委员会', type: '党委', shortName: '机关党委' } })).id;
  b1 = (await f.call('orgs.save', { org: { name: '机关第一党支部', type: '党支部', parentId: rootId } })).id;
  b2 = (await f.call('orgs.save', { org: { name: '机关第二党支部', type: '党支部', parentId: rootId } })).id;
});
afterEach(async () => f.close());

const member = (patch: Partial<MemberInput> = {}): MemberInput => ({ ...SAMPLE_MEMBER, ...patch });
const save = (patch: Partial<MemberInput> = {}, id?: number) => f.call('members.save', { id, member: member(patch) });
const count = (table: string) => (f.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('member registry service', () => {
  it('saves a member with derived fields and pinyin keys, audited', async () => {
    const { member: m, warnings } = await save({ name: '曾　国藩' });
    expect(warnings).toEqual([]);
    expect(m).toMatchObject({ name: '曾国藩', gender: '男', birthDate: '1990-03-07', org: '机关第一党支部', roll: '在册', status: '正常', confirmedOn: '2016-06-01' });
    const row = f.db.sqlite.prepare('SELECT name_pinyin, name_initials FROM members').get();
    expect(row).toEqual({ name_pinyin: 'zeng guo fan', name_initials: 'zgf' });
    const { history } = await f.call('members.get', { id: m.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', actor: '经办人' });
  });

  it('refuses a duplicate ID number and writes nothing', async () => {
    await save();
    await expect(save({ name: '李四', idNumber: makeId('19900307', '231').toLowerCase() })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'idNumber',
      message: expect.stringContaining('已登记（张三，机关第一党支部）'),
    });
    expect(count('members')).toBe(1);
    expect(count('audit_log')).toBe(4); // 3 orgs + 1 member
  });

  it('returns warnings with the saved member', async () => {
    const { warnings, member: m } = await save({ gender: '女', birthDate: '1990-04' });
    expect(warnings.map((w) => w.field)).toEqual(['gender', 'birthDate']);
    expect(m.gender).toBe('女');
  });

  it('refuses an unknown organization naming the field', async () => {
    await expect(save({ org: '不存在的支部' })).rejects.toMatchObject({ field: 'org' });
    await expect(f.call('members.save', { member: { ...member(), org: undefined } })).rejects.toMatchObject({ field: 'org' });
  });

  it('members.check reports errors, warnings and what the ID implies', async () => {
    const r = await f.call('members.check', { member: member({ gender: '女', name: '' }) });
    expect(r.errors.map((e) => e.field)).toEqual(['name']);
    expect(r.warnings.map((e) => e.field)).toEqual(['gender']);
    expect(r.derived).toEqual({ gender: '男', birthDate: '1990-03-07', idNumber: makeId('19900307', '231') });
  });

  it('updates only the given keys and records old → new', async () => {
    const { member: m } = await save();
    const { member: u } = await f.call('members.save', { id: m.id, member: { name: '张三', idNumber: m.idNumber, phone: '13800138000', org: '机关第二党支部' } });
    expect(u).toMatchObject({ phone: '13800138000', org: '机关第二党支部', education: '大学本科' });
    const { history } = await f.call('members.get', { id: m.id });
    expect(history[0]).toMatchObject({ action: 'update', before: { phone: null, org: '机关第一党支部' }, after: { phone: '13800138000', org: '机关第二党支部' } });
    // saving with the same ID number is not a duplicate of itself
    await expect(f.call('members.save', { id: m.id, member: { name: '张三', idNumber: m.idNumber } })).resolves.toBeTruthy();
  });

  it('roll events: 转出 takes off the roll with date and destination, 转入 puts back', async () => {
    const { member: m } = await save();
    await expect(f.call('members.recordEvent', { member: m.id, type: '转出', date: '2024-12-01' })).rejects.toMatchObject({ field: 'detail' });
    const out = await f.call('members.recordEvent', { member: m.id, type: '转出', date: '2024-12-01', detail: '中共某县委组织部' });
    expect(out.member).toMatchObject({ roll: '转出', leftOn: '2024-12-01' });
    expect((await f.call('members.list', {})).total).toBe(0);
    expect((await f.call('members.list', { roll: 'all' })).total).toBe(1);
    expect((await f.call('members.list', { roll: '转出' })).total).toBe(1);
    await expect(f.call('members.recordEvent', { member: m.id, type: '死亡', date: '2024-12-02' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const back = await f.call('members.recordEvent', { member: m.id, type: '转入', date: '2025-01-02', toOrg: b2 });
    expect(back.member).toMatchObject({ roll: '在册', leftOn: '', org: '机关第二党支部' });
    const { events, history } = await f.call('members.get', { id: m.id });
    expect(events.map((e) => [e.type, e.date, e.detail, e.fromOrg, e.toOrg])).toEqual([
      ['转出', '2024-12-01', '中共某县委组织部', '机关第一党支部', null],
      ['转入', '2025-01-02', '', '机关第一党支部', '机关第二党支部'],
    ]);
    expect(history.map((h) => h.action)).toEqual(['event:转入', 'event:转出', 'create']);
  });

  it('status events and flags; a future date is refused', async () => {
    const { member: m } = await save();
    await expect(f.call('members.recordEvent', { member: m.id, type: '恢复党籍', date: '2024-01-01' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await f.call('members.recordEvent', { member: m.id, type: '停止党籍', date: '2024-01-01' })).member.status).toBe('停止党籍');
    expect((await f.call('members.list', { status: '停止党籍' })).total).toBe(1);
    expect((await f.call('members.recordEvent', { member: m.id, type: '恢复党籍', date: '2024-06-01' })).member.status).toBe('正常');
    expect((await f.call('members.recordEvent', { member: m.id, type: '失联', date: '2024-06' })).member).toMatchObject({ isLost: true, lostOn: '2024-06' });
    expect((await f.call('members.recordEvent', { member: m.id, type: '流动', date: '2024-07', detail: '广东省深圳市' })).member).toMatchObject({ isMobile: true, outflow: '广东省深圳市' });
    await expect(f.call('members.recordEvent', { member: m.id, type: '死亡', date: '2025-02-01' })).rejects.toMatchObject({ field: 'date' });
    await expect(f.call('members.recordEvent', { member: m.id, type: '离开', date: '2024-02-01' })).rejects.toMatchObject({ field: 'type' });
  });

  it('moves members in bulk in one transaction, audited; an unknown id moves nobody', async () => {
    const a = (await save()).member;
    const b = (await save({ name: '李四', idNumber: makeId('19850101', '112') })).member;
    await expect(f.call('members.move', { ids: [a.id, 999], orgId: b2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await f.call('members.list', { orgId: b2 })).total).toBe(0);
    expect(await f.call('members.move', { ids: [a.id, b.id], orgId: b2 })).toEqual({ moved: 2 });
    expect((await f.call('members.list', { orgId: b2 })).rows.map((r) => r.name)).toEqual(['李四', '张三']);
    const { history } = await f.call('members.get', { id: a.id });
    expect(history[0]).toMatchObject({ action: 'move', before: { org: '机关第一党支部' }, after: { org: '机关第二党支部' } });
  });
});

describe('member list', () => {
  beforeEach(async () => {
    const rows: Partial<MemberInput>[] = [
      { name: '张三', idNumber: makeId('19900307', '231'), org: '机关第一党支部' },
      { name: '曾国藩', idNumber: makeId('19550101', '111'), org: '机关第一党支部', education: '研究生', joinedOn: '1980-01-01', confirmedOn: '1981-01-01' },
      { name: '单田芳', idNumber: makeId('19600202', '222'), org: '机关第二党支部', ethnicity: '回族' },
      { name: '解缙', idNumber: makeId('20000505', '333'), org: '机关第二党支部', category: '预备党员', joinedOn: '2024-06-01', confirmedOn: null },
      { name: '仇英', idNumber: makeId('19700707', '444'), org: '机关第二党支部', joinedOn: '1995-01', confirmedOn: '1996-01' },
      { name: '阿卜杜·热合曼', idNumber: makeId('19800808', '555'), org: '机关第一党支部', ethnicity: '维吾尔' },
    ];
    for (const r of rows) await save(r);
  });
  const names = async (input: Record<string, unknown>) => (await f.call('members.list', input as never)).rows.map((r) => r.name);

  it('orders names in pinyin order by default and pages in SQL with a total', async () => {
    expect(await names({})).toEqual(['阿卜杜·热合曼', '仇英', '单田芳', '解缙', '曾国藩', '张三']);
    const page = await f.call('members.list', { limit: 2, offset: 2 });
    expect(page.rows.map((r) => r.name)).toEqual(['单田芳', '解缙']);
    expect(page.total).toBe(6);
    expect(await names({ sortBy: 'birthDate', sortOrder: 'desc', limit: 2 })).toEqual(['解缙', '张三']);
  });

  it('searches by pinyin initials with polyphonic surnames, by name and by ID fragment', async () => {
    expect(await names({ search: 'zs' })).toEqual(['张三']);
    expect(await names({ search: 'ZGF' })).toEqual(['曾国藩']);
    expect(await names({ search: 'stf' })).toEqual(['单田芳']);
    expect(await names({ search: 'xj' })).toEqual(['解缙']);
    expect(await names({ search: 'qy' })).toEqual(['仇英']);
    expect(await names({ search: 'zeng' })).toEqual(['曾国藩']);
    expect(await names({ search: '国' })).toEqual(['曾国藩']);
    expect(await names({ search: '19600202' })).toEqual(['单田芳']);
    expect(await names({ search: makeId('20000505', '333').toLowerCase() })).toEqual(['解缙']);
    expect(await names({ search: '100%' })).toEqual([]);
  });

  it('filters by organization subtree, enumerations and bands', async () => {
    expect(await names({ org: '机关党委' })).toHaveLength(6);
    expect(await names({ org: '机关第二党支部' })).toEqual(['仇英', '单田芳', '解缙']);
    expect(await names({ orgId: rootId, includeSubOrgs: false })).toEqual([]);
    expect(await names({ category: '预备党员' })).toEqual(['解缙']);
    expect(await names({ ethnicity: '维吾尔族' })).toEqual(['阿卜杜·热合曼']);
    expect(await names({ education: '研究生' })).toEqual(['曾国藩']);
    expect(await names({ gender: '女' })).toEqual(['仇英', '单田芳']);
    // today 2025-01-10: 解缙 24, 张三 34, 阿卜杜 44, 仇英 55, 单田芳 64, 曾国藩 70
    expect(await names({ ageBand: '30岁及以下' })).toEqual(['解缙']);
    expect(await names({ ageBand: '31-35岁' })).toEqual(['张三']);
    expect(await names({ ageBand: '61岁及以上' })).toEqual(['单田芳', '曾国藩']);
    // 党龄 from 转正: 2016-06 → 8 years; 仇英 1996-01 → 29; 曾国藩 1981 → 44; 预备党员 none
    expect(await names({ partyAgeBand: '20-29年' })).toEqual(['仇英']);
    expect(await names({ partyAgeBand: '40-49年' })).toEqual(['曾国藩']);
    expect(await names({ partyAgeBand: '不满5年' })).toEqual([]);
    await expect(names({ ageBand: '老年' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(names({ roll: '离开' })).rejects.toMatchObject({ field: 'roll' });
    await expect(names({ gender: '未知' })).rejects.toMatchObject({ field: 'gender', message: '筛选条件中的性别“未知”不正确' });
  });

  it('an ID-fragment search pages and counts from one scan, in the chosen order', async () => {
    expect((await f.call('members.list', { search: '110101' })).total).toBe(6);
    const page = await f.call('members.list', { search: '110101', limit: 2, offset: 1 });
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => r.name)).toEqual(['仇英', '单田芳']);
    expect(await names({ search: '110101', sortBy: 'org', limit: 3 })).toEqual(['阿卜杜·热合曼', '曾国藩', '张三']);
    expect(await names({ search: '110101', sortBy: 'birthDate', sortOrder: 'desc', limit: 1 })).toEqual(['解缙']);
    expect(await f.call('members.list', { search: '999999', limit: 5 })).toEqual({ rows: [], total: 0 });
  });

  it('limit null returns everything', async () => {
    const all = await f.call('members.list', { limit: null });
    expect(all.rows).toHaveLength(6);
    expect(all.total).toBe(6);
  });
});
