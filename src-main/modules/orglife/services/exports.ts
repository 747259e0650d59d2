import { sql } from 'kysely';
import { AppError } from '../../../domain/errors.ts';
import { parsePeriod, yearPeriod } from '../../../domain/periods.ts';
import type { LayoutColumn, LayoutSheet } from '../../../excel/layout.ts';
import { formatPartialDate } from '../../../excel/format.ts';
import type { ExportBuild, ServiceContext } from '../../../services/context.ts';
import { getSettings } from '../../../services/settings.ts';
import { ABSENCE_KINDS, LEAVE_KINDS } from '../domain/attendance.ts';
import { rate2 } from '../domain/compliance.ts';
import type { ActivityDto } from '../contract.ts';
import { getActivity } from './activities.ts';
import { jsonIds, orgNames, scopeIds } from './common.ts';
import { computeCompliance, shortName } from './compliance.ts';
import { listTrainings, memberHours } from './training.ts';

// The organizational-life tables in the export registry (docs/domain/org-life.md#registers), written by
// the shared layout helper: values, never formulas; ID numbers as text.

async function layout() {
  return import('../../../excel/layout.ts'); // exceljs stays out of CLI start-up
}

async function common(ctx: ServiceContext) {
  const settings = await getSettings(ctx.kysely);
  const { signaturesFrom } = await layout();
  const date = (iso: string | null) => formatPartialDate(iso, settings.exportDateStyle);
  return { base: { reportingUnit: settings.effectiveReportingUnit, reportDate: ctx.clock.today(), signatures: signaturesFrom(settings) }, date };
}

// ---------------------------------------------------------------------------------------------
// 三会一课开展情况登记表: one sheet per organization of the scope

interface RegisterRow {
  type: string;
  date: string;
  time: string;
  topic: string;
  firstTopic: string;
  chairLecturer: string;
  expected: number;
  present: number;
  absentees: string;
  recorder: string;
  remark: string;
}

/** the register's columns; the batch entry reads the same headings back (services/import-register.ts) */
export const REGISTER_HEADINGS = ['序号', '类型', '日期', '时间', '主题/议题', '第一议题内容', '主持人/主讲人', '应到', '实到', '缺席人员及原因', '记录人', '备注'] as const;

export const REGISTER_COLUMNS: LayoutColumn<RegisterRow>[] = [
  { header: '序号', width: 5, type: 'number', value: (_r, i) => i + 1 },
  { header: '类型', width: 13, wrap: true, value: (r) => r.type },
  { header: '日期', width: 11, value: (r) => r.date },
  { header: '时间', width: 11, value: (r) => r.time },
  { header: '主题/议题', width: 24, wrap: true, value: (r) => r.topic },
  { header: '第一议题内容', width: 22, wrap: true, value: (r) => r.firstTopic },
  { header: '主持人/主讲人', width: 12, wrap: true, value: (r) => r.chairLecturer },
  { header: '应到', width: 6, type: 'number', value: (r) => r.expected },
  { header: '实到', width: 6, type: 'number', value: (r) => r.present },
  { header: '缺席人员及原因', width: 22, wrap: true, value: (r) => r.absentees },
  { header: '记录人', width: 8, value: (r) => r.recorder },
  { header: '备注', width: 14, wrap: true, value: (r) => r.remark },
];

export const MEMBER_COLUMNS: LayoutColumn<MemberRow>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '公民身份号码', width: 21, type: 'text', value: (r) => r.idNumber },
  { header: '所在党组织', width: 26, wrap: true, value: (r) => r.org },
  { header: '应参加', width: 8, type: 'number', value: (r) => r.expected },
  { header: '实参加', width: 8, type: 'number', value: (r) => r.present },
  { header: '请假', width: 7, type: 'number', value: (r) => r.onLeave },
  { header: '缺席', width: 7, type: 'number', value: (r) => r.absent },
  { header: '参加率', width: 9, type: 'percent', value: (r) => rate2(r.present, r.expected) },
];

