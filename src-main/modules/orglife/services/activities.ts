import { sql } from 'kysely';
import type { z } from 'zod';
import { AppError, type Issue } from '../../../domain/errors.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { isIsoDay, parsePeriod } from '../../../domain/periods.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { audit, auditHistory, diffFields } from '../../../services/audit.ts';
import { orgById, type OrgRow } from '../../../services/refs.ts';
import { currentActor } from '../../../services/settings.ts';
import { ABSENCE_KINDS, tally, type AbsenceKind, type AbsenteeMark, type Counts } from '../domain/attendance.ts';
import { hasQuorum, votePasses, voteProblems, type VoteInput, type VoteKind } from '../domain/quorum.ts';
import { roundHours, validHours } from '../domain/training.ts';
import type { ActivityType } from '../domain/types.ts';
import type { ActivityDto, ActivityRowDto, activityEdit, activityInput, AttendeeDto, CountsDto, RosterDto, SaveResult, VotesDto } from '../contract.ts';
import { listAttachments, storeAttachments, type FileIn } from './attachments.ts';
import { expectedFor, type Expected } from './attendees.ts';
import { AUDIT_ACTIVITY, check, inTx, jsonIds, loadTypes, orgNames, resolveOrgList, resolveType, scopeIds } from './common.ts';

// The activity register (docs/domain/org-life.md#meeting-records): one record per activity of any type,
// for one organization or jointly for several; who should attend derived on the day, the clerk naming
// only the absentees; headcounts computed and kept with the record; votes checked by the quorum rules.
// One action = one transaction; every change audited.

export type AddInput = z.output<typeof activityInput>;
type EditInput = z.output<typeof activityEdit>;
type AbsentIn = NonNullable<AddInput['absent']>[number];

/** everything about an activity before it is written */
interface Draft {
  orgs: OrgRow[];
  type: ActivityType;
  date: string;
  start: string | null;
  end: string | null;
  place: string | null;
  chair: string | null;
  recorder: string | null;
  lecturer: { name: string; kind: string } | null;
  topic: string | null;
  firstTopic: string | null;
  tags: string[];
  content: string | null;
  decisions: string | null;
  votes: VoteInput | null;
  guests: string[];
  hours: number | null;
}

const clean = (s: string | null | undefined): string | null => {
  const t = (s ?? '').trim();
  return t ? t : null;
};
const uniq = (xs: readonly string[] | undefined): string[] => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];

function votesIn(v: AddInput['votes']): VoteInput | null {
  if (!v) return null;
  return { for: v.for, against: v.against, abstain: v.abstain, kind: (v.kind ?? '一般事项') as VoteKind, written: v.written ?? null };
}

/** the record's own fields, checked: a Chinese sentence naming the field for each problem */
function basicIssues(d: Draft, today: string): Issue[] {
  const out: Issue[] = [];
  if (!isIsoDay(d.date)) out.push({ field: 'date', message: `「会议日期」不是有效日期：${d.date}` });
  else if (d.date > today) out.push({ field: 'date', message: `「会议日期」${d.date} 晚于今天（${today}）：只能登记已经召开的会议` });
  if (d.start && d.end && d.end < d.start) out.push({ field: 'end', message: `「结束时间」${d.end} 早于「开始时间」${d.start}` });
  for (const o of d.orgs) {
    if (!d.type.holders.includes(o.type)) {
      out.push({ field: 'type', message: `「活动类型」${d.type.name}不能由${o.type}开展（${o.name}）；可开展的组织：${d.type.holders.join('、')}` });
    }
  }
  if (!validHours(d.hours)) out.push({ field: 'hours', message: `「学时」应为 0 到 1000 之间、最多一位小数的数：${d.hours}` });
  if (d.votes) {
    if (!d.type.votes) out.push({ field: 'votes', message: `「表决情况」：${d.type.name}不进行表决` });
    else if (d.orgs.length > 1) out.push({ field: 'votes', message: '「表决情况」：联合开展的活动不能表决，请分别登记各组织的会议' });
  }
  if (d.tags.some((t) => t.length > 40)) out.push({ field: 'tags', message: '「专题标签」每个不超过 40 个字' });
  return out;
}

