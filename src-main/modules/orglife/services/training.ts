import { sql } from 'kysely';
import { AppError, type Issue } from '../../../domain/errors.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { audit, auditHistory, diffFields } from '../../../services/audit.ts';
import { resolveMember, resolveOrg, subtreeIds } from '../../../services/refs.ts';
import { membersOnRoll } from '../../../services/roll.ts';
import { currentActor } from '../../../services/settings.ts';
import { TRAINING_LEVELS, roundHours, validHours } from '../domain/training.ts';
import { isCommitteePost } from '../domain/types.ts';
import type { MemberHoursDto, TrainingDto, TrainingRowDto } from '../contract.ts';
import { AUDIT_TRAINING, check, inTx, jsonIds, orgNames, scopeIds } from './common.ts';

// Training classes and study hours (docs/domain/org-life.md#training-hours): a class with its
// participants; per member and year, the class hours plus the study hours of the activities attended,
// against the targets (data: orglife_targets).

export interface TrainingIn {
  title?: string;
  kind?: string;
  level?: string;
  org?: number | string;
  start?: string;
  end?: string;
  hours?: number;
  place?: string | null;
  note?: string | null;
  participants?: (number | string)[];
}

interface Draft {
  title: string;
  kind: string;
  level: string;
  orgId: number;
  start: string;
  end: string;
  hours: number;
  place: string | null;
  note: string | null;
}

function issuesOf(d: Draft, today: string): Issue[] {
  const out: Issue[] = [];
  if (!d.title.trim()) out.push({ field: 'title', message: '缺少「培训名称」' });
  if (!d.kind.trim()) out.push({ field: 'kind', message: '缺少「培训类别」' });
  if (!(TRAINING_LEVELS as readonly string[]).includes(d.level)) out.push({ field: 'level', message: `「举办层级」应为：${TRAINING_LEVELS.join('、')}` });
  if (!isIsoDay(d.start)) out.push({ field: 'start', message: `「开始日期」不是有效日期：${d.start}` });
  if (!isIsoDay(d.end)) out.push({ field: 'end', message: `「结束日期」不是有效日期：${d.end}` });
  else if (d.end < d.start) out.push({ field: 'end', message: `「结束日期」${d.end} 早于「开始日期」${d.start}` });
  if (isIsoDay(d.start) && d.start > today) out.push({ field: 'start', message: `「开始日期」${d.start} 晚于今天（${today}）：只登记已经开始的培训` });
  if (!validHours(d.hours) || d.hours <= 0) out.push({ field: 'hours', message: `「学时」应为大于 0、最多一位小数的数：${d.hours}` });
  return out;
}

/** participants by id or 公民身份号码, each on the roll of the organization's subtree on the first day */
async function participantIds(db: Tx, orgId: number, start: string, refs: readonly (number | string)[]): Promise<number[]> {
  const org = await resolveOrg(db, orgId);
  const onRoll = new Set((await membersOnRoll(db, start, await subtreeIds(db, org))).map((r) => r.memberId));
  const out: number[] = [];
  const issues: Issue[] = [];
  for (const [i, ref] of refs.entries()) {
    const label = `「参训人员」第${i + 1}项`;
    let m;
    try {
      m = await resolveMember(db, ref, 'participants');
    } catch (e) {
      issues.push({ field: 'participants', message: `${label}：${(e as Error).message}` });
      continue;
    }
    if (!onRoll.has(m.id)) issues.push({ field: 'participants', message: `${label}：${m.name}在 ${start} 不在${org.name}（含下级组织）的党员名册中` });
    else if (!out.includes(m.id)) out.push(m.id);
  }
  check(issues);
  return out;
}

