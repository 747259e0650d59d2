import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { addOrg } from '../support/seed.ts';
import { TODAY, seedReport, type ReportFixture } from '../report/fixture.ts';

// The organizational-life figures of the work report (docs/domain/report.md#organizational-life-and-training),
// as the app registers them (the orglife manifest's figure source, its own compliance board): a joint
// activity counts once for the committee and once for each branch that held it; activity counts over a
// subtree are the branches' sum minus the joint duplicates; a record on the period's last day counts;
// 人次 counts each attendance; 人均学时 and 组织生活落实率 agree with the module's own tables.

let t: TestDb;
let f: ReportFixture & { branchC: number };

beforeAll(async () => {
  t = await openTestDb({ today: TODAY });
  const base = await seedReport(t);
  f = { ...base, branchC: addOrg(t, '中共某某局机关第三党支部', { parent: base.committee }) };

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
  // a class of the city's party school with three of the committee's members; in July a county class
  // with two of them again (张三 and 李四 attend twice: two 人次 each)
  await t.call('training.add', {
    title: '万名党员进党校示范培训班', kind: '党校示范培训班', level: '市', org: committee, start: '2026-04-01', end: '2026-04-05', hours: 24,
    participants: ['张三', '李四', '钱七'].map((n) => f.idNumbers[n]),
  });
  await t.call('training.add', {
    title: '党纪学习教育专题培训班', kind: '专题培训班', level: '县', org: committee, start: '2026-07-02', end: '2026-07-03', hours: 8,
    participants: ['张三', '李四'].map((n) => f.idNumbers[n]),
  });
});
afterAll(async () => {
  await t.close();
});

const values = async (org: number, period: string, more: { withSubOrgs?: boolean; tags?: string[] } = {}) =>
  Object.fromEntries((await t.call('report.figures', { org, period, track: false, ...more })).figures.map((x) => [x.param ? `${x.key}:${x.param}` : x.key, x.value]));

