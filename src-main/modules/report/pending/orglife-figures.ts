// PENDING — the organizational-life module's figures for the work report. NOT registered, NOT
// imported by the app: it waits here until the orglife module lands, then moves into that module
// (docs/domain/report.md#sources-of-figures says how). Written against the orglife tables:
//   orglife_activities (id, type, date, topic, first_topic, lecturer, lecturer_kind, hours,
//                       updated_at), orglife_activity_orgs (activity_id, org_id, date, type,
//                       counts), orglife_activity_tags (activity_id, tag_id), orglife_tags (id,
//                       name), orglife_attendance (activity_id, member_id, status),
//   orglife_trainings (id, title, kind, level, org_id, start_date, hours, updated_at),
//   orglife_training_members (training_id, member_id)
// and, for 组织生活落实率, the module's own compliance computation, passed in (ComplianceReader).
import { sql } from 'kysely';
import { percent, type FigureDefinition, type FigureRecord, type FigureValue } from '../../../domain/figures.ts';
import type { Period } from '../../../domain/periods.ts';
import type { FigureQuery, FigureSource, ServiceContext, Tx } from '../../../services/context.ts';

// ---- definitions: move to src-main/modules/orglife/domain/figures.ts ---------------------------------

/** the 三会一课 meeting types (docs/domain/org-life.md#registers) */
export const MEETING_TYPES = ['支部党员大会', '支部委员会', '党小组会', '党课'] as const;
/** in orglife: TRAINING_KINDS and TRAINING_LEVELS of domain/training.ts */
export const TRAINING_PARAM_VALUES = ['党校示范培训班', '专题培训班', '专题讲座', '网络培训', '集中轮训', '其他', '中央', '省', '市', '县', '单位'] as const;
/** organizations whose 第一议题 study counts at the 党组/党委 level */
export const LEADING_ORG_TYPES = ['党委', '党组'] as const;

export const ORGLIFE_FIGURES: readonly FigureDefinition[] = [
  {
    key: 'firstTopicStudies', label: '第一议题学习次数', unit: '次', group: '理论学习', additive: false,
    rule: '期间内党委、党组举行并登记了“第一议题”的活动次数（党组（党委）会议、理论学习中心组学习等），几个组织联合举行的只计一次',
  },
  {
    key: 'branchFirstTopicStudies', label: '支部第一议题学习次数', unit: '次', group: '理论学习', additive: false,
    rule: '期间内党总支、党支部、党小组举行并登记了“第一议题”的活动次数，联合举行的只计一次',
  },
  {
    key: 'centralGroupStudies', label: '理论学习中心组集中学习次数', unit: '次', group: '理论学习', additive: false,
    rule: '期间内范围内组织举行的“理论学习中心组学习”次数',
  },
  {
    key: 'topicStudies', label: '专题学习次数', unit: '次', group: '理论学习', additive: false,
    param: { kind: 'tag', label: '专题', required: false, values: null },
    rule: '期间内标注了专题（如二十大精神、主题教育）的活动次数；指定专题时只计标注该专题的，联合举行的只计一次',
  },
  {
    key: 'deploymentMeetings', label: '专题部署会次数', unit: '次', group: '组织生活', additive: false,
    param: { kind: 'tag', label: '专题', required: false, values: null },
    rule: '期间内召开的“专题部署会”次数；指定专题时只计标注该专题的',
  },
  {
    key: 'meetingsByType', label: '三会一课次数', unit: '次', group: '组织生活', additive: false,
    param: { kind: 'meetingType', label: '会议类型', required: true, values: MEETING_TYPES },
    rule: '期间内召开的该类会议次数（支部委员会等须达到法定人数才计入），联合召开的只计一次',
  },
  {
    key: 'themeDays', label: '主题党日次数', unit: '次', group: '组织生活', additive: false,
    rule: '期间内开展的主题党日活动次数；几个支部联合开展的，对上级组织只计一次，对每个参加的支部各计一次',
  },
  { key: 'partyLectures', label: '党课次数', unit: '次', group: '组织生活', additive: false, rule: '期间内讲授党课的次数' },
  { key: 'secretaryLectures', label: '书记讲党课次数', unit: '次', group: '组织生活', additive: false, rule: '期间内主讲人类别为“书记”的党课次数' },
  {
    key: 'expertLectures', label: '专家学者上讲台人次', unit: '人次', group: '组织生活', additive: false,
    rule: '期间内主讲人类别为“专家学者”的活动，每次活动计一人次',
  },
  {
    key: 'orgLifeRate', label: '组织生活落实率', unit: '%', group: '组织生活', additive: false,
    rule: '范围内各组织按规定应召开的组织生活（已到期的月、季、年）中已召开的比例：已开 ÷ 应开 × 100，保留两位小数（与组织生活制度落实情况统计表一致）',
  },
  {
    key: 'trainingAttendances', label: '培训人次', unit: '人次', group: '教育培训', additive: true,
    param: { kind: 'training', label: '培训类别或层级', required: false, values: TRAINING_PARAM_VALUES },
    rule: '开班日期在期间内、由范围内组织登记的培训班的参训人次（一人参加两个班计两人次）；可按类别或举办层级统计',
  },
  {
    key: 'studyHoursPerMember', label: '人均学时', unit: '学时', group: '教育培训', additive: false,
    rule: '统计截止日在册党员（与党员学时统计表的范围相同）在期间内参加培训班（按开班日期）和登记学时的活动（出席）的学时之和 ÷ 在册党员数，保留一位小数',
  },
];

// ---- computation: move to src-main/modules/orglife/services/figures.ts --------------------------------

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
      (SELECT group_concat(t.name, ',') FROM orglife_activity_tags x JOIN orglife_tags t ON t.id = x.tag_id WHERE x.activity_id = a.id) AS tags
    FROM orglife_activity_orgs ao JOIN orglife_activities a ON a.id = ao.activity_id JOIN orgs o ON o.id = ao.org_id
    WHERE ao.org_id IN (SELECT value FROM json_each(${JSON.stringify(q.orgIds)})) AND ao.date BETWEEN ${q.period.start} AND ${q.period.end} AND ao.counts = 1
    GROUP BY a.id ORDER BY a.date, a.id`.execute(db);
  return rows;
}

const tagsOf = (a: ActivityRow): string[] => (a.tags ? a.tags.split(',') : []);
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
    return entries.map((e) => ({
      kind: '组织生活', id: e.org.id, date: null, org: e.org.name, weight: e.result.held,
      title: `${e.type}：应开 ${e.result.required} 次，已开 ${e.result.held} 次${e.result.missing.length ? `，未开 ${e.result.missing.join('、')}` : ''}`,
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

/**
 * The source, with orglife's compliance computation passed in. In the orglife module (figures.ts):
 *   export const figures = orglifeFigureSource(async (db, i) => (await computeCompliance(db, i)).entries);
 * and in its manifest: figures: async () => (await import('./figures.ts')).figures
 */
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
