import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { registry } from '../../src-main/modules/index.ts';
import { orglifeFigureSource, type ComplianceReader } from '../../src-main/modules/report/pending/orglife-figures.ts';
import { statsFigureSource, type MovementReader } from '../../src-main/modules/report/pending/stats-figures.ts';
import { createContext, type ServiceContext } from '../../src-main/services/context.ts';
import { fixedClock, openTestDb, type TestDb } from '../support/db.ts';
import { addOrg } from '../support/seed.ts';
import { TODAY, seedReport, type ReportFixture } from './fixture.ts';

// The figure sources written for the organizational-life and statistics modules before those land
// (src-main/modules/report/pending/): not registered in the app. Here they are put beside the app's own
// sources in a test context, over fixture tables shaped like the orglife module's, to check the rules
// that belong to them: a joint activity counts once for the committee and once for each branch that held
// it; activity counts over a subtree are the branches' sum minus the joint duplicates; a record on the
// period's last day counts; the statistics' definitions take the place of the core module's provisional ones.

let t: TestDb;
let f: ReportFixture & { branchC: number };
let ctx: ServiceContext;

/** the orglife tables the pending source reads (columns as in the orglife module's migration) */
function fixtureTables(t: TestDb) {
  t.db.sqlite.exec(`
    CREATE TABLE orglife_activities (id INTEGER PRIMARY KEY, type TEXT NOT NULL, date TEXT NOT NULL, topic TEXT, first_topic TEXT,
      lecturer TEXT, lecturer_kind TEXT, hours REAL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
    CREATE TABLE orglife_activity_orgs (activity_id INTEGER NOT NULL REFERENCES orglife_activities(id) ON DELETE CASCADE,
      org_id INTEGER NOT NULL REFERENCES orgs(id), date TEXT NOT NULL, type TEXT NOT NULL, counts INTEGER NOT NULL,
      PRIMARY KEY (activity_id, org_id)) STRICT, WITHOUT ROWID;
    CREATE TABLE orglife_attendance (activity_id INTEGER NOT NULL, member_id INTEGER NOT NULL, org_id INTEGER NOT NULL, status TEXT NOT NULL,
      PRIMARY KEY (activity_id, member_id)) STRICT, WITHOUT ROWID;
    CREATE TABLE orglife_tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
    CREATE TABLE orglife_activity_tags (activity_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (activity_id, tag_id)) STRICT, WITHOUT ROWID;
    CREATE TABLE orglife_trainings (id INTEGER PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, level TEXT NOT NULL, org_id INTEGER NOT NULL,
      start_date TEXT NOT NULL, end_date TEXT NOT NULL, hours REAL NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
    CREATE TABLE orglife_training_members (training_id INTEGER NOT NULL, member_id INTEGER NOT NULL, PRIMARY KEY (training_id, member_id)) STRICT, WITHOUT ROWID;
  `);
}

const STAMP = '2026-07-01T00:00:00.000Z';