export async function exportRegister(ctx: ServiceContext, input: { org: number | string; period: string; withSubOrgs?: boolean }): Promise<ExportBuild> {
  const db = ctx.kysely;
  const period = parsePeriod(input.period);
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  const ids = scope.ids!;
  const { base, date } = await common(ctx);
  const ao = await sql<{ activity_id: number; org_id: number; expected: number; present: number; counts: number }>`
    SELECT activity_id, org_id, expected, present, counts FROM orglife_activity_orgs
    WHERE org_id IN ${jsonIds(ids)} AND date BETWEEN ${period.start} AND ${period.end}
    ORDER BY org_id, date, activity_id`.execute(db);
  const activityIds = [...new Set(ao.rows.map((r) => r.activity_id))];
  const acts = activityIds.length
    ? await db.selectFrom('orglife_activities').selectAll().where(sql<boolean>`id IN ${jsonIds(activityIds)}`).execute()
    : [];
  const byId = new Map(acts.map((a) => [a.id, a]));
  const absent = activityIds.length
    ? await sql<{ activity_id: number; org_id: number; name: string; status: string; reason: string | null }>`
        SELECT at.activity_id, at.org_id, m.name, at.status, at.reason FROM orglife_attendance at JOIN members m ON m.id = at.member_id
        WHERE at.activity_id IN ${jsonIds(activityIds)} AND at.status IN ('请假', '因公', '病假', '缺席') ORDER BY m.name_pinyin`.execute(db)
    : { rows: [] };
  const absentOf = new Map<string, string[]>();
  for (const r of absent.rows) {
    const k = `${r.activity_id}:${r.org_id}`;
    const why = r.reason && r.reason !== r.status ? `${r.status}：${r.reason}` : r.status;
    (absentOf.get(k) ?? absentOf.set(k, []).get(k)!).push(`${r.name}（${why}）`);
  }
  const jointOf = new Map<number, number[]>();
  const allAo = activityIds.length
    ? await db.selectFrom('orglife_activity_orgs').select(['activity_id', 'org_id']).where(sql<boolean>`activity_id IN ${jsonIds(activityIds)}`).execute()
    : [];
  for (const r of allAo) (jointOf.get(r.activity_id) ?? jointOf.set(r.activity_id, []).get(r.activity_id)!).push(r.org_id);
  const names = await orgNames(db, [...new Set([...ids, ...allAo.map((r) => r.org_id)])]);

  const perOrg = new Map<number, RegisterRow[]>();
  for (const r of ao.rows) {
    const a = byId.get(r.activity_id)!;
    const others = (jointOf.get(a.id) ?? []).filter((o) => o !== r.org_id).map((o) => names.get(o) ?? '');
    const remark = [
      others.length ? `与${others.join('、')}联合开展` : '',
      a.quorum_met === 0 ? '不足法定人数' : '',
      a.hours ? `学时${a.hours}` : '',
    ].filter(Boolean).join('；');
    const row: RegisterRow = {
      type: a.type,
      date: date(a.date),
      time: a.start_time ? `${a.start_time}${a.end_time ? `-${a.end_time}` : ''}` : '',
      topic: a.topic ?? '',
      firstTopic: a.first_topic ?? '',
      chairLecturer: [a.chair, a.lecturer && a.lecturer !== a.chair ? a.lecturer : null].filter(Boolean).join('/'),
      expected: r.expected,
      present: r.present,
      absentees: (absentOf.get(`${a.id}:${r.org_id}`) ?? []).join('、'),
      recorder: a.recorder ?? '',
      remark,
    };
    (perOrg.get(r.org_id) ?? perOrg.set(r.org_id, []).get(r.org_id)!).push(row);
  }
  const columns = REGISTER_COLUMNS;
  // the named organization always has its sheet (empty when nothing was held); the others when they held something
  const sheetOrgs = [ids[0], ...ids.slice(1).filter((id) => perOrg.has(id))];
  const sheets: LayoutSheet<RegisterRow>[] = sheetOrgs.map((orgId) => {
    const rows = perOrg.get(orgId) ?? [];
    const name = names.get(orgId) ?? '';
    return {
      ...base,
      sheetName: name,
      title: `${name}${period.label}三会一课开展情况登记表`,
      columns,
      rows,
      notes: [`共登记 ${rows.length} 次。应到、实到按会议当日在册党员计算（已免计应到的党员不计）；缺席人员含请假、因公、病假。`],
    };
  });
  return { fileName: `${scope.name}-${period.key}-三会一课登记表.xlsx`, sheets, total: ao.rows.length };
}

