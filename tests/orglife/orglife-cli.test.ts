import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from './orglife-fixture.ts';

// The CLI contract of organizational life, run in process (runCli with captured streams) and once as a
// spawned process: JSON shapes as documented (docs/domain/org-life.md#cli), exit 0/1/2.

let f: Fixture;
let ids: Record<string, string>;
beforeAll(async () => {
  f = await makeFixture('2026-07-10');
  ids = {
    secretary: f.member({ name: '张书记', org: f.branchA, post: '书记' }).idNumber,
    organizer: f.member({ name: '李委员', org: f.branchA, post: '组织委员' }).idNumber,
    publicity: f.member({ name: '王委员', org: f.branchA, post: '宣传委员' }).idNumber,
    m1: f.member({ name: '赵党员', org: f.branchA }).idNumber,
    m2: f.member({ name: '钱预备', org: f.branchA, category: '预备党员', joinedOn: '2026-01-05' }).idNumber,
    b1: f.member({ name: '郑二支', org: f.branchB }).idNumber,
  };
});
afterAll(async () => {
  await f.close();
});

const json = (s: string) => JSON.parse(s) as unknown;

describe('activity and training commands', () => {
  it('activity add prints {id, expected, present, onLeave, absent}; a joint activity adds perOrg', async () => {
    const add = await f.cli('activity', 'add', '--json', JSON.stringify({
      org: '机关第一党支部', type: '支委会', date: '2026-03-05', topic: '研究三月工作', firstTopic: '学习重要讲话精神', tags: ['二十大精神'],
      lecturer: { name: '某教授', kind: '专家学者' }, absent: [{ idNumber: ids.publicity, kind: '请假', reason: '出差' }], guests: ['入党积极分子甲'], hours: 2,
    }));
    expect(add).toMatchObject({ code: 0, err: '' });
    expect(json(add.out)).toEqual({ id: 1, expected: 3, present: 2, onLeave: 1, absent: 0 });

    const joint = await f.cli('activity', 'add', '--json', JSON.stringify({ orgs: ['机关第一党支部', '机关第二党支部'], type: '主题党日', date: '2026-03-18', topic: '联合主题党日', absent: [{ idNumber: ids.b1, kind: '缺席', reason: '' }] }));
    expect(json(joint.out)).toEqual({
      id: 2, expected: 6, present: 5, onLeave: 0, absent: 1,
      perOrg: [
        { org: '中共某某局机关第一党支部', expected: 5, present: 5, onLeave: 0, absent: 0 },
        { org: '中共某某局机关第二党支部', expected: 1, present: 0, onLeave: 0, absent: 1 },
      ],
    });
    for (const m of ['01', '02', '04', '05', '06']) {
      expect((await f.cli('activity', 'add', '--json', JSON.stringify({ org: '机关第一党支部', type: '支部委员会', date: `2026-${m}-06` }))).code).toBe(0);
    }
    // a quarter's 党员大会 on 03-31 counts for Q1
    expect((await f.cli('activity', 'add', '--json', JSON.stringify({ org: '机关第一党支部', type: '党员大会', date: '2026-03-31', votes: { for: 4, against: 0, abstain: 0 } }))).code).toBe(0);
  });

  it('bad input: exit 1 with a Chinese sentence naming the field; usage errors exit 2', async () => {
    const future = await f.cli('activity', 'add', '--json', JSON.stringify({ org: '机关第一党支部', type: '党课', date: '2026-08-01' }));
    expect(future).toMatchObject({ code: 1, out: '' });
    expect(future.err).toContain('「会议日期」2026-08-01 晚于今天');
    const notOnRoll = await f.cli('activity', 'add', '--json', JSON.stringify({ org: '机关第一党支部', type: '党课', date: '2026-05-01', absent: [{ idNumber: ids.b1, kind: '请假' }] }));
    expect(notOnRoll.code).toBe(1);
    expect(notOnRoll.err).toContain('「缺席人员」第1项「公民身份号码」：郑二支在 2026-05-01 不在中共某某局机关第一党支部的党员名册中');
    const group = await f.cli('activity', 'add', '--json', JSON.stringify({ org: '机关党委', type: '党小组会', date: '2026-05-01' }));
    expect(group.err).toContain('「活动类型」党小组会不能由党委开展');
    const votes = await f.cli('activity', 'add', '--json', JSON.stringify({ org: '机关第一党支部', type: '党员大会', date: '2026-05-01', votes: { for: 5, against: 1, abstain: 0 } }));
    expect(votes.err).toContain('「表决情况」的票数合计 6 超过了到会有表决权的人数 4');
    expect((await f.cli('activity', 'add', '--json', '{oops')).code).toBe(2);
    expect((await f.cli('activity', 'compliance', '--org', '机关党委')).code).toBe(2);
    expect((await f.cli('activity', 'list', '--period', '2026-H1', '--json')).out).toContain('"id":2');
  });

  it('activity list and compliance speak the contract’s JSON; --no-sub-orgs restricts to the organization', async () => {
    const list = json((await f.cli('activity', 'list', '--org', '机关党委', '--period', '2026-H1', '--type', '支委会', '--json')).out) as { id: number; type: string; date: string; orgs: string[]; tags: string[] }[];
    expect(list.map((r) => r.date)).toEqual(['2026-06-06', '2026-05-06', '2026-04-06', '2026-03-05', '2026-02-06', '2026-01-06']);
    expect(list[3]).toMatchObject({ id: 1, type: '支部委员会', orgs: ['中共某某局机关第一党支部'], tags: ['二十大精神'], firstTopic: '学习重要讲话精神', expected: 3, present: 2, onLeave: 1, absent: 0, hours: 2 });
    expect(json((await f.cli('activity', 'list', '--org', '机关党委', '--period', '2026-H1', '--tag', '二十大精神', '--json')).out)).toHaveLength(1);
    expect(json((await f.cli('activity', 'list', '--org', '机关党委', '--no-sub-orgs', '--period', '2026-H1', '--json')).out)).toEqual([]);

    const comp = json((await f.cli('activity', 'compliance', '--org', '机关第一党支部', '--period', '2026-H1', '--json')).out) as Record<string, unknown>[];
    const byType = Object.fromEntries(comp.map((c) => [c.type, c]));
    expect(byType['支部委员会']).toEqual({ org: '中共某某局机关第一党支部', type: '支部委员会', required: 6, held: 6, missing: [], notYetDue: [], rate: 1 });
    expect(byType['支部党员大会']).toEqual({ org: '中共某某局机关第一党支部', type: '支部党员大会', required: 2, held: 1, missing: ['2026-Q2'], notYetDue: [], rate: 0.5 });
    expect(byType['主题党日']).toMatchObject({ required: 6, held: 1, rate: 0.17 });
    expect(byType['组织生活会']).toEqual({ org: '中共某某局机关第一党支部', type: '组织生活会', required: 0, held: 0, missing: [], notYetDue: ['2026'], rate: null });
    const q3 = json((await f.cli('activity', 'compliance', '--org', '机关第一党支部', '--period', '2026-Q3', '--json')).out) as { type: string; notYetDue: string[]; required: number }[];
    expect(q3.find((c) => c.type === '支部委员会')).toMatchObject({ required: 0, notYetDue: ['2026-07', '2026-08', '2026-09'] });
  });

  it('activity edit and delete (audited); training add, hours, edit, delete', async () => {
    const edit = await f.cli('activity', 'edit', '--id', '1', '--json', JSON.stringify({ absent: [] }));
    expect(json(edit.out)).toEqual({ id: 1, expected: 3, present: 3, onLeave: 0, absent: 0 });
    const shown = json((await f.cli('activity', 'show', '--id', '1', '--json')).out) as { history: { action: string }[] };
    expect(shown.history.map((h) => h.action)).toEqual(['修改', '登记']);
    expect((await f.cli('activity', 'delete', '--id', '2')).out).toBe('已删除\n');
    expect((await f.cli('activity', 'delete', '--id', '2')).code).toBe(1);

    const t = await f.cli('training', 'add', '--json', JSON.stringify({ title: '市委党校示范培训班', kind: '党校示范培训班', level: '市', org: '机关党委', start: '2026-04-01', end: '2026-04-05', hours: 32, participants: [ids.m1, ids.secretary] }));
    expect(json(t.out)).toEqual({ id: 1, personTimes: 2 });
    const hours = json((await f.cli('training', 'hours', '--org', '机关第一党支部', '--year', '2026', '--json')).out) as { idNumber: string; name: string; hours: number; target: number; met: boolean }[];
    expect(hours.find((h) => h.idNumber === ids.m1)).toEqual({ idNumber: ids.m1, name: '赵党员', hours: 32, target: 32, met: true });
    expect(hours.find((h) => h.idNumber === ids.secretary)).toEqual({ idNumber: ids.secretary, name: '张书记', hours: 34, target: 56, met: false });
    expect(hours).toHaveLength(5);
    expect(json((await f.cli('training', 'edit', '--id', '1', '--json', JSON.stringify({ participants: [ids.m1] }))).out)).toEqual({ id: 1, personTimes: 1 });
    expect((await f.cli('training', 'add', '--json', JSON.stringify({ title: 'x', kind: '网络培训', level: '市', org: '机关党委', start: '2026-04-01', end: '2026-03-01', hours: 2, participants: [] }))).err).toContain('「结束日期」2026-03-01 早于「开始日期」2026-04-01');
    expect((await f.cli('training', 'delete', '--id', '1')).code).toBe(0);
  });

  it('exports run through the registry', async () => {
    const list = await f.cli('export', '--json');
    const names = (json(list.out) as { name: string }[]).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['activity-register', 'org-life-compliance', 'member-org-life', 'training-stats', 'meeting-record']));
    const out = path.join(f.dir, 'record.xlsx');
    const r = await f.cli('export', 'meeting-record', '--out', out, '--id', '1', '--json');
    expect(r.code).toBe(0);
    expect(json(r.out)).toMatchObject({ out, fileName: expect.stringContaining('会议记录') });
  });
});

describe('spawned CLI smoke test', () => {
  it('runs `activity compliance` as a child process on Node 24', () => {
    const r = spawnSync(path.resolve('node_modules/.bin/node'), [path.resolve('src-main/adapters/cli/main.ts'), '--db', f.file, 'activity', 'compliance', '--org', '机关第一党支部', '--period', '2026-Q1', '--type', '支委会', '--json'], {
      encoding: 'utf8', env: { ...process.env, DANGWU_TODAY: '2026-07-10' },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ org: '中共某某局机关第一党支部', type: '支部委员会', required: 3, held: 3, missing: [], notYetDue: [], rate: 1 }]);
  }, 60_000);
});
