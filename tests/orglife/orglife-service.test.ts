import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unlabelledFields } from '../../src-main/contract/labels.ts';
import { isAppError } from '../../src-main/domain/errors.ts';
import { orglifeOps } from '../../src-main/modules/orglife/contract.ts';
import { exports as orglifeExports } from '../../src-main/modules/orglife/exports.ts';
import { insertOrg, makeFixture, type Fixture } from './orglife-fixture.ts';

// Organizational life on a real SQLite file: who should attend on the day, refusals that leave nothing
// written, joint activities, excused and suspended members, 中心组 lists, the compliance board, training
// hours, attachments, reminders (docs/domain/org-life.md).

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture('2026-06-15');
});
afterEach(async () => {
  await f.close();
});

const TABLES = ['orglife_activities', 'orglife_activity_orgs', 'orglife_attendance', 'orglife_activity_tags', 'orglife_tags', 'orglife_attachments', 'audit_log'];
const rowCounts = () => Object.fromEntries(TABLES.map((t) => [t, (f.db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));

async function refused(p: Promise<unknown>): Promise<{ message: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { message: e.message, field: e.field };
    throw e;
  }
  throw new Error('not refused');
}

/** a branch with a 3-member committee (one of them in its 党小组) and two ordinary members */
function branchA() {
  const secretary = f.member({ name: '张书记', org: f.branchA, post: '书记' });
  const organizer = f.member({ name: '李委员', org: f.branchA, post: '组织委员' });
  const publicity = f.member({ name: '王委员', org: f.group, post: '宣传委员、党小组长' });
  const m1 = f.member({ name: '赵党员', org: f.group });
  const m2 = f.member({ name: '钱党员', org: f.branchA });
  return { secretary, organizer, publicity, m1, m2 };
}

describe('who should attend on the day', () => {
  it('应到 at the meeting date excludes members who left before and includes those who joined after the previous meeting; later transfers never rewrite it', async () => {
    const { m1 } = branchA();
    const leaver = f.member({ name: '孙转出', org: f.branchA });
    f.event(leaver.id, '转出', '2026-02-10', f.branchA);
    // transferred in from a branch of another committee (not this committee's roll before that day)
    const elsewhere = insertOrg(f.db, '中共某某县委员会某某党支部', null, '党支部');
    const arrival = f.member({ name: '周转入', org: elsewhere, joinedOn: '2010-07-01' });
    f.event(arrival.id, '转入', '2026-02-20', elsewhere, f.branchA);
    const admitted = f.member({ name: '吴预备', org: f.branchA, category: '预备党员', joinedOn: '2026-02-15' });

    const first = await f.call('activity.add', { org: '机关第一党支部', type: '支部党员大会', date: '2026-02-01', topic: '一月' });
    expect(first).toMatchObject({ expected: 6, present: 6 });
    const firstRoll = (await f.call('activity.get', { id: first.id })).attendance.map((a) => a.name);
    expect(firstRoll).toContain('孙转出');
    expect(firstRoll).not.toContain('周转入');
    expect(firstRoll).not.toContain('吴预备');

    const second = await f.call('activity.add', { org: '机关第一党支部', type: '党员大会', date: '2026-03-02', topic: '二月', absent: [{ idNumber: m1.idNumber, kind: '病假', reason: null }] });
    expect(second).toMatchObject({ expected: 7, present: 6, onLeave: 1, absent: 0 });
    const got = await f.call('activity.get', { id: second.id });
    expect(got.attendance.map((a) => a.name)).toEqual(expect.arrayContaining(['周转入', '吴预备']));
    expect(got.attendance.map((a) => a.name)).not.toContain('孙转出');
    // 预备党员 has no vote
    expect(got).toMatchObject({ votingExpected: 6, votingPresent: 5 });
    expect(got.attendance.find((a) => a.name === '吴预备')!.voting).toBe(false);

    // the leaver is not on the roll on 03-02: refused, naming the field, nothing written
    const before = rowCounts();
    const r = await refused(f.call('activity.add', { org: '机关第一党支部', type: '支部党员大会', date: '2026-03-20', absent: [{ idNumber: leaver.idNumber, kind: '请假', reason: '事假' }] }));
    expect(r.message).toContain('「缺席人员」第1项「公民身份号码」：孙转出在 2026-03-20 不在中共某某局机关第一党支部的党员名册中');
    expect(r.field).toBe('absent');
    expect(rowCounts()).toEqual(before);

    // a later transfer does not rewrite the stored history
    f.event(m1.id, '调整', '2026-04-01', f.group, f.branchB);
    expect(await f.call('activity.get', { id: second.id })).toMatchObject({ expected: 7, present: 6, onLeave: 1 });
    await f.call('activity.edit', { id: second.id, topic: '二月（补记）' });
    expect(await f.call('activity.get', { id: second.id })).toMatchObject({ expected: 7, present: 6, onLeave: 1, topic: '二月（补记）' });
    // an excuse entered later, reaching back: the stored headcount stays — restating the same organization,
    // type and date is no change either — until the clerk restates the absentees
    const { m2 } = { m2: (await f.call('activity.roster', { org: '机关第一党支部', type: '党员大会', date: '2026-03-02' })).members.find((m) => m.name === '钱党员')! };
    await f.call('activity.excuse', { member: m2.idNumber, reason: '长期患病或年老体弱卧床', from: '2026-01-01' });
    await f.call('activity.edit', { id: second.id, org: '机关第一党支部', type: '支部党员大会', date: '2026-03-02' });
    expect(await f.call('activity.get', { id: second.id })).toMatchObject({ expected: 7, present: 6, onLeave: 1, excused: 0 });
    await f.call('activity.edit', { id: second.id, absent: [{ idNumber: m1.idNumber, kind: '病假', reason: null }] });
    expect(await f.call('activity.get', { id: second.id })).toMatchObject({ expected: 6, present: 5, onLeave: 1, excused: 1 });
    // … a new meeting after it no longer expects the moved member in branch A, but branch B does
    expect((await f.call('activity.roster', { org: '机关第一党支部', type: '党员大会', date: '2026-04-02' })).members.map((m) => m.name)).not.toContain('赵党员');
    expect((await f.call('activity.roster', { org: '机关第二党支部', type: '党员大会', date: '2026-04-02' })).members.map((m) => m.name)).toEqual(['赵党员']);
  });

  it('a 支委会 expects the committee (from 党内职务, in the branch and its groups) and is flagged 不足法定人数 without a majority', async () => {
    const { secretary, organizer, publicity, m1 } = branchA();
    const roster = await f.call('activity.roster', { org: '机关第一党支部', type: '支委会', date: '2026-03-05' });
    expect(roster.members.map((m) => m.name).sort()).toEqual(['张书记', '李委员', '王委员'].sort());

    const ok = await f.call('activity.add', { org: '机关第一党支部', type: '支委会', date: '2026-03-05', absent: [{ idNumber: publicity.idNumber, kind: '因公', reason: '出差' }] });
    expect(ok).toMatchObject({ expected: 3, present: 2, onLeave: 1, quorumMet: true, warnings: [] });
    const short = await f.call('activity.add', { org: '机关第一党支部', type: '支委会', date: '2026-04-05', absent: [{ idNumber: organizer.idNumber, kind: '请假', reason: null }, { idNumber: publicity.idNumber, kind: '缺席', reason: null }] });
    expect(short).toMatchObject({ expected: 3, present: 1, quorumMet: false });
    expect(short.warnings[0]).toContain('不足法定人数');
    // an ordinary member is not among those expected at a committee meeting
    const r = await refused(f.call('activity.add', { org: '机关第一党支部', type: '支委会', date: '2026-05-05', absent: [{ idNumber: m1.idNumber, kind: '请假', reason: null }] }));
    expect(r.message).toContain('不是 2026-05-05 在册的中共某某局机关第一党支部支部委员');
    // the flagged meeting does not count as held
    const c = await f.call('activity.compliance', { org: '机关第一党支部', period: '2026-H1', type: '支委会' });
    expect(c).toEqual([expect.objectContaining({ type: '支部委员会', required: 5, held: 1, missing: ['2026-01', '2026-02', '2026-04', '2026-05'], notYetDue: ['2026-06'], rate: 0.2 })]);
    void secretary;
  });

  it('excused members and members whose membership is stopped are left out of 应到 and cannot be marked absent', async () => {
    const { m1, m2 } = branchA();
    await f.call('activity.excuse', { member: m1.idNumber, reason: '出国（境）半年以上', from: '2026-01-01', until: '2026-12-31' });
    f.event(m2.id, '停止党籍', '2026-02-01');
    const r = await f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-03-10' });
    expect(r).toMatchObject({ expected: 3, present: 3, excused: 2 });
    const marks = (await f.call('activity.get', { id: r.id })).attendance.filter((a) => a.status === '免计').map((a) => [a.name, a.reason]);
    expect(marks.sort()).toEqual([['赵党员', '出国（境）半年以上'], ['钱党员', '停止党籍']].sort());
    const e = await refused(f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-03-11', absent: [{ idNumber: m1.idNumber, kind: '请假', reason: null }] }));
    expect(e.message).toContain('赵党员已免计应到（出国（境）半年以上）');
    // before the excuse began the member was expected
    expect((await f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2025-12-10' })).expected).toBe(5);
    expect((await f.call('activity.excused', { org: '机关党委', date: '2026-03-01' })).map((x) => x.name)).toEqual(['赵党员']);
  });

  it('a 中心组 study expects the dated 中心组 list of the committee', async () => {
    const a = f.member({ name: '甲', org: f.branchA });
    const b = f.member({ name: '乙', org: f.branchB });
    const c = f.member({ name: '丙', org: f.branchB });
    await f.call('activity.savePanelMember', { org: '机关党委', kind: '中心组', member: a.idNumber, role: '组长', from: '2025-01-01' });
    await f.call('activity.savePanelMember', { org: '机关党委', kind: '中心组', member: b.idNumber, from: '2025-01-01', until: '2026-03-31' });
    await f.call('activity.savePanelMember', { org: '机关党委', kind: '中心组', member: c.idNumber, from: '2026-04-01' });
    const overlap = await refused(f.call('activity.savePanelMember', { org: '机关党委', kind: '中心组', member: a.idNumber, from: '2026-01-01' }));
    expect(overlap.message).toContain('已在');
    const march = await f.call('activity.add', { org: '机关党委', type: '中心组学习', date: '2026-03-20', firstTopic: '学习重要讲话精神', hours: 4 });
    const may = await f.call('activity.add', { org: '机关党委', type: '理论学习中心组学习', date: '2026-05-20', absent: [{ idNumber: c.idNumber, kind: '因公', reason: '开会' }] });
    expect(march).toMatchObject({ expected: 2, present: 2 });
    expect(may).toMatchObject({ expected: 2, present: 1, onLeave: 1 });
    expect((await f.call('activity.panel', { org: '机关党委', kind: '中心组', date: '2026-05-01' })).map((p) => p.name).sort()).toEqual(['丙', '甲'].sort());
    // branches cannot hold it; a 党委 cannot hold a 党小组会
    expect((await refused(f.call('activity.add', { org: '机关第一党支部', type: '中心组学习', date: '2026-03-20' }))).field).toBe('type');
    const g = await refused(f.call('activity.add', { org: '机关党委', type: '党小组会', date: '2026-03-20' }));
    expect(g.message).toBe('「活动类型」党小组会不能由党委开展（中共某某局机关委员会）；可开展的组织：党小组、党支部、联合党支部');
  });
});

describe('bad input is refused with a Chinese sentence naming the field; nothing is half-written', () => {
  it('a date in the future, an unknown type, a vote with more votes than present or without a quorum', async () => {
    const { m1, m2 } = branchA();
    const before = rowCounts();
    expect(await refused(f.call('activity.add', { org: '机关第一党支部', type: '党课', date: '2026-06-16' }))).toEqual({ field: 'date', message: '「会议日期」2026-06-16 晚于今天（2026-06-15）：只能登记已经召开的会议' });
    expect((await refused(f.call('activity.add', { org: '机关第一党支部', type: '党课', date: '2026-02-30' }))).message).toContain('不是有效日期');
    expect((await refused(f.call('activity.add', { org: '机关第一党支部', type: '茶话会', date: '2026-06-01' }))).message).toContain('「活动类型」不认识：茶话会');
    const many = await refused(f.call('activity.add', { org: '机关第一党支部', type: '党员大会', date: '2026-06-01', absent: [{ idNumber: m1.idNumber, kind: '请假', reason: null }], votes: { for: 4, against: 1, abstain: 0 } }));
    expect(many).toMatchObject({ field: 'votes', message: '「表决情况」的票数合计 5 超过了到会有表决权的人数 4' });
    const noQuorum = await refused(f.call('activity.add', {
      org: '机关第一党支部', type: '党员大会', date: '2026-06-01', votes: { for: 2, against: 0, abstain: 0 },
      absent: [{ idNumber: m1.idNumber, kind: '请假', reason: null }, { idNumber: m2.idNumber, kind: '缺席', reason: null }, { idNumber: (await f.call('activity.roster', { org: '机关第一党支部', type: '党员大会', date: '2026-06-01' })).members.find((m) => m.name === '李委员')!.idNumber, kind: '缺席', reason: null }],
    }));
    expect(noQuorum.message).toContain('到会有表决权人数未过半，不能表决');
    expect((await refused(f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-06-01', votes: { for: 1, against: 0, abstain: 0 } }))).message).toContain('主题党日不进行表决');
    expect((await refused(f.call('activity.add', { type: '主题党日', date: '2026-06-01' }))).message).toContain('缺少「党组织」');
    expect((await refused(f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-06-01', start: '10:00', end: '09:00' }))).field).toBe('end');
    // schema-level: labels in the message
    expect((await refused(f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026/06/01' }))).message).toContain('「会议日期」');
    expect((await refused(f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-06-01', absent: [{ idNumber: m1.idNumber, kind: '旷会' as never }] }))).message).toContain('「缺席人员」第1项「缺席类别」');
    expect(rowCounts()).toEqual(before);
  });

  it('every field of every operation and export input carries a Chinese label', () => {
    for (const [name, def] of Object.entries(orglifeOps)) expect(unlabelledFields(def.input), name).toEqual([]);
    for (const d of orglifeExports) expect(unlabelledFields(d.input), d.name).toEqual([]);
  });
});

describe('joint activities, editing, deleting, listing', () => {
  it('a theme party day held by two branches is one record that counts for each', async () => {
    branchA();
    f.member({ name: '郑二支', org: f.branchB });
    f.member({ name: '冯二支', org: f.branchB });
    const r = await f.call('activity.add', { orgs: ['机关第一党支部', '机关第二党支部'], type: '主题党日', date: '2026-05-20', topic: '联合主题党日', tags: ['主题教育'] });
    expect(r).toMatchObject({ expected: 7, present: 7, perOrg: [{ org: '中共某某局机关第一党支部', expected: 5 }, { org: '中共某某局机关第二党支部', expected: 2 }] });
    const list = await f.call('activity.list', { org: '机关党委', period: '2026-05' });
    expect(list.total).toBe(1);
    expect(list.rows[0].orgs.map((o) => o.name)).toEqual(['中共某某局机关第一党支部', '中共某某局机关第二党支部']);
    for (const org of ['机关第一党支部', '机关第二党支部']) {
      const [c] = await f.call('activity.compliance', { org, withSubOrgs: false, period: '2026-05', type: '主题党日' });
      expect(c).toMatchObject({ required: 1, held: 1, rate: 1 });
    }
  });

  it('edit recomputes the headcount only when the date, organization, type or absentees change; delete is audited', async () => {
    const { m1, m2 } = branchA();
    const r = await f.call('activity.add', { org: '机关第一党支部', type: '党课', date: '2026-03-05', topic: '党课', lecturer: { name: '张书记', kind: '书记' }, absent: [{ idNumber: m1.idNumber, kind: '请假', reason: '事假' }] });
    expect(r).toMatchObject({ expected: 5, present: 4 });
    const e = await f.call('activity.edit', { id: r.id, absent: [{ idNumber: m1.idNumber, kind: '请假', reason: '事假' }, { idNumber: m2.idNumber, kind: '缺席', reason: null }] });
    expect(e).toMatchObject({ expected: 5, present: 3, onLeave: 1, absent: 1 });
    // moving it to a branch it cannot be checked against: the kept absentees are no longer on that roll
    const moved = await refused(f.call('activity.edit', { id: r.id, org: '机关第二党支部' }));
    expect(moved.message).toContain('不在中共某某局机关第二党支部的党员名册中');
    const h = (await f.call('activity.get', { id: r.id })).history;
    expect(h.map((x) => x.action)).toEqual(['修改', '登记']);
    expect(h[0].before).toMatchObject({ absent: 0, present: 4 });
    expect(h[0].after).toMatchObject({ absent: 1, present: 3 });
    await f.call('activity.delete', { id: r.id });
    expect(f.db.sqlite.prepare('SELECT COUNT(*) AS n FROM orglife_attendance').get()).toEqual({ n: 0 });
    const del = f.db.sqlite.prepare(`SELECT action, before FROM audit_log WHERE entity = 'orglife_activity' ORDER BY id DESC LIMIT 1`).get() as { action: string; before: string };
    expect(del.action).toBe('删除');
    expect(JSON.parse(del.before)).toMatchObject({ type: '党课', topic: '党课', absentees: expect.stringContaining('钱党员（缺席）') });
    expect((await refused(f.call('activity.get', { id: r.id }))).message).toContain('找不到该活动记录');
  });

  it('lists newest first, paged, by type, tag and text; copy-last finds the last of the same type', async () => {
    branchA();
    for (let m = 1; m <= 5; m++) {
      await f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: `2026-0${m}-10`, topic: `第${m}次主题党日`, tags: m % 2 ? ['二十大精神'] : ['主题教育'] });
      await f.call('activity.add', { org: '机关第一党支部', type: '支委会', date: `2026-0${m}-05`, topic: `第${m}次支委会`, chair: '张书记', recorder: '李委员' });
    }
    const p1 = await f.call('activity.list', { org: '机关党委', period: '2026-H1', limit: 4 });
    expect(p1.total).toBe(10);
    expect(p1.rows.map((r) => r.date)).toEqual(['2026-05-10', '2026-05-05', '2026-04-10', '2026-04-05']);
    const p3 = await f.call('activity.list', { org: '机关党委', period: '2026-H1', limit: 4, offset: 8 });
    expect(p3.rows.map((r) => r.date)).toEqual(['2026-01-10', '2026-01-05']);
    expect((await f.call('activity.list', { org: '机关第一党支部', type: '支委会' })).total).toBe(5);
    expect((await f.call('activity.list', { org: '机关第一党支部', tag: '二十大精神' })).rows.map((r) => r.topic)).toEqual(['第5次主题党日', '第3次主题党日', '第1次主题党日']);
    expect((await f.call('activity.list', { search: '第4次' })).total).toBe(2);
    expect((await f.call('activity.list', { org: '机关第二党支部' })).total).toBe(0);
    expect(await f.call('activity.tags', {})).toEqual([{ name: '二十大精神', count: 3 }, { name: '主题教育', count: 2 }]);
    const last = await f.call('activity.last', { org: '机关第一党支部', type: '支委会' });
    expect(last).toMatchObject({ topic: '第5次支委会', chair: '张书记', recorder: '李委员' });
    expect(await f.call('activity.last', { org: '机关第二党支部', type: '支委会' })).toBeNull();
  });
});

describe('compliance board and reminders', () => {
  it('lists lagging organizations first with attendance rates; frequencies are data', async () => {
    branchA();
    f.member({ name: '郑二支', org: f.branchB });
    for (const m of ['01', '02', '03', '04', '05']) await f.call('activity.add', { org: '机关第二党支部', type: '主题党日', date: `2026-${m}-08` });
    await f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-01-08', absent: [{ idNumber: (await f.call('activity.roster', { org: '机关第一党支部', type: '主题党日', date: '2026-01-08' })).members[0].idNumber, kind: '缺席', reason: null }] });
    const b = await f.call('activity.board', { org: '机关党委', period: '2026-H1' });
    expect(b.months).toHaveLength(6);
    expect(b.rows[0].org).toBe('第一党支部第一党小组'); // 党小组会 never held: rate 0
    const a = b.rows.find((r) => r.org === '中共某某局机关第一党支部')!;
    const two = b.rows.find((r) => r.org === '中共某某局机关第二党支部')!;
    expect(b.rows.indexOf(a)).toBeLessThan(b.rows.indexOf(two));
    expect(a.attendanceRate).toBe(0.8);
    expect(two.attendanceRate).toBe(1);
    expect(a.cells['2026-01'].find((c) => c.type === '主题党日')).toMatchObject({ state: 'held', unit: '2026-01' });
    expect(a.cells['2026-03'].find((c) => c.type === '支部党员大会')).toMatchObject({ state: 'missing', unit: '2026-Q1' });
    expect(a.cells['2026-06'].find((c) => c.type === '组织生活会')).toMatchObject({ state: 'notYetDue', unit: '2026' });

    // the 中心组 requirement is off until the clerk sets its level
    expect((await f.call('activity.compliance', { org: '机关党委', withSubOrgs: false, period: '2026-H1' })).length).toBe(0);
    await f.call('activity.saveFrequency', { type: '中心组', unit: 'quarter' });
    expect(await f.call('activity.compliance', { org: '机关党委', withSubOrgs: false, period: '2026-H1' })).toEqual([
      expect.objectContaining({ org: '中共某某局机关委员会', type: '理论学习中心组学习', required: 1, held: 0, missing: ['2026-Q1'], notYetDue: ['2026-Q2'] }),
    ]);
  });

  it('puts this month’s missing meetings and last month’s misses on the home page', async () => {
    branchA();
    await f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-06-02' });
    const list = await f.call('reminders.list', { org: '机关第一党支部', asOf: '2026-06-15' });
    const mine = list.filter((r) => r.module === 'orglife' && r.org === '中共某某局机关第一党支部');
    expect(mine.find((r) => r.message.includes('本月') && r.message.includes('支部委员会'))).toMatchObject({ level: 'info', due: '2026-06-30' });
    expect(mine.find((r) => r.message.includes('本月') && r.message.includes('主题党日'))).toBeUndefined();
    expect(mine.find((r) => r.message.includes('2026年5月未开展主题党日'))).toMatchObject({ level: 'error' });
    // 组织生活会 is reminded from October only (and last year's miss in January only)
    expect(mine.some((r) => r.message.includes('组织生活会'))).toBe(false);
    const jan = await f.call('reminders.list', { org: '机关第一党支部', asOf: '2026-01-20' });
    expect(jan.find((r) => r.message.includes('2025年度未开展组织生活会'))).toMatchObject({ level: 'error' });
    expect(jan.find((r) => r.message.includes('2025年12月未开展主题党日'))).toMatchObject({ level: 'error' });
    const oct = await f.call('reminders.list', { org: '机关第一党支部', asOf: '2026-10-15' });
    expect(oct.some((r) => r.message.includes('本年度') && r.message.includes('组织生活会'))).toBe(true);
  });
});

describe('attachments and training', () => {
  it('keeps attachments inside the database, bounded in size', async () => {
    branchA();
    const scan = new Uint8Array(5000).map((_, i) => i % 251);
    const r = await f.call('activity.add', { org: '机关第一党支部', type: '主题党日', date: '2026-05-08', attachments: [{ fileName: 'C:\\扫描\\签到表.jpg', bytes: scan }] });
    const a = await f.call('activity.get', { id: r.id });
    expect(a.attachmentList).toEqual([expect.objectContaining({ fileName: '签到表.jpg', mime: 'image/jpeg', size: 5000 })]);
    const back = await f.call('activity.attachment', { id: a.attachmentList[0].id });
    expect(Buffer.from(back.bytes).equals(Buffer.from(scan))).toBe(true);
    const big = await refused(f.call('activity.attach', { activityId: r.id, fileName: '照片.png', bytes: new Uint8Array(10 * 1024 * 1024 + 1) }));
    expect(big.message).toContain('超过单个附件 10.0 MB 的上限');
    await f.call('activity.detach', { id: a.attachmentList[0].id });
    expect((await f.call('activity.get', { id: r.id })).attachmentList).toEqual([]);
  });

  it('counts class hours and study hours of activities attended against 32 / 56', async () => {
    const { secretary, m1, m2 } = branchA();
    const t = await f.call('training.add', { title: '党校示范培训班', kind: '党校示范培训班', level: '市', org: '机关党委', start: '2026-04-01', end: '2026-04-05', hours: 24, participants: [secretary.idNumber, m1.idNumber, m1.idNumber] });
    expect(t.personTimes).toBe(2);
    await f.call('activity.add', { org: '机关第一党支部', type: '党课', date: '2026-05-10', hours: 8.5, absent: [{ idNumber: m2.idNumber, kind: '请假', reason: null }] });
    const hours = await f.call('training.hours', { org: '机关党委', year: 2026 });
    const of = (name: string) => hours.find((h) => h.name === name)!;
    expect(of('赵党员')).toMatchObject({ trainingHours: 24, activityHours: 8.5, hours: 32.5, target: 32, met: true });
    expect(of('张书记')).toMatchObject({ hours: 32.5, target: 56, met: false });
    expect(of('钱党员')).toMatchObject({ hours: 0, met: false });
    await f.call('training.saveTarget', { key: 'member', hours: 40 });
    expect((await f.call('training.hours', { org: '机关党委', year: 2026 })).find((h) => h.name === '赵党员')).toMatchObject({ target: 40, met: false });
    const other = f.member({ name: '外单位', org: f.branchB });
    f.event(other.id, '转出', '2026-01-01', f.branchB);
    const bad = await refused(f.call('training.add', { title: 'x', kind: '专题讲座', level: '省', org: '机关党委', start: '2026-04-01', end: '2026-04-01', hours: 2, participants: [other.idNumber] }));
    expect(bad.message).toContain('「参训人员」第1项：外单位在 2026-04-01 不在中共某某局机关委员会（含下级组织）的党员名册中');
    expect((await refused(f.call('training.add', { title: 'x', kind: '专题讲座', level: '乡', org: '机关党委', start: '2026-04-01', end: '2026-04-01', hours: 2, participants: [] }))).message).toContain('「举办层级」应为');
    await f.call('training.edit', { id: t.id, hours: 16, participants: [secretary.idNumber] });
    expect(await f.call('training.get', { id: t.id })).toMatchObject({ hours: 16, personTimes: 1 });
    expect((await f.call('training.list', { year: 2026 }))[0]).toMatchObject({ personTimes: 1, totalHours: 16 });
    await f.call('training.delete', { id: t.id });
    expect(await f.call('training.list', {})).toEqual([]);
  });
});