async function snapshot(db: Tx, id: number): Promise<Record<string, unknown>> {
  const t = await db.selectFrom('orglife_trainings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const people = await db.selectFrom('orglife_training_members').innerJoin('members', 'members.id', 'orglife_training_members.member_id').select('members.name').where('training_id', '=', id).orderBy('members.name_pinyin').execute();
  const { id: _i, created_at: _c, updated_at: _u, ...rest } = t;
  return { ...rest, participants: people.map((p) => p.name).join('、') };
}

async function writeParticipants(trx: Tx, id: number, memberIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('orglife_training_members').where('training_id', '=', id).execute();
  for (let i = 0; i < memberIds.length; i += 500) {
    await trx.insertInto('orglife_training_members').values(memberIds.slice(i, i + 500).map((m) => ({ training_id: id, member_id: m }))).execute();
  }
}

export async function addTraining(ctx: ServiceContext, input: Required<Pick<TrainingIn, 'title' | 'kind' | 'level' | 'org' | 'start' | 'end' | 'hours' | 'participants'>> & TrainingIn) {
  return inTx(ctx, async (trx) => {
    const org = await resolveOrg(trx, input.org);
    const d: Draft = {
      title: input.title.trim(), kind: input.kind.trim(), level: input.level.trim(), orgId: org.id, start: input.start, end: input.end,
      hours: roundHours(input.hours), place: input.place?.trim() || null, note: input.note?.trim() || null,
    };
    if (input.hours !== d.hours) check([{ field: 'hours', message: `「学时」最多一位小数：${input.hours}` }]);
    check(issuesOf(d, ctx.clock.today()));
    const people = await participantIds(trx, org.id, d.start, input.participants);
    const now = ctx.clock.now();
    const { id } = await trx
      .insertInto('orglife_trainings')
      .values({ title: d.title, kind: d.kind, level: d.level, org_id: d.orgId, start_date: d.start, end_date: d.end, hours: d.hours, place: d.place, note: d.note, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeParticipants(trx, id, people);
    await audit(trx, { actor: await currentActor(trx), at: now, entity: AUDIT_TRAINING, entityId: id, action: '登记培训', after: await snapshot(trx, id) });
    return { id, personTimes: people.length };
  });
}

export async function editTraining(ctx: ServiceContext, input: TrainingIn & { id: number }) {
  return inTx(ctx, async (trx) => {
    const cur = await trx.selectFrom('orglife_trainings').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!cur) throw new AppError('NOT_FOUND', `找不到该培训记录（编号 ${input.id}）`, 'id');
    const org = input.org !== undefined ? await resolveOrg(trx, input.org) : null;
    const d: Draft = {
      title: input.title?.trim() ?? cur.title, kind: input.kind?.trim() ?? cur.kind, level: input.level?.trim() ?? cur.level, orgId: org?.id ?? cur.org_id,
      start: input.start ?? cur.start_date, end: input.end ?? cur.end_date, hours: input.hours !== undefined ? roundHours(input.hours) : cur.hours,
      place: input.place !== undefined ? input.place?.trim() || null : cur.place, note: input.note !== undefined ? input.note?.trim() || null : cur.note,
    };
    check(issuesOf(d, ctx.clock.today()));
    const before = await snapshot(trx, cur.id);
    const refs = input.participants ?? (await trx.selectFrom('orglife_training_members').select('member_id').where('training_id', '=', cur.id).execute()).map((r) => r.member_id);
    const people = await participantIds(trx, d.orgId, d.start, refs);
    const now = ctx.clock.now();
    await trx
      .updateTable('orglife_trainings')
      .set({ title: d.title, kind: d.kind, level: d.level, org_id: d.orgId, start_date: d.start, end_date: d.end, hours: d.hours, place: d.place, note: d.note, updated_at: now })
      .where('id', '=', cur.id)
      .execute();
    await writeParticipants(trx, cur.id, people);
    const change = diffFields(before, await snapshot(trx, cur.id));
    if (change) await audit(trx, { actor: await currentActor(trx), at: now, entity: AUDIT_TRAINING, entityId: cur.id, action: '修改培训', ...change });
    return { id: cur.id, personTimes: people.length };
  });
}

export async function deleteTraining(ctx: ServiceContext, id: number): Promise<{ deleted: true }> {
  return inTx(ctx, async (trx) => {
    const cur = await trx.selectFrom('orglife_trainings').select('id').where('id', '=', id).executeTakeFirst();
    if (!cur) throw new AppError('NOT_FOUND', `找不到该培训记录（编号 ${id}）`, 'id');
    const before = await snapshot(trx, id);
    await trx.deleteFrom('orglife_trainings').where('id', '=', id).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: AUDIT_TRAINING, entityId: id, action: '删除培训', before });
    return { deleted: true as const };
  });
}

export async function getTraining(ctx: ServiceContext, id: number): Promise<TrainingDto> {
  const db = ctx.kysely;
  const t = await db.selectFrom('orglife_trainings').innerJoin('orgs', 'orgs.id', 'orglife_trainings.org_id').selectAll('orglife_trainings').select('orgs.name as org').where('orglife_trainings.id', '=', id).executeTakeFirst();
  if (!t) throw new AppError('NOT_FOUND', `找不到该培训记录（编号 ${id}）`, 'id');
  const people = await db
    .selectFrom('orglife_training_members as tm')
    .innerJoin('members as m', 'm.id', 'tm.member_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.name', 'm.id_number', 'o.name as org'])
    .where('tm.training_id', '=', id)
    .orderBy('o.path')
    .orderBy('m.name_pinyin')
    .execute();
  return {
    id: t.id, title: t.title, kind: t.kind, level: t.level, orgId: t.org_id, org: t.org, start: t.start_date, end: t.end_date, hours: t.hours, place: t.place, note: t.note,
    participants: people.map((p) => ({ memberId: p.id, name: p.name, idNumber: p.id_number, org: p.org })),
    personTimes: people.length,
    history: await auditHistory(db, AUDIT_TRAINING, id, 100),
  };
}

