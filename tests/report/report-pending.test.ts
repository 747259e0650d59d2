import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { registry } from '../../src-main/modules/index.ts';
import { orglifeFigureSource, type ComplianceReader } from '../../src-main/modules/report/pending/orglife-figures.ts';
import { statsFigureSource, type MovementReader } from '../../src-main/modules/report/pending/stats-figures.ts';
import { createContext, type ServiceContext } from '../../src-main/services/context.ts';
import { computeCompliance } from '../../src-main/modules/orglife/services/compliance.ts';
import { fixedClock, openTestDb, type TestDb } from '../support/db.ts';
import { addOrg } from '../support/seed.ts';
import { TODAY, seedReport, type ReportFixture } from './fixture.ts';

// The figure sources written for the organizational-life and statistics modules before those were on
// main (src-main/modules/report/pending/): not registered in the app. Here they are put beside the app's
// own sources in a test context — the orglife one over the organizational-life module's own records and its
// own compliance computation, exactly as it is to be wired into that module — to check the rules that
// belong to them: a joint activity counts once for the committee and once for each branch that held it;
// activity counts over a subtree are the branches' sum minus the joint duplicates; a record on the
// period's last day counts; the figures agree with orglife's own tables; the statistics' definitions take
// the place of the core module's provisional ones.

let t: TestDb;
let f: ReportFixture & { branchC: number };
let ctx: ServiceContext;

/** the way the orglife module is to hand its compliance board to its figure source */
const compliance: ComplianceReader = async (db, input) => (await computeCompliance(db, input)).entries;

/** a stand-in for the statistics' movements: one 发展党员 and the 转入 of 吴十 */
const movements: MovementReader = async (_db, { orgIds, from, to }) => {
  const all = [
    { memberId: f.ids['王五'], name: '王五', line: 'A3', date: '2026-01-15', what: '入党', orgId: f.branchA },
    { memberId: f.ids['吴十'], name: '吴十', line: 'A7', date: '2026-06-30', what: '转入', orgId: f.branchB },
  ];
  return all.filter((m) => orgIds.includes(m.orgId) && m.date > from && m.date <= to).map(({ orgId, ...m }) => ({ ...m, org: String(orgId) }));
};

beforeAll(async () => {
  t = await openTestDb({ today: TODAY });
  const base = await seedReport(t);
  f = { ...base, branchC: addOrg(t, '中共某某局机关第三党支部', { parent: base.committee }) };
  // the pending sources beside the app's own, in this test's context only
  // (the statistics' stand-in replaces a registered stats source, if any: its movements are fixed here)
  ctx = createContext(t.db, {
    ...registry,
    figureSources: async () => {
      const app = (await registry.figureSources()).filter((s) => s.module !== 'stats');
      return [
        ...app,
        ...(app.some((s) => s.module === 'orglife') ? [] : [{ module: 'orglife', source: orglifeFigureSource(compliance) }]),
        { module: 'stats', source: statsFigureSource(movements) },
      ];
    },
  }, fixedClock(TODAY));

  const { committee, branchA, branchB, branchC } = f;
  // 第一支部's committee: three members with committee posts (a 支部委员会 needs more than half of them)
  for (const [name, post] of [['张三', '书记'], ['李四', '组织委员'], ['周九', '宣传委员']]) {
    t.db.sqlite.prepare('UPDATE members SET party_post = ? WHERE id = ?').run(post, f.ids[name]);
  }
  const add = (input: Record<string, unknown>) => t.call('activity.add', input as never);
  // a 主题党日 held jointly by the three branches on the half-year's last day
  await add({ orgs: [branchA, branchB, branchC], type: '主题党日', date: '2026-06-30', topic: '重温入党誓词', tags: ['二十大精神'], hours: 2 });
  // one of the first branch alone in May, one in July (the second half-year)
  await add({ org: branchA, type: '主题党日', date: '2026-05-10', topic: '志愿服务' });
  await add({ org: branchA, type: '主题党日', date: '2026-07-01', topic: '七一' });
  // 三会一课: a 支部委员会 without its quorum (two of three absent) does not count
  await add({ org: branchA, type: '支部委员会', date: '2026-03-05', firstTopic: '学习总书记重要讲话', topic: '研究发展党员' });
  await add({ org: branchA, type: '支部委员会', date: '2026-04-05', topic: '不足法定人数', absent: [{ idNumber: f.idNumbers['李四'], kind: '请假', reason: '出差' }, { idNumber: f.idNumbers['周九'], kind: '缺席' }] });
  await add({ org: branchB, type: '支部党员大会', date: '2026-03-31', tags: ['二十大精神', '主题教育'], topic: '学习贯彻' });
  await add({ org: branchB, type: '党课', date: '2026-06-20', lecturer: { name: '陈三', kind: '书记' }, topic: '书记讲党课' });
  await add({ orgs: [branchA, branchB], type: '党课', date: '2026-06-25', lecturer: { name: '某教授', kind: '专家学者' }, topic: '专题辅导' });
  // the committee: 中心组 studies with their 第一议题, a 专题部署会
  await add({ org: committee, type: '理论学习中心组学习', date: '2026-01-08', firstTopic: '学习中央经济工作会议精神', topic: '集中学习' });
  await add({ org: committee, type: '理论学习中心组学习', date: '2026-02-20', firstTopic: '学习党章', topic: '集中学习', hours: 3 });
  await add({ org: committee, type: '专题部署会', date: '2026-03-01', tags: ['主题教育'], topic: '部署主题教育' });
  // a class of the city's party school with three of the committee's members
  await t.call('training.add', {
    title: '万名党员进党校示范培训班', kind: '党校示范培训班', level: '市', org: committee, start: '2026-04-01', end: '2026-04-05', hours: 24,
    participants: ['张三', '李四', '钱七'].map((n) => f.idNumbers[n]),
  });
});
afterAll(async () => {
  await t.close();
});

