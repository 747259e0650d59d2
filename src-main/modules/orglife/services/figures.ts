import { sql } from 'kysely';
import { percent, type FigureRecord, type FigureValue } from '../../../domain/figures.ts';
import type { Period } from '../../../domain/periods.ts';
import type { FigureQuery, FigureSource, ServiceContext, Tx } from '../../../services/context.ts';
import { LEADING_ORG_TYPES, MEETING_TYPES, ORGLIFE_FIGURES, TRAINING_PARAM_VALUES } from '../domain/figures.ts';

// The organizational-life figures of the work report (docs/domain/report.md#organizational-life-and-training),
// computed from the module's own tables:
//   orglife_activities and orglife_activity_orgs (an activity and the organizations that held it, with
//   `counts` as the compliance board counts it), its tags and attendance; orglife_trainings with their
//   members; and, for 组织生活落实率, the compliance board itself, passed in (ComplianceReader).
// An activity is one record however many organizations of the subtree held it.

/** one organization × required type of the compliance board (orglife's computeCompliance entries) */
export interface ComplianceEntry {
  org: { id: number; name: string };
  type: string;
  result: { required: number; held: number; missing: string[] };
}
export type ComplianceReader = (db: Tx, input: { ids: number[] | null; period: Period; today: string }) => Promise<ComplianceEntry[]>;

interface ActivityRow {
  id: number;
  type: string;
  date: string;
  topic: string | null;
  first_topic: string | null;
  lecturer: string | null;
  lecturer_kind: string | null;
  updated_at: string;
  /** the holding organizations in scope, and their types */
  orgs: string;
  org_types: string;
  tags: string | null;
}

const LEADING = new Set<string>(LEADING_ORG_TYPES);

/** the period's activities that count, held by at least one organization in scope: one row per activity */
async function activities(db: Tx, q: FigureQuery): Promise<ActivityRow[]> {
  const { rows } = await sql<ActivityRow>`
    SELECT a.id, a.type, a.date, a.topic, a.first_topic, a.lecturer, a.lecturer_kind, a.updated_at,
      group_concat(o.name, '、') AS orgs, group_concat(o.type, ',') AS org_types,
      (SELECT group_concat(t.name, char(31)) FROM orglife_activity_tags x JOIN orglife_tags t ON t.id = x.tag_id WHERE x.activity_id = a.id) AS tags
    FROM orglife_activity_orgs ao JOIN orglife_activities a ON a.id = ao.activity_id JOIN orgs o ON o.id = ao.org_id
    WHERE ao.org_id IN (SELECT value FROM json_each(${JSON.stringify(q.orgIds)})) AND ao.date BETWEEN ${q.period.start} AND ${q.period.end} AND ao.counts = 1
    GROUP BY a.id ORDER BY a.date, a.id`.execute(db);
  return rows;
}

/** tags are joined by the unit separator: a tag may hold a comma */
const tagsOf = (a: ActivityRow): string[] => (a.tags ? a.tags.split('\u001f') : []);
const hasFirstTopic = (a: ActivityRow) => Boolean(a.first_topic?.trim());
const leading = (a: ActivityRow) => a.org_types.split(',').some((t) => LEADING.has(t));

/** which activities make a figure (key and parameter) */
function activityTest(key: string, param?: string): ((a: ActivityRow) => boolean) | null {
  switch (key) {
    case 'firstTopicStudies':
      return (a) => hasFirstTopic(a) && leading(a);
    case 'branchFirstTopicStudies':
      return (a) => hasFirstTopic(a) && !leading(a);
    case 'centralGroupStudies':
      return (a) => a.type === '理论学习中心组学习';
    case 'topicStudies':
      return (a) => (param ? tagsOf(a).includes(param) : tagsOf(a).length > 0);
    case 'deploymentMeetings':
      return (a) => a.type === '专题部署会' && (!param || tagsOf(a).includes(param));
    case 'meetingsByType':
      return (a) => a.type === param;
    case 'themeDays':
      return (a) => a.type === '主题党日';
    case 'partyLectures':
      return (a) => a.type === '党课';
    case 'secretaryLectures':
      return (a) => a.type === '党课' && a.lecturer_kind === '书记';
    case 'expertLectures':
      return (a) => a.lecturer_kind === '专家学者';
    default:
      return null;
  }
}