export async function listTrainings(ctx: ServiceContext, input: { org?: number | string | null; withSubOrgs?: boolean; year?: number | null }): Promise<TrainingRowDto[]> {
  const db = ctx.kysely;
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  let q = db
    .selectFrom('orglife_trainings as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .select((eb) => [
      't.id', 't.title', 't.kind', 't.level', 'o.name as org', 't.start_date', 't.end_date', 't.hours',
      eb.selectFrom('orglife_training_members as tm').select(eb.fn.countAll<number>().as('n')).whereRef('tm.training_id', '=', 't.id').as('people'),
    ])
    .orderBy('t.start_date', 'desc')
    .orderBy('t.id', 'desc');
  if (scope.ids) q = q.where(sql<boolean>`t.org_id IN ${jsonIds(scope.ids)}`);
  if (input.year) q = q.where('t.start_date', '>=', `${input.year}-01-01`).where('t.start_date', '<=', `${input.year}-12-31`);
  return (await q.execute()).map((r) => {
    const n = Number(r.people ?? 0);
    return { id: r.id, title: r.title, kind: r.kind, level: r.level, org: r.org, start: r.start_date, end: r.end_date, hours: r.hours, personTimes: n, totalHours: roundHours(n * r.hours) };
  });
}

/**
 * Per member on the roll of the scope at the end of the year (or today): class hours of the classes
 * begun in the year, plus study hours of the year's activities attended (出席), against the target —
 * 56 for members with a committee post (书记, 委员), else 32 (docs/domain/org-life.md#training-hours).
 */
export async function memberHours(ctx: ServiceContext, input: { org?: number | string | null; withSubOrgs?: boolean; year: number }): Promise<MemberHoursDto[]> {
  const db = ctx.kysely;
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  const today = ctx.clock.today();
  const yearEnd = `${input.year}-12-31`;
  const asOf = today < yearEnd ? today : yearEnd;
  const from = `${input.year}-01-01`;
  const onRoll = await membersOnRoll(db, asOf, scope.ids);
  if (!onRoll.length) return [];
  const ids = onRoll.map((r) => r.memberId);
  const training = await sql<{ member_id: number; h: number }>`
    SELECT tm.member_id, SUM(t.hours) AS h FROM orglife_trainings t JOIN orglife_training_members tm ON tm.training_id = t.id
    WHERE t.start_date BETWEEN ${from} AND ${yearEnd} GROUP BY tm.member_id`.execute(db);
  const activity = await sql<{ member_id: number; h: number }>`
    SELECT at.member_id, SUM(a.hours) AS h FROM orglife_activities a JOIN orglife_attendance at ON at.activity_id = a.id
    WHERE a.date BETWEEN ${from} AND ${yearEnd} AND a.hours IS NOT NULL AND at.status = '出席' GROUP BY at.member_id`.execute(db);
  const th = new Map(training.rows.map((r) => [r.member_id, r.h]));
  const ah = new Map(activity.rows.map((r) => [r.member_id, r.h]));
  const targets = new Map((await db.selectFrom('orglife_targets').selectAll().execute()).map((t) => [t.key, t.hours]));
  const info = await db.selectFrom('members').select(['id', 'name', 'id_number', 'party_post', 'name_pinyin']).where(sql<boolean>`id IN ${jsonIds(ids)}`).execute();
  const byId = new Map(info.map((m) => [m.id, m]));
  const names = await orgNames(db, [...new Set(onRoll.map((r) => r.orgId))]);
  const paths = new Map((await db.selectFrom('orgs').select(['id', 'path']).execute()).map((o) => [o.id, o.path]));
  return onRoll
    .map((r) => {
      const m = byId.get(r.memberId)!;
      const t = roundHours(th.get(m.id) ?? 0);
      const a = roundHours(ah.get(m.id) ?? 0);
      const hours = roundHours(t + a);
      const target = isCommitteePost(m.party_post) ? (targets.get('committee') ?? 56) : (targets.get('member') ?? 32);
      return { sort: `${paths.get(r.orgId) ?? ''}\u0000${m.name_pinyin}`, dto: { memberId: m.id, idNumber: m.id_number, name: m.name, org: names.get(r.orgId) ?? '', post: m.party_post, trainingHours: t, activityHours: a, hours, target, met: hours >= target } };
    })
    .sort((x, y) => (x.sort < y.sort ? -1 : x.sort > y.sort ? 1 : 0))
    .map((x) => x.dto);
}