// ---------------------------------------------------------------------------------------------
// 组织生活制度落实情况统计表: per organization, per required type 应开/已开, 完成率

export async function exportCompliance(ctx: ServiceContext, input: { org?: number | string | null; period: string; withSubOrgs?: boolean }): Promise<ExportBuild> {
  const db = ctx.kysely;
  const period = parsePeriod(input.period);
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  const { entries, frequencies } = await computeCompliance(db, { ids: scope.ids, period, today: ctx.clock.today() });
  const types = frequencies.filter((f) => entries.some((e) => e.type === f.type)).map((f) => f.type);
  interface Row {
    org: string;
    byType: Map<string, { required: number; held: number }>;
    required: number;
    held: number;
    missing: string[];
    attendance: number | null;
  }
  const rows = new Map<number, Row>();
  for (const e of entries) {
    let r = rows.get(e.org.id);
    if (!r) rows.set(e.org.id, (r = { org: e.org.name, byType: new Map(), required: 0, held: 0, missing: [], attendance: null }));
    r.byType.set(e.type, { required: e.result.required, held: e.result.held });
    r.required += e.result.required;
    r.held += e.result.held;
    if (e.result.missing.length) r.missing.push(`${shortName(e.type)}：${e.result.missing.join('、')}`);
  }
  const ids = [...rows.keys()];
  if (ids.length) {
    const att = await sql<{ org_id: number; e: number; p: number }>`
      SELECT org_id, SUM(expected) AS e, SUM(present) AS p FROM orglife_activity_orgs
      WHERE org_id IN ${jsonIds(ids)} AND date BETWEEN ${period.start} AND ${period.end} GROUP BY org_id`.execute(db);
    for (const a of att.rows) rows.get(a.org_id)!.attendance = rate2(a.p, a.e);
  }
  const columns: LayoutColumn<Row>[] = [
    { header: '序号', width: 5, type: 'number', value: (_r, i) => i + 1 },
    { header: '党组织', width: 26, wrap: true, value: (r) => r.org },
    ...types.flatMap((t): LayoutColumn<Row>[] => [
      { header: [t, '应开'], width: 6, type: 'number', value: (r) => (r.byType.has(t) ? r.byType.get(t)!.required : null) },
      { header: [t, '已开'], width: 6, type: 'number', value: (r) => (r.byType.has(t) ? r.byType.get(t)!.held : null) },
    ]),
    { header: ['合计', '应开'], width: 6, type: 'number', value: (r) => r.required },
    { header: ['合计', '已开'], width: 6, type: 'number', value: (r) => r.held },
    { header: '完成率', width: 8, type: 'percent', value: (r) => rate2(r.held, r.required) },
    { header: '出勤率', width: 8, type: 'percent', value: (r) => r.attendance },
    { header: '未开展期次', width: 26, wrap: true, value: (r) => r.missing.join('；') },
  ];
  const list = [...rows.values()];
  const sum = (f: (r: Row) => number) => list.reduce((s, r) => s + f(r), 0);
  const totalRow = [
    '合计', `${list.length} 个组织`,
    ...types.flatMap((t) => [sum((r) => r.byType.get(t)?.required ?? 0), sum((r) => r.byType.get(t)?.held ?? 0)]),
    sum((r) => r.required), sum((r) => r.held), rate2(sum((r) => r.held), sum((r) => r.required)), null, null,
  ];
  const { base } = await common(ctx);
  const scopeName = scope.name ?? base.reportingUnit;
  return {
    fileName: `${scopeName}-${period.key}-组织生活制度落实情况统计表.xlsx`,
    sheets: [{
      ...base,
      sheetName: '组织生活制度落实情况',
      title: `${scopeName}${period.label}组织生活制度落实情况统计表`,
      columns,
      rows: list,
      totalRow,
      notes: [
        `注：应开按已经结束的期次计（统计截至 ${ctx.clock.today() < period.end ? ctx.clock.today() : period.end}）；同一期次开展多次按一次计；支部委员会等须过半数到会的会议，不足法定人数的不计入已开。`,
      ],
    }],
  };
}