/** absentees as marks on the expected list; every one must be among those who should attend that day */
async function marksFor(db: Tx, d: Draft, exp: Expected, absent: readonly AbsentIn[]): Promise<AbsenteeMark[]> {
  const issues: Issue[] = [];
  const byIdNumber = new Map([...exp.members.values()].map((m) => [m.idNumber, m]));
  const invitee = new Map(exp.invitees.map((i) => [i.memberId, i]));
  const marks: AbsenteeMark[] = [];
  const seen = new Set<number>();
  if (absent.length && d.type.attendees === 'none') {
    return check([{ field: 'absent', message: `「缺席人员」：${d.type.name}不计应到人数，不登记缺席人员（参加人员请写在会议内容中）` }]) as never;
  }
  const where = d.orgs.map((o) => o.name).join('、');
  for (const [i, a] of absent.entries()) {
    const label = `「缺席人员」第${i + 1}项`;
    let member = a.memberId != null ? exp.members.get(a.memberId) : undefined;
    let idNumber = a.idNumber ? normalizeIdNumber(a.idNumber) : null;
    if (!member && idNumber) member = byIdNumber.get(idNumber);
    if (!member) {
      if (a.memberId == null && !idNumber) {
        issues.push({ field: 'absent', message: `${label}缺少「公民身份号码」` });
        continue;
      }
      const m = await db
        .selectFrom('members')
        .select(['id', 'name', 'id_number'])
        .where((eb) => (a.memberId != null ? eb('id', '=', a.memberId) : eb('id_number', '=', idNumber!)))
        .executeTakeFirst();
      if (!m) {
        issues.push({ field: 'absent', message: `${label}「公民身份号码」：找不到${idNumber ? `公民身份号码为 ${idNumber} ` : ''}的党员` });
        continue;
      }
      idNumber = m.id_number;
      const rule = d.type.attendees;
      issues.push({
        field: 'absent',
        message:
          rule === 'committee'
            ? `${label}「公民身份号码」：${m.name}不是 ${d.date} 在册的${where}支部委员，不在应到人员中`
            : rule === 'panel'
              ? `${label}「公民身份号码」：${m.name}不在 ${d.date} 的${where}${d.type.panel}名单中`
              : `${label}「公民身份号码」：${m.name}在 ${d.date} 不在${where}的党员名册中（已转出或尚未转入），不能登记为缺席`,
      });
      continue;
    }
    const inv = invitee.get(member.id)!;
    if (inv.excused) {
      issues.push({ field: 'absent', message: `${label}：${member.name}已免计应到（${inv.excused}），不必登记缺席` });
      continue;
    }
    if (seen.has(member.id)) {
      issues.push({ field: 'absent', message: `${label}：${member.name}重复登记` });
      continue;
    }
    seen.add(member.id);
    marks.push({ memberId: member.id, kind: a.kind as AbsenceKind, reason: clean(a.reason) });
  }
  check(issues);
  return marks;
}

interface Computed {
  rows: ReturnType<typeof tally>['rows'];
  total: Counts;
  perOrg: Map<number, Counts>;
}

function quorumOf(d: Draft, total: Counts): { quorumMet: boolean | null; warnings: string[] } {
  if (!d.type.quorum) return { quorumMet: null, warnings: [] };
  const met = hasQuorum(total);
  const warnings = met
    ? []
    : [
        total.votingExpected === 0
          ? `不足法定人数：没有应到的有表决权人员，无法判断会议是否有效；本次${d.type.name}不计入召开次数`
          : `不足法定人数：应到有表决权 ${total.votingExpected} 人，实到 ${total.votingPresent} 人，未超过半数；本次${d.type.name}不计入召开次数`,
      ];
  return { quorumMet: met, warnings };
}

function checkVotes(d: Draft, total: Pick<Counts, 'votingExpected' | 'votingPresent'>): boolean | null {
  if (!d.votes) return null;
  check(voteProblems(total, d.votes));
  return votePasses(total, d.votes);
}

const CHUNK = 400;