interface TrainingRow {
  id: number;
  title: string;
  kind: string;
  level: string;
  start_date: string;
  org: string;
  people: number;
  updated_at: string;
}

async function trainings(db: Tx, q: FigureQuery): Promise<TrainingRow[]> {
  const { rows } = await sql<TrainingRow>`
    SELECT t.id, t.title, t.kind, t.level, t.start_date, o.name AS org, t.updated_at,
      (SELECT count(*) FROM orglife_training_members m WHERE m.training_id = t.id) AS people
    FROM orglife_trainings t JOIN orgs o ON o.id = t.org_id
    WHERE t.org_id IN (SELECT value FROM json_each(${JSON.stringify(q.orgIds)})) AND t.start_date BETWEEN ${q.period.start} AND ${q.period.end}
    ORDER BY t.start_date, t.id`.execute(db);
  return rows;
}

/**
 * hours per member on the roll on the as-of day: classes begun in the period, activities attended in it.
 * The member lists are tested (`+member_id IN …`), not looked up one by one: 100,000 look-ups per
 * activity took minutes
 */
async function studyHours(db: Tx, q: FigureQuery): Promise<{ members: number; hours: number }> {
  const onRoll = await q.onRoll();
  if (!onRoll.length) return { members: 0, hours: 0 };
  const ids = JSON.stringify(onRoll.map((r) => r.memberId));
  const { rows } = await sql<{ h: number | null }>`
    SELECT (SELECT sum(t.hours) FROM orglife_trainings t JOIN orglife_training_members tm ON tm.training_id = t.id
             WHERE t.start_date BETWEEN ${q.period.start} AND ${q.period.end} AND +tm.member_id IN (SELECT value FROM json_each(${ids})))
         + coalesce((SELECT sum(a.hours) FROM orglife_activities a JOIN orglife_attendance at ON at.activity_id = a.id
             WHERE a.date BETWEEN ${q.period.start} AND ${q.period.end} AND a.hours IS NOT NULL AND at.status = '出席'
               AND +at.member_id IN (SELECT value FROM json_each(${ids}))), 0) AS h`.execute(db);
  return { members: onRoll.length, hours: rows[0]?.h ?? 0 };
}

const ACTIVITY_KEYS = ['firstTopicStudies', 'branchFirstTopicStudies', 'centralGroupStudies', 'topicStudies', 'deploymentMeetings', 'themeDays', 'partyLectures', 'secretaryLectures', 'expertLectures'] as const;

async function compute(ctx: ServiceContext, q: FigureQuery, compliance: ComplianceReader): Promise<FigureValue[]> {
  const db = ctx.kysely;
  const acts = await activities(db, q);
  const count = (key: string, param?: string) => acts.filter(activityTest(key, param)!).length;
  const out: FigureValue[] = ACTIVITY_KEYS.map((key) => ({ key, value: count(key) }));
  for (const t of MEETING_TYPES) out.push({ key: 'meetingsByType', param: t, value: count('meetingsByType', t) });
  const tags = [...new Set([...acts.flatMap(tagsOf), ...(q.params.tag ?? [])])].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
  for (const tag of tags) {
    out.push({ key: 'topicStudies', param: tag, value: count('topicStudies', tag) });
    const deployed = count('deploymentMeetings', tag);
    if (deployed || q.params.tag?.includes(tag)) out.push({ key: 'deploymentMeetings', param: tag, value: deployed });
  }
  const classes = await trainings(db, q);
  out.push({ key: 'trainingAttendances', value: classes.reduce((s, t) => s + t.people, 0) });
  for (const v of TRAINING_PARAM_VALUES) {
    const n = classes.filter((t) => t.kind === v || t.level === v).reduce((s, t) => s + t.people, 0);
    if (n || q.params.training?.includes(v)) out.push({ key: 'trainingAttendances', param: v, value: n });
  }
  const hours = await studyHours(db, q);
  out.push({ key: 'studyHoursPerMember', value: hours.members ? Math.round((hours.hours / hours.members) * 10) / 10 : null });
  const entries = await compliance(db, { ids: [...q.orgIds], period: q.period, today: ctx.clock.today() });
  const required = entries.reduce((s, e) => s + e.result.required, 0);
  out.push({ key: 'orgLifeRate', value: percent(entries.reduce((s, e) => s + e.result.held, 0), required) });
  return out;
}