// ---------------------------------------------------------------------------------------------
// 党员参加组织生活情况: per member 应参加/实参加/请假/缺席

interface MemberRow {
  name: string;
  idNumber: string;
  org: string;
  expected: number;
  present: number;
  onLeave: number;
  absent: number;
}

export async function exportMemberOrgLife(ctx: ServiceContext, input: { org: number | string; period: string; withSubOrgs?: boolean }): Promise<ExportBuild> {
  const db = ctx.kysely;
  const period = parsePeriod(input.period);
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  const leave = JSON.stringify(LEAVE_KINDS);
  const { rows } = await sql<{ name: string; id_number: string; org: string; e: number; p: number; l: number; a: number }>`
    SELECT m.name, m.id_number, o.name AS org,
      SUM(at.status <> '免计') AS e, SUM(at.status = '出席') AS p,
      SUM(at.status IN (SELECT value FROM json_each(${leave}))) AS l, SUM(at.status = '缺席') AS a
    FROM orglife_attendance at
      JOIN orglife_activities ac ON ac.id = at.activity_id
      JOIN members m ON m.id = at.member_id
      JOIN orgs o ON o.id = m.org_id
    WHERE at.org_id IN ${jsonIds(scope.ids!)} AND ac.date BETWEEN ${period.start} AND ${period.end}
    GROUP BY at.member_id
    ORDER BY o.path, m.name_pinyin`.execute(db);
  const list: MemberRow[] = rows.map((r) => ({ name: r.name, idNumber: r.id_number, org: r.org, expected: r.e, present: r.p, onLeave: r.l, absent: r.a }));
  const columns = MEMBER_COLUMNS;
  const sum = (f: (r: MemberRow) => number) => list.reduce((s, r) => s + f(r), 0);
  const { base } = await common(ctx);
  return {
    fileName: `${scope.name}-${period.key}-党员参加组织生活情况.xlsx`,
    sheets: [{
      ...base,
      sheetName: '党员参加组织生活情况',
      title: `${scope.name}${period.label}党员参加组织生活情况统计表`,
      columns,
      rows: list,
      totalRow: ['合计', `${list.length} 人`, null, null, sum((r) => r.expected), sum((r) => r.present), sum((r) => r.onLeave), sum((r) => r.absent), rate2(sum((r) => r.present), sum((r) => r.expected))],
      notes: ['注：应参加按每次活动当日在册、未免计应到计；请假含因公、病假；谈心谈话等不计应到人数的活动不在其内。'],
    }],
    total: list.length,
  };
}

// ---------------------------------------------------------------------------------------------
// 教育培训人次及学时统计表: the classes (人次, 学时) and every member's hours against the target