async function writeAttendance(trx: Tx, activityId: number, d: Draft, c: Computed, counts: number): Promise<void> {
  await trx.deleteFrom('orglife_attendance').where('activity_id', '=', activityId).execute();
  await trx.deleteFrom('orglife_activity_orgs').where('activity_id', '=', activityId).execute();
  await trx
    .insertInto('orglife_activity_orgs')
    .values(
      d.orgs.map((o) => {
        const x = c.perOrg.get(o.id);
        return {
          activity_id: activityId, org_id: o.id, date: d.date, type: d.type.name, counts,
          expected: x?.expected ?? 0, present: x?.present ?? 0, on_leave: x?.onLeave ?? 0, absent: x?.absent ?? 0, excused: x?.excused ?? 0,
        };
      }),
    )
    .execute();
  for (let i = 0; i < c.rows.length; i += CHUNK) {
    await trx
      .insertInto('orglife_attendance')
      .values(c.rows.slice(i, i + CHUNK).map((r) => ({ activity_id: activityId, member_id: r.memberId, org_id: r.orgId, status: r.status, reason: r.reason, voting: r.voting ? 1 : 0 })))
      .execute();
  }
}

async function writeTags(trx: Tx, activityId: number, tags: readonly string[]): Promise<void> {
  await trx.deleteFrom('orglife_activity_tags').where('activity_id', '=', activityId).execute();
  for (const name of tags) {
    await trx.insertInto('orglife_tags').values({ name }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const t = await trx.selectFrom('orglife_tags').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    await trx.insertInto('orglife_activity_tags').values({ activity_id: activityId, tag_id: t.id }).execute();
  }
}

function columnsOf(d: Draft, c: Counts, quorumMet: boolean | null, votePassed: boolean | null) {
  return {
    type: d.type.name,
    date: d.date,
    start_time: d.start,
    end_time: d.end,
    place: d.place,
    chair: d.chair,
    recorder: d.recorder,
    lecturer: d.lecturer?.name ?? null,
    lecturer_kind: d.lecturer?.kind ?? null,
    topic: d.topic,
    first_topic: d.firstTopic,
    content: d.content,
    decisions: d.decisions,
    vote_kind: d.votes?.kind ?? null,
    votes_for: d.votes?.for ?? null,
    votes_against: d.votes?.against ?? null,
    votes_abstain: d.votes?.abstain ?? null,
    written_for: d.votes?.written?.for ?? null,
    written_against: d.votes?.written?.against ?? null,
    written_abstain: d.votes?.written?.abstain ?? null,
    vote_passed: votePassed === null ? null : votePassed ? 1 : 0,
    guests: JSON.stringify(d.guests),
    hours: d.hours,
    expected: c.expected,
    present: c.present,
    on_leave: c.onLeave,
    absent: c.absent,
    excused: c.excused,
    voting_expected: c.votingExpected,
    voting_present: c.votingPresent,
    quorum_met: quorumMet === null ? null : quorumMet ? 1 : 0,
  };
}

/** what the history keeps of a record: its fields and its absentees by name */
async function snapshot(db: Tx, id: number): Promise<Record<string, unknown>> {
  const a = await db.selectFrom('orglife_activities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const orgs = await db.selectFrom('orglife_activity_orgs').innerJoin('orgs', 'orgs.id', 'orglife_activity_orgs.org_id').select('orgs.name').where('activity_id', '=', id).execute();
  const tags = await db.selectFrom('orglife_activity_tags').innerJoin('orglife_tags', 'orglife_tags.id', 'orglife_activity_tags.tag_id').select('orglife_tags.name').where('activity_id', '=', id).execute();
  const absent = await db
    .selectFrom('orglife_attendance')
    .innerJoin('members', 'members.id', 'orglife_attendance.member_id')
    .select(['members.name', 'orglife_attendance.status', 'orglife_attendance.reason'])
    .where('orglife_attendance.activity_id', '=', id)
    .where('orglife_attendance.status', 'in', [...ABSENCE_KINDS])
    .execute();
  const { id: _id, created_at: _c, updated_at: _u, import_batch: _b, ...fields } = a;
  return {
    ...fields,
    orgs: orgs.map((o) => o.name).join('、'),
    tags: tags.map((t) => t.name).join('、'),
    absentees: absent.map((x) => `${x.name}（${x.status}${x.reason ? `：${x.reason}` : ''}）`).join('、'),
  };
}

function resultOf(id: number, d: Draft, c: Computed, quorumMet: boolean | null, votePassed: boolean | null, warnings: string[]): SaveResult {
  const counts = (x: Counts | undefined): CountsDto => ({ expected: x?.expected ?? 0, present: x?.present ?? 0, onLeave: x?.onLeave ?? 0, absent: x?.absent ?? 0, excused: x?.excused ?? 0 });
  return {
    id,
    ...counts(c.total),
    quorumMet,
    votePassed,
    ...(d.orgs.length > 1 ? { perOrg: d.orgs.map((o) => ({ org: o.name, ...counts(c.perOrg.get(o.id)) })) } : {}),
    warnings,
  };
}

function draftOf(input: Partial<AddInput>, orgs: OrgRow[], type: ActivityType, base?: Draft): Draft {
  const pick = <K extends keyof Draft>(key: K, v: Draft[K] | undefined): Draft[K] => (v !== undefined ? v : base ? base[key] : (null as Draft[K]));
  return {
    orgs,
    type,
    date: input.date ?? base?.date ?? '',
    start: pick('start', input.start === undefined ? undefined : (input.start ?? null)),
    end: pick('end', input.end === undefined ? undefined : (input.end ?? null)),
    place: pick('place', input.place === undefined ? undefined : clean(input.place)),
    chair: pick('chair', input.chair === undefined ? undefined : clean(input.chair)),
    recorder: pick('recorder', input.recorder === undefined ? undefined : clean(input.recorder)),
    lecturer: pick('lecturer', input.lecturer === undefined ? undefined : input.lecturer ? { name: input.lecturer.name.trim(), kind: input.lecturer.kind } : null),
    topic: pick('topic', input.topic === undefined ? undefined : clean(input.topic)),
    firstTopic: pick('firstTopic', input.firstTopic === undefined ? undefined : clean(input.firstTopic)),
    tags: input.tags !== undefined ? uniq(input.tags) : (base?.tags ?? []),
    content: pick('content', input.content === undefined ? undefined : clean(input.content)),
    decisions: pick('decisions', input.decisions === undefined ? undefined : clean(input.decisions)),
    votes: pick('votes', input.votes === undefined ? undefined : votesIn(input.votes)),
    guests: input.guests !== undefined ? uniq(input.guests) : (base?.guests ?? []),
    hours: pick('hours', input.hours === undefined ? undefined : input.hours === null ? null : roundHours(input.hours)),
  };
}

async function computeAttendance(db: Tx, d: Draft, absent: readonly AbsentIn[]): Promise<Computed> {
  const exp = await expectedFor(db, d.orgs, d.type, d.date);
  const marks = await marksFor(db, d, exp, absent);
  return tally(exp.invitees, marks);
}

/** an activity checked and counted, ready to be written */
export interface Prepared {
  d: Draft;
  c: Computed;
  quorumMet: boolean | null;
  votePassed: boolean | null;
  warnings: string[];
}

/** every check of a new activity, nothing written (the batch entry previews with it) */
export async function prepareActivity(db: Tx, input: AddInput, today: string): Promise<Prepared> {
  const orgs = await resolveOrgList(db, input);
  const type = await resolveType(db, input.type);
  const d = draftOf(input, orgs, type);
  check(basicIssues(d, today));
  const c = await computeAttendance(db, d, input.absent ?? []);
  const { quorumMet, warnings } = quorumOf(d, c.total);
  const votePassed = checkVotes(d, c.total);
  return { d, c, quorumMet, votePassed, warnings };
}

/** writes a prepared activity inside the caller's transaction */
export async function insertActivity(trx: Tx, p: Prepared, now: string, opts: { attachments?: readonly FileIn[]; batch?: string | null; action?: string } = {}): Promise<SaveResult> {
  const { d, c, quorumMet, votePassed, warnings } = p;
  const { id } = await trx
    .insertInto('orglife_activities')
    .values({ ...columnsOf(d, c.total, quorumMet, votePassed), import_batch: opts.batch ?? null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAttendance(trx, id, d, c, quorumMet === false ? 0 : 1);
  await writeTags(trx, id, d.tags);
  await storeAttachments(trx, id, opts.attachments ?? [], now);
  await audit(trx, { actor: await currentActor(trx), at: now, entity: AUDIT_ACTIVITY, entityId: id, action: opts.action ?? '登记', after: await snapshot(trx, id) });
  return resultOf(id, d, c, quorumMet, votePassed, warnings);
}

export async function addActivity(ctx: ServiceContext, input: AddInput): Promise<SaveResult> {
  return inTx(ctx, async (trx) => {
    const p = await prepareActivity(trx, input, ctx.clock.today());
    return insertActivity(trx, p, ctx.clock.now(), { attachments: (input.attachments ?? []) as FileIn[] });
  });
}

/** the stored record as a draft (edit starts from it) */
async function loadDraft(db: Tx, id: number): Promise<{ draft: Draft; row: Awaited<ReturnType<typeof loadRow>>; marks: AbsentIn[] }> {
  const row = await loadRow(db, id);
  const types = await loadTypes(db);
  const type = types.find((t) => t.name === row.type);
  if (!type) throw new AppError('INTERNAL', `活动类型“${row.type}”已不存在`);
  const aoRows = await db.selectFrom('orglife_activity_orgs').select('org_id').where('activity_id', '=', id).execute();
  const orgs: OrgRow[] = [];
  for (const r of aoRows) orgs.push(await orgById(db, r.org_id));
  const tags = await db.selectFrom('orglife_activity_tags').innerJoin('orglife_tags', 'orglife_tags.id', 'orglife_activity_tags.tag_id').select('orglife_tags.name').where('activity_id', '=', id).orderBy('orglife_tags.name').execute();
  const marks = await db.selectFrom('orglife_attendance').select(['member_id', 'status', 'reason']).where('activity_id', '=', id).where('status', 'in', [...ABSENCE_KINDS]).execute();
  const draft: Draft = {
    orgs,
    type,
    date: row.date,
    start: row.start_time,
    end: row.end_time,
    place: row.place,
    chair: row.chair,
    recorder: row.recorder,
    lecturer: row.lecturer ? { name: row.lecturer, kind: row.lecturer_kind ?? '其他' } : null,
    topic: row.topic,
    firstTopic: row.first_topic,
    tags: tags.map((t) => t.name),
    content: row.content,
    decisions: row.decisions,
    votes: votesOfRow(row),
    guests: JSON.parse(row.guests) as string[],
    hours: row.hours,
  };
  return { draft, row, marks: marks.map((m) => ({ memberId: m.member_id, kind: m.status as AbsenceKind, reason: m.reason })) };
}

async function loadRow(db: Tx, id: number) {
  const row = await db.selectFrom('orglife_activities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `找不到该活动记录（编号 ${id}）`, 'id');
  return row;
}

function votesOfRow(r: { vote_kind: string | null; votes_for: number | null; votes_against: number | null; votes_abstain: number | null; written_for: number | null; written_against: number | null; written_abstain: number | null }): VoteInput | null {
  if (r.vote_kind === null) return null;
  const written = r.written_for === null ? null : { for: r.written_for, against: r.written_against ?? 0, abstain: r.written_abstain ?? 0 };
  return { kind: r.vote_kind as VoteKind, for: r.votes_for ?? 0, against: r.votes_against ?? 0, abstain: r.votes_abstain ?? 0, written };
}

export async function editActivity(ctx: ServiceContext, input: EditInput): Promise<SaveResult> {
  return inTx(ctx, async (trx) => {
    const { draft: base, row, marks } = await loadDraft(trx, input.id);
    const orgsGiven = input.org !== undefined || input.orgs !== undefined;
    const orgs = orgsGiven ? await resolveOrgList(trx, input) : base.orgs;
    const type = input.type !== undefined ? await resolveType(trx, input.type) : base.type;
    const d = draftOf(input, orgs, type, base);
    check(basicIssues(d, ctx.clock.today()));
    const before = await snapshot(trx, row.id);
    // the headcounts are history: recomputed only when what they depend on is changed by the clerk
    const sameOrgs = orgs.map((o) => o.id).sort().join() === base.orgs.map((o) => o.id).sort().join();
    const recompute = !sameOrgs || type.name !== base.type.name || d.date !== base.date || input.absent !== undefined;
    let c: Computed;
    if (recompute) c = await computeAttendance(trx, d, input.absent ?? marks);
    else {
      const perOrg = new Map<number, Counts>();
      for (const r of await trx.selectFrom('orglife_activity_orgs').selectAll().where('activity_id', '=', row.id).execute()) {
        perOrg.set(r.org_id, { expected: r.expected, present: r.present, onLeave: r.on_leave, absent: r.absent, excused: r.excused, votingExpected: 0, votingPresent: 0 });
      }
      c = {
        rows: [],
        total: { expected: row.expected, present: row.present, onLeave: row.on_leave, absent: row.absent, excused: row.excused, votingExpected: row.voting_expected, votingPresent: row.voting_present },
        perOrg,
      };
    }
    const { quorumMet, warnings } = quorumOf(d, c.total);
    const votePassed = checkVotes(d, c.total);
    const now = ctx.clock.now();
    await trx.updateTable('orglife_activities').set({ ...columnsOf(d, c.total, quorumMet, votePassed), updated_at: now }).where('id', '=', row.id).execute();
    if (recompute) await writeAttendance(trx, row.id, d, c, quorumMet === false ? 0 : 1);
    if (input.tags !== undefined) await writeTags(trx, row.id, d.tags);
    await storeAttachments(trx, row.id, (input.attachments ?? []) as FileIn[], now);
    const change = diffFields(before, await snapshot(trx, row.id));
    if (change || input.attachments?.length) {
      await audit(trx, { actor: await currentActor(trx), at: now, entity: AUDIT_ACTIVITY, entityId: row.id, action: '修改', ...(change ?? { before: {}, after: { attachments: input.attachments?.length } }) });
    }
    return resultOf(row.id, d, c, quorumMet, votePassed, warnings);
  });
}

export async function deleteActivity(ctx: ServiceContext, id: number): Promise<{ deleted: true }> {
  return inTx(ctx, async (trx) => {
    await loadRow(trx, id);
    const before = await snapshot(trx, id);
    await trx.deleteFrom('orglife_activities').where('id', '=', id).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: AUDIT_ACTIVITY, entityId: id, action: '删除', before });
    return { deleted: true as const };
  });
}

/** the expected members for the entry form (the same rule the save uses) */
export async function roster(ctx: ServiceContext, input: { org?: number | string; orgs?: (number | string)[]; type: string; date: string }): Promise<RosterDto> {
  const db = ctx.kysely;
  const orgs = await resolveOrgList(db, input);
  const type = await resolveType(db, input.type);
  if (!isIsoDay(input.date)) throw new AppError('VALIDATION', `「会议日期」不是有效日期：${input.date}`, 'date');
  const exp = await expectedFor(db, orgs, type, input.date);
  const names = await orgNames(db, [...new Set([...exp.members.values()].map((m) => m.rollOrgId))]);
  const members = exp.invitees.map((inv) => {
    const m = exp.members.get(inv.memberId)!;
    return { memberId: m.id, name: m.name, idNumber: m.idNumber, orgId: m.rollOrgId, org: names.get(m.rollOrgId) ?? '', voting: inv.voting, post: m.post, excused: inv.excused };
  });
  return { type: type.name, attendees: type.attendees, members, note: exp.note };
}

// ---------------------------------------------------------------------------------------------
// Reading

type ActivityRow = Awaited<ReturnType<typeof loadRow>>;

async function rowDtos(db: Tx, rows: ActivityRow[]): Promise<ActivityRowDto[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const orgRows = await db
    .selectFrom('orglife_activity_orgs')
    .innerJoin('orgs', 'orgs.id', 'orglife_activity_orgs.org_id')
    .select(['orglife_activity_orgs.activity_id as aid', 'orgs.id', 'orgs.name'])
    .where(sql<boolean>`orglife_activity_orgs.activity_id IN ${jsonIds(ids)}`)
    .execute();
  const tagRows = await db
    .selectFrom('orglife_activity_tags')
    .innerJoin('orglife_tags', 'orglife_tags.id', 'orglife_activity_tags.tag_id')
    .select(['orglife_activity_tags.activity_id as aid', 'orglife_tags.name'])
    .where(sql<boolean>`orglife_activity_tags.activity_id IN ${jsonIds(ids)}`)
    .execute();
  const attRows = await db
    .selectFrom('orglife_attachments')
    .select((eb) => ['activity_id as aid', eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`activity_id IN ${jsonIds(ids)}`)
    .groupBy('activity_id')
    .execute();
  const orgsOf = new Map<number, { id: number; name: string }[]>();
  for (const r of orgRows) (orgsOf.get(r.aid) ?? orgsOf.set(r.aid, []).get(r.aid)!).push({ id: r.id, name: r.name });
  const tagsOf = new Map<number, string[]>();
  for (const r of tagRows) (tagsOf.get(r.aid) ?? tagsOf.set(r.aid, []).get(r.aid)!).push(r.name);
  const attOf = new Map(attRows.map((r) => [r.aid, Number(r.n)]));
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    date: r.date,
    start: r.start_time,
    end: r.end_time,
    orgs: orgsOf.get(r.id) ?? [],
    topic: r.topic,
    firstTopic: r.first_topic,
    tags: (tagsOf.get(r.id) ?? []).sort(),
    chair: r.chair,
    recorder: r.recorder,
    lecturer: r.lecturer ? { name: r.lecturer, kind: r.lecturer_kind ?? '其他' } : null,
    hours: r.hours,
    expected: r.expected,
    present: r.present,
    onLeave: r.on_leave,
    absent: r.absent,
    excused: r.excused,
    quorumMet: r.quorum_met === null ? null : r.quorum_met === 1,
    attachments: attOf.get(r.id) ?? 0,
  }));
}

export async function getActivity(ctx: ServiceContext, id: number): Promise<ActivityDto> {
  const db = ctx.kysely;
  const row = await loadRow(db, id);
  const [base] = await rowDtos(db, [row]);
  const att = await db
    .selectFrom('orglife_attendance')
    .innerJoin('members', 'members.id', 'orglife_attendance.member_id')
    .innerJoin('orgs', 'orgs.id', 'orglife_attendance.org_id')
    .select(['members.id', 'members.name', 'members.id_number', 'orglife_attendance.org_id', 'orgs.name as org', 'orglife_attendance.status', 'orglife_attendance.reason', 'orglife_attendance.voting'])
    .where('orglife_attendance.activity_id', '=', id)
    .orderBy('members.name_pinyin')
    .execute();
  const attendance: AttendeeDto[] = att.map((r) => ({ memberId: r.id, name: r.name, idNumber: r.id_number, orgId: r.org_id, org: r.org, status: r.status, reason: r.reason, voting: r.voting === 1 }));
  const perOrg = await db
    .selectFrom('orglife_activity_orgs')
    .innerJoin('orgs', 'orgs.id', 'orglife_activity_orgs.org_id')
    .select(['orgs.id', 'orgs.name', 'expected', 'present', 'on_leave', 'absent', 'excused'])
    .where('activity_id', '=', id)
    .execute();
  const v = votesOfRow(row);
  const votes: VotesDto | null = v ? { kind: v.kind, for: v.for, against: v.against, abstain: v.abstain, written: v.written ?? null, passed: row.vote_passed === 1 } : null;
  return {
    ...base,
    place: row.place,
    content: row.content,
    decisions: row.decisions,
    votes,
    guests: JSON.parse(row.guests) as string[],
    votingExpected: row.voting_expected,
    votingPresent: row.voting_present,
    perOrg: perOrg.map((p) => ({ id: p.id, name: p.name, expected: p.expected, present: p.present, onLeave: p.on_leave, absent: p.absent, excused: p.excused })),
    attendance,
    attachmentList: await listAttachments(db, id),
    history: await auditHistory(db, AUDIT_ACTIVITY, id, 100),
  };
}

/** the organization's last activity of a type (the entry form's "copy last") */
export async function lastActivity(ctx: ServiceContext, input: { org: number | string; type: string; before?: string | null }): Promise<ActivityDto | null> {
  const db = ctx.kysely;
  const [org] = await resolveOrgList(db, { org: input.org });
  const type = await resolveType(db, input.type);
  let q = db
    .selectFrom('orglife_activity_orgs')
    .select('activity_id')
    .where('org_id', '=', org.id)
    .where('type', '=', type.name)
    .orderBy('date', 'desc')
    .orderBy('activity_id', 'desc')
    .limit(1);
  if (input.before) q = q.where('date', '<=', input.before);
  const r = await q.executeTakeFirst();
  return r ? getActivity(ctx, r.activity_id) : null;
}

export interface ListInput {
  org?: number | string | null;
  withSubOrgs?: boolean;
  period?: string | null;
  type?: string | null;
  tag?: string | null;
  search?: string | null;
  offset?: number;
  limit?: number | null;
}

/**
 * The register, newest first, paged in SQL. The narrow per-organization table answers which activities
 * of the scope and period are on the page; only those rows are then read in full. A joint activity with
 * several organizations in scope is one row (grouped by date and id). Two plans: a small scope walks its
 * organizations' (org, date) index; a large one (a quarter of the tree or more) walks the (date, id)
 * index in order, testing the organization of each row, so that a page is read without sorting the
 * year; the whole tree needs no organization test at all.
 */
export async function listActivities(ctx: ServiceContext, input: ListInput): Promise<{ rows: ActivityRowDto[]; total: number }> {
  const db = ctx.kysely;
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  const p = input.period ? parsePeriod(input.period) : null;
  const type = input.type ? (await resolveType(db, input.type)).name : null;
  const conds = [sql`1 = 1`];
  if (scope.ids) {
    const all = Number((await db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    if (scope.ids.length < all) {
      conds.push(scope.ids.length * 4 >= all ? sql`+ao.org_id IN ${jsonIds(scope.ids)}` : sql`ao.org_id IN ${jsonIds(scope.ids)}`);
    }
  }
  if (p) conds.push(sql`ao.date BETWEEN ${p.start} AND ${p.end}`);
  if (type) conds.push(sql`ao.type = ${type}`);
  if (input.tag) {
    conds.push(sql`ao.activity_id IN (SELECT at.activity_id FROM orglife_activity_tags at JOIN orglife_tags t ON t.id = at.tag_id WHERE t.name = ${input.tag.trim()})`);
  }
  if (input.search?.trim()) {
    const like = `%${input.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`ao.activity_id IN (SELECT id FROM orglife_activities WHERE topic LIKE ${like} ESCAPE '\\' OR first_topic LIKE ${like} ESCAPE '\\' OR chair LIKE ${like} ESCAPE '\\' OR lecturer LIKE ${like} ESCAPE '\\')`);
  }
  const where = sql.join(conds, sql` AND `);
  const totalRow = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (SELECT 1 FROM orglife_activity_orgs ao WHERE ${where} GROUP BY ao.date, ao.activity_id)`.execute(db);
  const limit = input.limit === null ? -1 : (input.limit ?? 50);
  const page = await sql<{ id: number }>`
    SELECT ao.activity_id AS id FROM orglife_activity_orgs ao WHERE ${where}
    GROUP BY ao.date, ao.activity_id ORDER BY ao.date DESC, ao.activity_id DESC LIMIT ${limit} OFFSET ${input.offset ?? 0}`.execute(db);
  const ids = page.rows.map((r) => r.id);
  const rows = ids.length ? await db.selectFrom('orglife_activities').selectAll().where(sql<boolean>`id IN ${jsonIds(ids)}`).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: await rowDtos(db, ids.map((id) => byId.get(id)!)), total: Number(totalRow.rows[0]?.n ?? 0) };
}

export async function listTags(ctx: ServiceContext): Promise<{ name: string; count: number }[]> {
  const rows = await ctx.kysely
    .selectFrom('orglife_tags')
    .leftJoin('orglife_activity_tags', 'orglife_activity_tags.tag_id', 'orglife_tags.id')
    .select((eb) => ['orglife_tags.name', eb.fn.count<number>('orglife_activity_tags.activity_id').as('n')])
    .groupBy('orglife_tags.id')
    .orderBy('n', 'desc')
    .orderBy('orglife_tags.name')
    .execute();
  return rows.map((r) => ({ name: r.name, count: Number(r.n) }));
}