async function explain(ctx: ServiceContext, q: FigureQuery, f: { key: string; param?: string }, compliance: ComplianceReader): Promise<FigureRecord[]> {
  const db = ctx.kysely;
  const test = activityTest(f.key, f.param);
  if (test) {
    return (await activities(db, q)).filter(test).map((a) => ({
      kind: a.type,
      id: a.id,
      date: a.date,
      org: a.orgs,
      recordedAt: a.updated_at,
      title: f.key === 'expertLectures' && a.lecturer ? `${a.lecturer}：${a.topic ?? a.type}` : hasFirstTopic(a) && /FirstTopic/.test(f.key) ? `第一议题：${a.first_topic}` : (a.topic ?? a.type),
    }));
  }
  if (f.key === 'trainingAttendances') {
    return (await trainings(db, q))
      .filter((t) => !f.param || t.kind === f.param || t.level === f.param)
      .map((t) => ({ kind: '培训', id: t.id, date: t.start_date, org: t.org, weight: t.people, recordedAt: t.updated_at, title: `${t.title}（${t.level}级${t.kind}，${t.people}人）` }));
  }
  if (f.key === 'orgLifeRate') {
    const entries = await compliance(db, { ids: [...q.orgIds], period: q.period, today: ctx.clock.today() });
    // one record per organization and required type (the type is its kind: an organization has several)
    return entries.map((e) => ({
      kind: e.type, id: e.org.id, date: null, org: e.org.name, weight: e.result.held,
      title: `应开 ${e.result.required} 次，已开 ${e.result.held} 次${e.result.missing.length ? `，未开 ${e.result.missing.join('、')}` : ''}`,
    }));
  }
  if (f.key === 'studyHoursPerMember') {
    // what the members on the roll attended: each class and each activity with hours, and how many of them
    const onRoll = await q.onRoll();
    const ids = JSON.stringify(onRoll.map((r) => r.memberId));
    const { rows } = await sql<{ kind: string; id: number; title: string; date: string; hours: number; org: string; people: number }>`
      SELECT '培训' AS kind, t.id, t.title, t.start_date AS date, t.hours, o.name AS org, count(*) AS people
      FROM orglife_trainings t JOIN orgs o ON o.id = t.org_id JOIN orglife_training_members tm ON tm.training_id = t.id
      WHERE t.start_date BETWEEN ${q.period.start} AND ${q.period.end} AND +tm.member_id IN (SELECT value FROM json_each(${ids}))
      GROUP BY t.id
      UNION ALL
      SELECT a.type AS kind, a.id, coalesce(a.topic, a.type) AS title, a.date, a.hours, '' AS org, count(*) AS people
      FROM orglife_activities a JOIN orglife_attendance at ON at.activity_id = a.id
      WHERE a.date BETWEEN ${q.period.start} AND ${q.period.end} AND a.hours IS NOT NULL AND at.status = '出席'
        AND +at.member_id IN (SELECT value FROM json_each(${ids}))
      GROUP BY a.id
      ORDER BY date, id`.execute(db);
    return rows.map((r) => ({ kind: r.kind, id: r.id, date: r.date, org: r.org, title: `${r.title}：${r.hours} 学时 × ${r.people} 人` }));
  }
  return [];
}

/** the source, with the module's compliance board passed in (figures.ts) */
export function orglifeFigureSource(compliance: ComplianceReader): FigureSource {
  return {
    definitions: ORGLIFE_FIGURES,
    compute: (ctx, q) => compute(ctx, q, compliance),
    explain: (ctx, q, f) => explain(ctx, q, f, compliance),
    async paramValues(ctx) {
      const { rows } = await sql<{ name: string }>`SELECT name FROM orglife_tags ORDER BY name`.execute(ctx.kysely);
      return { tag: rows.map((r) => r.name) };
    },
  };
}