/** an activity held by one organization or jointly by several */
function activity(a: { type: string; date: string; orgs: number[]; counts?: boolean; topic?: string; firstTopic?: string; lecturerKind?: string; tags?: string[]; hours?: number; present?: number[] }): number {
  const s = t.db.sqlite;
  const id = Number(s.prepare(`INSERT INTO orglife_activities (type, date, topic, first_topic, lecturer, lecturer_kind, hours, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(a.type, a.date, a.topic ?? null, a.firstTopic ?? null, a.lecturerKind ? '某教授' : null, a.lecturerKind ?? null, a.hours ?? null, STAMP, STAMP).lastInsertRowid);
  for (const org of a.orgs) s.prepare('INSERT INTO orglife_activity_orgs VALUES (?, ?, ?, ?, ?)').run(id, org, a.date, a.type, a.counts === false ? 0 : 1);
  for (const tag of a.tags ?? []) {
    s.prepare('INSERT OR IGNORE INTO orglife_tags (name) VALUES (?)').run(tag);
    s.prepare('INSERT INTO orglife_activity_tags SELECT ?, id FROM orglife_tags WHERE name = ?').run(id, tag);
  }
  for (const m of a.present ?? []) s.prepare("INSERT INTO orglife_attendance VALUES (?, ?, ?, '出席')").run(id, m, a.orgs[0]);
  return id;
}

/** a stand-in for orglife's compliance board: each branch must hold a 主题党日 every month ended by the period's end and today */
const compliance: ComplianceReader = async (db, { ids, period, today }) => {
  const branches = t.db.sqlite.prepare(`SELECT id, name FROM orgs WHERE type = '党支部' AND id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: number; name: string }[];
  const months: string[] = [];
  for (let m = period.from; m <= period.to; m = m.slice(5) === '12' ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 4)}-${String(Number(m.slice(5)) + 1).padStart(2, '0')}`) {
    if (`${m}-31` < today || m < today.slice(0, 7)) months.push(m);
  }
  void db;
  return branches.map((b) => {
    const held = new Set((t.db.sqlite.prepare(`SELECT substr(date, 1, 7) AS m FROM orglife_activity_orgs WHERE org_id = ? AND type = '主题党日' AND counts = 1`).all(b.id) as { m: string }[]).map((r) => r.m));
    const missing = months.filter((m) => !held.has(m));
    return { org: b, type: '主题党日', result: { required: months.length, held: months.length - missing.length, missing } };
  });
};

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
  fixtureTables(t);
  // the pending sources beside the app's own, in this test's context only
  ctx = createContext(t.db, {
    ...registry,
    figureSources: async () => [
      ...(await registry.figureSources()),
      { module: 'orglife', source: orglifeFigureSource(compliance) },
      { module: 'stats', source: statsFigureSource(movements) },
    ],
  }, fixedClock(TODAY));

  const { committee, branchA, branchB, branchC } = f;
  // a 主题党日 held jointly by the three branches on the half-year's last day
  activity({ type: '主题党日', date: '2026-06-30', orgs: [branchA, branchB, branchC], topic: '重温入党誓词', tags: ['二十大精神'], hours: 2, present: [f.ids['张三'], f.ids['钱七']] });
  // one of the first branch alone in May, one in July (the second half-year)
  activity({ type: '主题党日', date: '2026-05-10', orgs: [branchA], topic: '志愿服务' });
  activity({ type: '主题党日', date: '2026-07-01', orgs: [branchA], topic: '七一' });
  // 三会一课: a 支部委员会 without a quorum does not count
  activity({ type: '支部委员会', date: '2026-03-05', orgs: [branchA], firstTopic: '学习总书记重要讲话', topic: '研究发展党员' });
  activity({ type: '支部委员会', date: '2026-04-05', orgs: [branchA], counts: false, topic: '不足法定人数' });
  activity({ type: '支部党员大会', date: '2026-03-31', orgs: [branchB], tags: ['二十大精神', '主题教育'] });
  activity({ type: '党课', date: '2026-06-20', orgs: [branchB], lecturerKind: '书记', topic: '书记讲党课' });
  activity({ type: '党课', date: '2026-06-25', orgs: [branchA, branchB], lecturerKind: '专家学者', topic: '专题辅导' });
  // the committee: a 党委会议 with its 第一议题, a 中心组 study, a 专题部署会
  activity({ type: '党组（党委）会议', date: '2026-01-08', orgs: [committee], firstTopic: '学习中央经济工作会议精神' });
  activity({ type: '理论学习中心组学习', date: '2026-02-20', orgs: [committee], firstTopic: '学习党章', hours: 3, present: [f.ids['党委书记']] });
  activity({ type: '专题部署会', date: '2026-03-01', orgs: [committee], tags: ['主题教育'] });
  // a class of the city's party school with three of the committee's members
  const tr = Number(t.db.sqlite.prepare(`INSERT INTO orglife_trainings (title, kind, level, org_id, start_date, end_date, hours, created_at, updated_at)
    VALUES ('万名党员进党校示范培训班', '党校示范培训班', '市', ?, '2026-04-01', '2026-04-05', 24, ?, ?)`).run(committee, STAMP, STAMP).lastInsertRowid);
  for (const name of ['张三', '李四', '钱七']) t.db.sqlite.prepare('INSERT INTO orglife_training_members VALUES (?, ?)').run(tr, f.ids[name]);
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
      firstTopicStudies: 2, branchFirstTopicStudies: 1, centralGroupStudies: 1, deploymentMeetings: 1, 'deploymentMeetings:主题教育': 1,
      topicStudies: 3, 'topicStudies:二十大精神': 2, 'topicStudies:主题教育': 2, 'topicStudies:党史学习教育': 0,
      partyLectures: 2, secretaryLectures: 1,
      trainingAttendances: 3, 'trainingAttendances:市': 3, 'trainingAttendances:党校示范培训班': 3,
    });
    // 人均学时: (24 × 3 class hours + 2 × 2 + 3) ÷ the 9 members on the roll on 06-30 (冯二, whose 党籍 is
    // stopped, is on the roll: the base of orglife's own hours table)
    expect(v.studyHoursPerMember).toBe(Math.round(((24 * 3 + 2 * 2 + 3) / 9) * 10) / 10);
    // 组织生活落实率 from the compliance board: three branches, six months each ended by 06-30
    expect(v.orgLifeRate).toBe(Math.round((4 / 18) * 10_000) / 100);
  });

  it('each count opens its records', async () => {
    const e = await call('report.explain', { org: f.committee, period: '2026-H1', key: 'themeDays' });
    expect(e.records.map((r: { date: string; org: string }) => [r.date, r.org])).toEqual([
      ['2026-05-10', '中共某某局机关第一党支部'],
      ['2026-06-30', '中共某某局机关第一党支部、中共某某局机关第二党支部、中共某某局机关第三党支部'],
    ]);
    const tr = await call('report.explain', { org: f.committee, period: '2026-H1', key: 'trainingAttendances:市' });
    expect(tr.records).toEqual([expect.objectContaining({ kind: '培训', title: '万名党员进党校示范培训班（市级党校示范培训班，3人）' })]);
  });

  it('the Word draft fills the organizational-life sentences when the figures are there', async () => {
    const file = await call('report.docx', { org: f.committee, period: '2026-H1' });
    const xml = new PizZip(file.bytes).file('word/document.xml')!.asText();
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('期间组织党组（党委）“第一议题”学习2次，理论学习中心组集中学习1次，各党支部开展“第一议题”学习1次。');
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
