import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { addMember, seedBureau, type Bureau } from '../support/seed.ts';

// Deleting a member entered by mistake, or undoing a member's latest event, is refused while another
// module's records rest on it, each named (docs/domain/members.md#undo-and-deletion): organizational life
// (attendance, excusals, training) and the development register (the person admitted as the member, the
// people the member sponsors), besides dues and the screening campaign.

let f: TestDb & Bureau;
beforeEach(async () => {
  const t = await openTestDb({ today: '2026-12-01' });
  f = { ...t, ...seedBureau(t, ['第一支部', '第二支部']) };
});
afterEach(async () => f.close());

const refusal = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('records of other modules that rest on a member', () => {
  it('attendance at a recorded meeting keeps a member from being deleted; without it the member goes', async () => {
    const a = addMember(f, { name: '甲', org: f.branchA, idNumber: makeId('19800101', '011') });
    const b = addMember(f, { name: '乙', org: f.branchB, idNumber: makeId('19810101', '021') });
    await f.call('activity.add', { org: '第一支部', type: '支部党员大会', date: '2026-03-02', topic: '三月' });
    const message = await refusal(f.call('members.delete', { member: a }));
    expect(message).toContain('不能删除甲');
    expect(message).toContain('组织生活：组织生活出勤记录 1 条（2026-03-02 支部党员大会）');
    expect(f.count('orglife_attendance')).toBe(1);
    // searched once (the ID index brought up to date), then deleted: the index forgets the number
    expect((await f.call('members.list', { search: '19810101' })).total).toBe(1);
    expect(await f.call('members.delete', { member: b })).toEqual({ deleted: true, name: '乙' });
    expect((await f.call('members.list', { search: '19810101', roll: 'all' })).total).toBe(0);
  });

  it('undoing a 调整 is refused while the member is in the attendance of the new branch since then', async () => {
    const a = addMember(f, { name: '甲', org: f.branchA, idNumber: makeId('19800101', '011') });
    await f.call('members.recordEvent', { member: a, type: '调整', date: '2026-05-01', toOrg: f.branchB });
    const { id } = await f.call('activity.add', { org: '第二支部', type: '支部党员大会', date: '2026-06-01', topic: '六月' });
    const message = await refusal(f.call('members.undoEvent', { member: a }));
    expect(message).toContain('不能撤销甲的“调整”（2026-05-01）');
    expect(message).toContain('组织生活：此后在新组织参加的组织生活 1 次（2026-06-01 支部党员大会）的出勤记录');
    await f.call('activity.delete', { id });
    expect((await f.call('members.undoEvent', { member: a })).undone).toMatchObject({ type: '调整' });
    expect(f.all('SELECT org_id FROM members WHERE id = ?', a)).toEqual([{ org_id: f.branchA }]);
  });

  it('the development record a member was admitted from, and being a sponsor, keep the member', async () => {
    const admitted = addMember(f, { name: '丙', org: f.branchA, category: '预备党员', joinedOn: '2026-06-20', idNumber: makeId('20000101', '031') });
    const sponsor = addMember(f, { name: '丁', org: f.branchA, idNumber: makeId('19700101', '041') });
    f.db.sqlite.prepare(`INSERT INTO dev_people (name, id_number, org_id, stage, applied_on, admitted_on, member_id, sponsors, created_at, updated_at)
      VALUES ('丙', ?, ?, '预备党员', '2024-03-01', '2026-06-20', ?, ?, '2026-06-20', '2026-06-20')`).run(makeId('20000101', '031'), f.branchA, admitted, JSON.stringify([sponsor]));
    expect(await refusal(f.call('members.delete', { member: admitted }))).toContain('发展党员：丙的发展记录（2026-06-20接收为预备党员时登记的党员）');
    expect(await refusal(f.call('members.delete', { member: sponsor }))).toContain('发展党员：丙的入党介绍人');
  });
});