export async function exportTrainingStats(ctx: ServiceContext, input: { org: number | string; year: number; withSubOrgs?: boolean }): Promise<ExportBuild> {
  const yp = yearPeriod(input.year);
  const classes = await listTrainings(ctx, { org: input.org, withSubOrgs: input.withSubOrgs, year: input.year });
  const people = await memberHours(ctx, { org: input.org, withSubOrgs: input.withSubOrgs, year: input.year });
  const scope = await scopeIds(ctx.kysely, input.org, input.withSubOrgs ?? true);
  const { base, date } = await common(ctx);
  type C = (typeof classes)[number];
  type P = (typeof people)[number];
  const classCols: LayoutColumn<C>[] = [
    { header: '序号', width: 5, type: 'number', value: (_r, i) => i + 1 },
    { header: '培训名称', width: 28, wrap: true, value: (r) => r.title },
    { header: '类别', width: 12, wrap: true, value: (r) => r.kind },
    { header: '层级', width: 6, value: (r) => r.level },
    { header: '举办（选派）组织', width: 22, wrap: true, value: (r) => r.org },
    { header: '起止日期', width: 20, value: (r) => (r.start === r.end ? date(r.start) : `${date(r.start)}-${date(r.end)}`) },
    { header: '学时', width: 7, type: 'number', value: (r) => r.hours },
    { header: '参训人次', width: 8, type: 'number', value: (r) => r.personTimes },
    { header: '总学时', width: 9, type: 'number', value: (r) => r.totalHours },
  ];
  const peopleCols: LayoutColumn<P>[] = [
    { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
    { header: '姓名', width: 10, value: (r) => r.name },
    { header: '所在党组织', width: 26, wrap: true, value: (r) => r.org },
    { header: '党内职务', width: 12, wrap: true, value: (r) => r.post ?? '' },
    { header: '培训学时', width: 9, type: 'number', value: (r) => r.trainingHours },
    { header: '组织生活学时', width: 10, type: 'number', value: (r) => r.activityHours },
    { header: '合计学时', width: 9, type: 'number', value: (r) => r.hours },
    { header: '年度目标', width: 9, type: 'number', value: (r) => r.target },
    { header: '是否达标', width: 8, value: (r) => (r.met ? '是' : '否') },
  ];
  const personTimes = classes.reduce((s, c) => s + c.personTimes, 0);
  const met = people.filter((p) => p.met).length;
  return {
    fileName: `${scope.name}-${input.year}年-教育培训人次及学时统计表.xlsx`,
    sheets: [
      {
        ...base,
        sheetName: '培训班次',
        title: `${scope.name}${yp.label}教育培训人次及学时统计表（培训班次）`,
        columns: classCols,
        rows: classes,
        totalRow: ['合计', `${classes.length} 期`, null, null, null, null, null, personTimes, Math.round(classes.reduce((s, c) => s + c.totalHours, 0) * 10) / 10],
        notes: [`注：共 ${classes.length} 期、${personTimes} 人次；按开始日期计入年度。`],
      },
      {
        ...base,
        sheetName: '党员学时',
        title: `${scope.name}${yp.label}党员教育培训学时统计表`,
        columns: peopleCols,
        rows: people,
        notes: [`注：共 ${people.length} 人，达到年度学时目标 ${met} 人（党员 32 学时、书记和委员 56 学时，可在系统中调整）；组织生活学时为出席的组织生活、学习活动登记的学时。`],
      },
    ],
    total: classes.length + people.length,
  };
}

// ---------------------------------------------------------------------------------------------
// 会议记录: one meeting, A4 portrait, signature lines for the chair and the recorder

interface RecordLine {
  label: string;
  text: string;
}

const FULL = '　';

function paragraphs(label: string, text: string | null): RecordLine[] {
  const parts = (text ?? '').split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return [{ label, text: '' }];
  return parts.map((p, i) => ({ label: i === 0 ? label : '', text: p }));
}

export function recordLines(a: ActivityDto, date: (d: string) => string): RecordLine[] {
  const byStatus = (s: string) => a.attendance.filter((x) => x.status === s);
  const presentNames = byStatus('出席').map((x) => x.name);
  const absentees = a.attendance.filter((x) => (ABSENCE_KINDS as readonly string[]).includes(x.status)).map((x) => `${x.name}（${x.reason && x.reason !== x.status ? `${x.status}：${x.reason}` : x.status}）`);
  const excused = byStatus('免计').map((x) => `${x.name}（${x.reason ?? '免计'}）`);
  const time = `${date(a.date)}${a.start ? ` ${a.start}${a.end ? `—${a.end}` : ''}` : ''}`;
  const votes = a.votes
    ? `${a.votes.kind}：应到有表决权 ${a.votingExpected} 人，实到 ${a.votingPresent} 人；赞成 ${a.votes.for}，反对 ${a.votes.against}，弃权 ${a.votes.abstain}` +
      (a.votes.written ? `；书面意见赞成 ${a.votes.written.for}，反对 ${a.votes.written.against}，弃权 ${a.votes.written.abstain}` : '') +
      `。表决结果：${a.votes.passed ? '通过' : '未通过'}`
    : '';
  const counted = a.expected + a.excused > 0 || a.type !== '谈心谈话';
  return [
    { label: '会议类型', text: a.type },
    { label: '党组织', text: a.orgs.map((o) => o.name).join('、') },
    { label: '时间', text: time },
    { label: '地点', text: a.place ?? '' },
    { label: '主持人', text: a.chair ?? '' },
    { label: '记录人', text: a.recorder ?? '' },
    ...(a.lecturer ? [{ label: '主讲人', text: `${a.lecturer.name}（${a.lecturer.kind}）` }] : []),
    ...(counted
      ? [{ label: '到会情况', text: `应到 ${a.expected} 人，实到 ${a.present} 人，请假 ${a.onLeave} 人，缺席 ${a.absent} 人${a.quorumMet === false ? '（不足法定人数）' : ''}` }]
      : []),
    ...(presentNames.length ? [{ label: '出席人员', text: presentNames.join('、') }] : []),
    ...(absentees.length ? [{ label: '缺席人员及原因', text: absentees.join('、') }] : []),
    ...(excused.length ? [{ label: '免计应到', text: excused.join('、') }] : []),
    ...(a.guests.length ? [{ label: '列席人员', text: a.guests.join('、') }] : []),
    { label: '会议议题', text: a.topic ?? '' },
    ...(a.firstTopic ? [{ label: '第一议题', text: a.firstTopic }] : []),
    ...paragraphs('会议内容', a.content),
    ...(votes ? [{ label: '表决情况', text: votes }] : []),
    ...(a.decisions ? paragraphs('决议事项', a.decisions) : []),
    ...(a.hours ? [{ label: '学时', text: String(a.hours) }] : []),
    ...(a.tags.length ? [{ label: '专题', text: a.tags.join('、') }] : []),
  ];
}

export async function exportMeetingRecord(ctx: ServiceContext, input: { id: number }): Promise<ExportBuild> {
  const a = await getActivity(ctx, input.id).catch((e: unknown) => {
    throw e instanceof AppError ? e : new AppError('NOT_FOUND', `找不到该活动记录（编号 ${input.id}）`, 'id');
  });
  const { base, date } = await common(ctx);
  const org = a.orgs.map((o) => o.name).join('、');
  const blank = FULL.repeat(8);
  const sheet: LayoutSheet<RecordLine> = {
    ...base,
    reportingUnit: org,
    reportDate: a.date,
    sheetName: '会议记录',
    title: `${a.type}会议记录`,
    orientation: 'portrait',
    columns: [
      { header: '项目', width: 14, value: (r) => r.label },
      { header: '内容', width: 70, wrap: true, value: (r) => r.text },
    ],
    rows: recordLines(a, date),
    signatureText: `主持人（签字）：${blank}${FULL.repeat(6)}记录人（签字）：${blank}`,
  };
  return { fileName: `${a.date}-${org}-${a.type}会议记录.xlsx`, sheets: [sheet] };
}