const call = (name: string, input: unknown) => dispatch(ctx, name, input) as Promise<any>;
const values = async (org: number, period: string, more: Record<string, unknown> = {}) =>
  Object.fromEntries(((await call('report.figures', { org, period, track: false, ...more })).figures as { key: string; param?: string; value: unknown }[]).map((x) => [x.param ? `${x.key}:${x.param}` : x.key, x.value]));

describe('organizational life (pending source, fixture tables)', () => {
  it('a joint 主题党日 of three branches counts once for the committee and once for each branch', async () => {
    const committee = await values(f.committee, '2026-H1');
    const a = await values(f.branchA, '2026-H1');
    const b = await values(f.branchB, '2026-H1');
    const c = await values(f.branchC, '2026-H1');
    expect(committee.themeDays).toBe(2); // the joint one and 第一支部's of May
    expect([a.themeDays, b.themeDays, c.themeDays]).toEqual([2, 1, 1]);
    // activity counts over a subtree: the branches' sum minus the joint duplicates (and the committee's own)
    const own = await values(f.committee, '2026-H1', { withSubOrgs: false });
    const dupes = 2; // the joint 主题党日 counted by two more branches
    expect(Number(own.themeDays) + Number(a.themeDays) + Number(b.themeDays) + Number(c.themeDays) - dupes).toBe(committee.themeDays);
    // the joint 党课 of 第一/第二支部 with an expert
    expect([committee.expertLectures, a.expertLectures, b.expertLectures]).toEqual([1, 1, 1]);
    expect(committee.partyLectures).toBe(2);
    expect(Number(a.partyLectures) + Number(b.partyLectures) - 1).toBe(committee.partyLectures);
  });

  it('a record dated on the period’s last day counts in it; a meeting without its quorum does not count', async () => {
    const june = await values(f.branchC, '2026-06');
    expect(june.themeDays).toBe(1);
    expect((await values(f.branchC, '2026-H2')).themeDays).toBe(0);
    expect((await values(f.branchA, '2026-H2')).themeDays).toBe(1);
    const a = await values(f.branchA, '2026-H1');
    expect(a['meetingsByType:支部委员会']).toBe(1);
    const q1 = await values(f.branchB, '2026-Q1');
    expect(q1['meetingsByType:支部党员大会']).toBe(1); // held on 03-31
  });

  it('第一议题 at the 党委 level and in the branches separately; 专题 by tag; training 人次 by kind and level', async () => {
    const v = await values(f.committee, '2026-H1', { tags: ['党史学习教育'] });
    expect(v).toMatchObject({
      firstTopicStudies: 2, branchFirstTopicStudies: 1, centralGroupStudies: 2, deploymentMeetings: 1, 'deploymentMeetings:主题教育': 1,
      topicStudies: 3, 'topicStudies:二十大精神': 2, 'topicStudies:主题教育': 2, 'topicStudies:党史学习教育': 0,
      'meetingsByType:支部委员会': 1, 'meetingsByType:支部党员大会': 1, 'meetingsByType:党课': 2,
      partyLectures: 2, secretaryLectures: 1,
      trainingAttendances: 3, 'trainingAttendances:市': 3, 'trainingAttendances:党校示范培训班': 3,
    });
  });

  it('人均学时 and 组织生活落实率 agree with the organizational-life module’s own tables', async () => {
    // 人均学时 of the year so far: the hours of orglife's 学时统计 (training.hours) over its members
    const year = await values(f.committee, '2026');
    const hours = await t.call('training.hours', { org: f.committee, year: 2026 });
    expect(hours.length).toBeGreaterThan(5);
    const total = hours.reduce((s, h) => s + h.hours, 0);
    expect(year.studyHoursPerMember).toBe(Math.round((total / hours.length) * 10) / 10);
    expect(total).toBeGreaterThan(72); // 24 class hours × 3, and 2 for each member at the joint 主题党日
    // 组织生活落实率: held ÷ required of orglife's compliance board for the same subtree and period
    const board = await t.call('activity.compliance', { org: f.committee, period: '2026-H1' });
    const required = board.reduce((s, e) => s + e.required, 0);
    const held = board.reduce((s, e) => s + e.held, 0);
    expect(required).toBeGreaterThan(0);
    expect((await values(f.committee, '2026-H1')).orgLifeRate).toBe(Math.round((held / required) * 10_000) / 100);
    const e = await call('report.explain', { org: f.committee, period: '2026-H1', key: 'orgLifeRate' });
    expect(e.records.length).toBe(board.length);
  });

  it('each count opens its records', async () => {
    const e = await call('report.explain', { org: f.committee, period: '2026-H1', key: 'themeDays' });
    expect(e.records.map((r: { date: string; org: string }) => [r.date, r.org])).toEqual([
      ['2026-05-10', '中共某某局机关第一党支部'],
      ['2026-06-30', '中共某某局机关第一党支部、中共某某局机关第二党支部、中共某某局机关第三党支部'],
    ]);
    const tr = await call('report.explain', { org: f.committee, period: '2026-H1', key: 'trainingAttendances:市' });
    const joint = e.records.find((r: { date: string }) => r.date === '2026-06-30');
    expect(joint.title).toBe('重温入党誓词');
    expect(tr.records).toEqual([expect.objectContaining({ kind: '培训', title: '万名党员进党校示范培训班（市级党校示范培训班，3人）' })]);
  });

  it('the Word draft fills the organizational-life sentences when the figures are there', async () => {
    const file = await call('report.docx', { org: f.committee, period: '2026-H1' });
    const xml = new PizZip(file.bytes).file('word/document.xml')!.asText();
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('期间组织党组（党委）“第一议题”学习2次，理论学习中心组集中学习2次，各党支部开展“第一议题”学习1次。');
    expect(text).toContain('围绕“二十大精神”、“主题教育”等专题深入开展学习研讨。');
    expect(text).toContain('开展主题党日活动2次');
    expect(text).toContain('专家学者上讲台1人次');
    expect(text).toContain('组织参加“万名党员进党校”等各级各类示范培训班3人次');
    expect(text).not.toContain('（暂无数据）');
  });
});

describe('the statistics’ movements (pending source)', () => {
  it('take the place of the core module’s provisional definitions', async () => {
    const cat = await call('report.catalogue', {});
    const by = (key: string) => cat.figures.find((x: { key: string }) => x.key === key);
    expect(by('transfersIn').module).toBe('stats');
    expect(by('deaths').module).toBe('stats');
    expect(by('members').module).toBe('core');
    expect(by('newMembers')).toMatchObject({ label: '发展党员数', module: 'stats' });
    const v = await values(f.committee, '2026-H1');
    expect(v).toMatchObject({ newMembers: 1, transfersIn: 1, deaths: 0 }); // the stand-in's movements, not core's
    expect((await values(f.branchA, '2026-H2')).newMembers).toBe(0);
  });
});