describe('the organizational-life figures of the work report', () => {
  it('are the orglife module’s, registered in its manifest', async () => {
    const cat = await t.call('report.catalogue', {});
    const orglife = cat.figures.filter((x) => x.module === 'orglife').map((x) => x.key);
    expect(orglife).toEqual([
      'firstTopicStudies', 'branchFirstTopicStudies', 'centralGroupStudies', 'topicStudies', 'deploymentMeetings', 'meetingsByType', 'themeDays',
      'partyLectures', 'secretaryLectures', 'expertLectures', 'orgLifeRate', 'trainingAttendances', 'studyHoursPerMember',
    ]);
    const training = cat.figures.find((x) => x.key === 'trainingAttendances')!;
    expect(training.param?.values).toEqual(['党校示范培训班', '专题培训班', '专题讲座', '网络培训', '集中轮训', '其他', '中央', '省', '市', '县', '单位']);
  });

  it('a joint 主题党日 of three branches counts once for the committee and once for each branch', async () => {
    const committee = await values(f.committee, '2026-H1');
    const a = await values(f.branchA, '2026-H1');
    const b = await values(f.branchB, '2026-H1');
    const c = await values(f.branchC, '2026-H1');
    expect(committee.themeDays).toBe(2); // the joint one and 第一支部's of May
    expect([a.themeDays, b.themeDays, c.themeDays]).toEqual([2, 1, 1]);
    // activity counts over a subtree: the branches' sum minus the joint duplicates (and the committee's own)
    const own = await values(f.committee, '2026-H1', { withSubOrgs: false });
    expect(own.themeDays).toBe(0);
    const dupes = 2; // the joint 主题党日 counted by two more branches
    expect(Number(own.themeDays) + Number(a.themeDays) + Number(b.themeDays) + Number(c.themeDays) - dupes).toBe(committee.themeDays);
    // the joint 党课 of 第一/第二支部 with an expert
    expect([committee.expertLectures, a.expertLectures, b.expertLectures]).toEqual([1, 1, 1]);
    expect(committee.partyLectures).toBe(2);
    expect(Number(a.partyLectures) + Number(b.partyLectures) - 1).toBe(committee.partyLectures);
    // the committee's own 中心组 studies are its alone
    expect([own.centralGroupStudies, committee.centralGroupStudies, a.centralGroupStudies]).toEqual([2, 2, 0]);
  });

  it('a record dated on the period’s last day counts in it; a meeting without its quorum does not count', async () => {
    expect((await values(f.branchC, '2026-06')).themeDays).toBe(1);
    expect((await values(f.branchC, '2026-Q2')).themeDays).toBe(1);
    expect((await values(f.branchC, '2026-06-30..2026-06-30')).themeDays).toBe(1);
    expect((await values(f.branchC, '2026-H2')).themeDays).toBe(0);
    expect((await values(f.branchA, '2026-H2')).themeDays).toBe(1);
    const a = await values(f.branchA, '2026-H1');
    expect(a['meetingsByType:支部委员会']).toBe(1);
    const q1 = await values(f.branchB, '2026-Q1');
    expect(q1['meetingsByType:支部党员大会']).toBe(1); // held on 03-31
    expect((await values(f.branchB, '2026-Q2'))['meetingsByType:支部党员大会']).toBe(0);
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
    expect(v['trainingAttendances:县']).toBeUndefined(); // none in the half-year: not listed unless asked for
  });

  it('人次 counts each attendance: a member in two classes is two 人次', async () => {
    const year = await values(f.committee, '2026');
    expect(year).toMatchObject({ trainingAttendances: 5, 'trainingAttendances:市': 3, 'trainingAttendances:县': 2, 'trainingAttendances:专题培训班': 2 });
    const h2 = await values(f.committee, '2026-H2');
    expect(h2.trainingAttendances).toBe(2);
    // the class's participants are its weight: a class of 3 is one record of 3 人次
    const e = await t.call('report.explain', { org: f.committee, period: '2026', key: 'trainingAttendances' });
    expect(e.records.map((r) => r.title)).toEqual(['万名党员进党校示范培训班（市级党校示范培训班，3人）', '党纪学习教育专题培训班（县级专题培训班，2人）']);
  });

  it('人均学时 and 组织生活落实率 agree with the organizational-life module’s own tables', async () => {
    // 人均学时 of the year so far: the hours of orglife's 学时统计 (training.hours) over its members
    const year = await values(f.committee, '2026');
    const hours = await t.call('training.hours', { org: f.committee, year: 2026 });
    expect(hours.length).toBeGreaterThan(5);
    const total = hours.reduce((s, h) => s + h.hours, 0);
    expect(year.studyHoursPerMember).toBe(Math.round((total / hours.length) * 10) / 10);
    expect(total).toBeGreaterThan(72 + 16); // 24 class hours × 3, 8 × 2, and 2 for each member at the joint 主题党日
    // a branch: its own members only
    const branch = await values(f.branchB, '2026');
    const bh = await t.call('training.hours', { org: f.branchB, year: 2026 });
    expect(branch.studyHoursPerMember).toBe(Math.round((bh.reduce((s, h) => s + h.hours, 0) / bh.length) * 10) / 10);
    // 组织生活落实率: held ÷ required of orglife's compliance board for the same subtree and period
    for (const [org, period] of [[f.committee, '2026-H1'], [f.branchA, '2026-H1'], [f.committee, '2026-Q2']] as const) {
      const board = await t.call('activity.compliance', { org, period });
      const required = board.reduce((s, e) => s + e.required, 0);
      const held = board.reduce((s, e) => s + e.held, 0);
      expect(required).toBeGreaterThan(0);
      expect((await values(org, period)).orgLifeRate).toBe(Math.round((held / required) * 10_000) / 100);
      const e = await t.call('report.explain', { org, period, key: 'orgLifeRate' });
      expect(e.records.length).toBe(board.length);
      // one record per organization and type: the type is its kind
      expect(new Set(e.records.map((r) => `${r.kind}-${r.id}`)).size).toBe(board.length);
    }
  });

  it('each count opens its records', async () => {
    const e = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'themeDays' });
    expect(e.records.map((r) => [r.date, r.org])).toEqual([
      ['2026-05-10', '中共某某局机关第一党支部'],
      ['2026-06-30', '中共某某局机关第一党支部、中共某某局机关第二党支部、中共某某局机关第三党支部'],
    ]);
    expect(e.records.find((r) => r.date === '2026-06-30')!.title).toBe('重温入党誓词');
    const tr = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'trainingAttendances:市' });
    expect(tr.records).toEqual([expect.objectContaining({ kind: '培训', title: '万名党员进党校示范培训班（市级党校示范培训班，3人）' })]);
    const expert = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'expertLectures' });
    expect(expert.records).toEqual([expect.objectContaining({ kind: '党课', date: '2026-06-25', title: '某教授：专题辅导' })]);
  });

  it('a tag holding a comma is one tag', async () => {
    await t.call('activity.add', { org: f.branchC, type: '主题党日', date: '2026-07-03', topic: '学习', tags: ['学习贯彻二十大精神,主题教育'] } as never);
    const v = await values(f.branchC, '2026-H2');
    expect(v).toMatchObject({ topicStudies: 1, 'topicStudies:学习贯彻二十大精神,主题教育': 1 });
    expect(v['topicStudies:主题教育']).toBeUndefined();
  });

  it('the Word draft fills the organizational-life sentences', async () => {
    const file = await t.call('report.docx', { org: f.committee, period: '2026-H1' });
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
