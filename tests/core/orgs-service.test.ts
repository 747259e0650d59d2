import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';

let f: TestDb;
beforeEach(async () => {
  f = await openTestDb();
});
afterEach(async () => f.close());

const add = (org: Record<string, unknown>) => f.call('orgs.save', { org: org as never });

describe('organization tree service', () => {
  it('builds a tree with derived term ends, in tree order', async () => {
    const root = await add({ name: '中共某局机关委员会', type: '党委', shortName: '机关党委', termStart: '2021-06-15' });
    await add({ name: '机关第二党支部', type: '党支部', parentId: root.id, sortOrder: 2, termStart: '2022-03' });
    const b1 = await add({ name: '机关第一党支部', type: '党支部', parent: '机关党委', sortOrder: 1 });
    await add({ name: '第一党小组', type: '党小组', parent: '机关第一党支部' });
    const list = await f.call('orgs.list', {});
    expect(list.map((o) => o.name)).toEqual(['中共某局机关委员会', '机关第一党支部', '第一党小组', '机关第二党支部']);
    expect(list[0]).toMatchObject({ termYears: 5, termEnd: '2026-06-15', termReminder: 'ok', parent: null });
    expect(list[3]).toMatchObject({ termYears: 3, termEnd: '2025-03', termReminder: 'due90' });
    expect(b1.parent).toBe('中共某局机关委员会');
    const settings = await f.call('settings.get', {});
    expect(settings.effectiveReportingUnit).toBe('中共某局机关委员会');
  });

  it('refuses a duplicate full name and a 党小组 outside a 党支部', async () => {
    const root = await add({ name: '中共某局机关委员会', type: '党委' });
    await expect(add({ name: '中共某局机关委员会', type: '党委' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'name' });
    await expect(add({ name: '第一党小组', type: '党小组', parentId: root.id })).rejects.toMatchObject({ field: 'parent' });
    await expect(add({ name: 'x', type: '支部' })).rejects.toMatchObject({ field: 'type' });
  });

  it('limits an approved postponement to one year', async () => {
    await expect(add({ name: 'A', type: '党支部', termStart: '2021-06-15', postponedUntil: '2025-06-16' })).rejects.toMatchObject({
      field: 'postponedUntil',
    });
    const ok = await add({ name: 'A', type: '党支部', termStart: '2021-06-15', postponedUntil: '2025-06-15' });
    expect(ok).toMatchObject({ termEnd: '2024-06-15', termDeadline: '2025-06-15', termReminder: 'due180', termDaysLeft: 156 });
    const overdue = await add({ name: 'B', type: '党支部', termStart: '2021-06-15' });
    expect(overdue.termReminder).toBe('overdue');
  });

  it('resolves by full name, then a unique short name; an ambiguous short name lists the candidates', async () => {
    const a = await add({ name: '甲党总支', type: '党总支' });
    const b = await add({ name: '乙党总支', type: '党总支' });
    await add({ name: '甲第一党支部', type: '党支部', parentId: a.id, shortName: '第一支部' });
    await add({ name: '乙第一党支部', type: '党支部', parentId: b.id, shortName: '第一支部' });
    await expect(add({ name: 'x', type: '党小组', parent: '第一支部' })).rejects.toMatchObject({
      message: expect.stringContaining('甲第一党支部、乙第一党支部'),
    });
  });

  it('refuses to delete an organization with children or members, deletes an empty one', async () => {
    const root = await add({ name: '中共某局机关委员会', type: '党委' });
    const branch = await add({ name: '机关第一党支部', type: '党支部', parentId: root.id });
    await expect(f.call('orgs.delete', { org: root.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('下级组织') });
    await f.call('members.save', {
      member: { name: '张三', idNumber: makeId('19900307', '231'), org: '机关第一党支部', category: '正式党员', joinedOn: '2015-06-01', confirmedOn: '2016-06-01' },
    });
    await expect(f.call('orgs.delete', { org: branch.id })).rejects.toMatchObject({ message: expect.stringContaining('1名党员') });
    const empty = await add({ name: '机关第二党支部', type: '党支部', parentId: root.id });
    await f.call('orgs.delete', { org: empty.id });
    expect((await f.call('orgs.list', {})).map((o) => o.name)).not.toContain('机关第二党支部');
  });

  it('a 党组 holds no members', async () => {
    await add({ name: '中共某局党组', type: '党组' });
    await expect(
      f.call('members.save', {
        member: { name: '张三', idNumber: makeId('19900307', '231'), org: '中共某局党组', category: '正式党员', joinedOn: '2015-06-01', confirmedOn: '2016-06-01' },
      }),
    ).rejects.toMatchObject({ field: 'org', message: expect.stringContaining('党组') });
  });

  it('re-parenting moves the subtree (member filters follow)', async () => {
    const a = await add({ name: '甲党总支', type: '党总支' });
    const b = await add({ name: '乙党总支', type: '党总支' });
    const br = await add({ name: '甲第一党支部', type: '党支部', parentId: a.id });
    await add({ name: '甲第一党小组', type: '党小组', parentId: br.id });
    await f.call('members.save', {
      member: { name: '张三', idNumber: makeId('19900307', '231'), org: '甲第一党小组', category: '正式党员', joinedOn: '2015-06-01', confirmedOn: '2016-06-01' },
    });
    await f.call('orgs.save', { id: br.id, org: { name: '甲第一党支部', type: '党支部', parentId: b.id } });
    expect((await f.call('members.list', { orgId: b.id })).total).toBe(1);
    expect((await f.call('members.list', { orgId: a.id })).total).toBe(0);
    await expect(f.call('orgs.save', { id: b.id, org: { name: '乙党总支', type: '党总支', parentId: br.id } })).rejects.toMatchObject({ field: 'parent' });
    const audit = f.db.sqlite.prepare(`SELECT action FROM audit_log WHERE entity = 'org' AND entity_id = ?`).all(br.id);
    expect(audit).toEqual([{ action: 'create' }, { action: 'update' }]);
  });
});
