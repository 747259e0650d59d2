import type { z } from 'zod';
import type { Selectable } from 'kysely';
import type { DevListItem, DevPersonDto, OverrideDto, PersonRefDto, ReviewDto, personPatch, votesInput } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { holdsMembers } from '../../../domain/org-rules.ts';
import { checkVote } from '../../../domain/votes.ts';
import { audit, diffFields } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { orgScope, resolveMember, resolveOrg } from '../../../services/refs.ts';
import { actor as currentActor } from '../../../services/settings.ts';
import type { DevPeopleTable } from '../tables.ts';
import { dateOrError, normalizePerson, type RawPerson } from '../domain/person.ts';
import {
  REVIEW_KINDS, approvalWarning, checkApplication, checkStep, dueItems, stageOf, type DevDates, type RuleBreak, type Stage, type StepCheck,
} from '../domain/rules.ts';
import { enterRegistry } from './registry-entry.ts';

// The development register (docs/domain/development.md): add, advance through the stages under the time
// rules (refused with the rule unless overridden with a reason, which is kept), edit, delete, list.

type Row = Selectable<DevPeopleTable>;

async function loadRow(db: Tx, ref: number | string): Promise<Row> {
  const q = db.selectFrom('dev_people').selectAll();
  const row = typeof ref === 'number'
    ? await q.where('id', '=', ref).executeTakeFirst()
    : await q.where('id_number', '=', normalizeIdNumber(ref)).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', typeof ref === 'number' ? `找不到该发展党员对象（编号 ${ref}）` : `发展党员名册中没有公民身份号码为 ${normalizeIdNumber(ref)} 的人`, 'person');
  return row as Row;
}

const ids = (json: string | null): number[] => (json ? (JSON.parse(json) as number[]) : []);

async function reviewsOf(db: Tx, personIds: number[]): Promise<Map<number, ReviewDto[]>> {
  const out = new Map<number, ReviewDto[]>();
  if (!personIds.length) return out;
  const rows = await db.selectFrom('dev_reviews').selectAll().where('person_id', 'in', personIds).orderBy('date').orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(r.person_id) ?? [];
    list.push({ id: r.id, kind: r.kind, date: r.date, reviewer: r.reviewer ?? '', summary: r.summary ?? '' });
    out.set(r.person_id, list);
  }
  return out;
}

async function overridesOf(db: Tx, personIds: number[]): Promise<Map<number, OverrideDto[]>> {
  const out = new Map<number, OverrideDto[]>();
  if (!personIds.length) return out;
  const rows = await db.selectFrom('dev_overrides').selectAll().where('person_id', 'in', personIds).orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(r.person_id) ?? [];
    list.push({ rule: r.rule, code: r.code, reason: r.reason, date: r.date, stage: r.stage });
    out.set(r.person_id, list);
  }
  return out;
}

export function datesOf(r: Row, reviews: readonly ReviewDto[]): DevDates & { stage: Stage } {
  return {
    stage: stageOf(r.stage) ?? '入党申请人',
    birthDate: r.birth_date,
    appliedOn: r.applied_on,
    talkedOn: r.talked_on,
    activistOn: r.activist_on,
    candidateOn: r.candidate_on,
    trainingFrom: r.training_from,
    trainingTo: r.training_to,
    trainingHours: r.training_hours,
    politicalReviewOn: r.political_review_on,
    admittedOn: r.admitted_on,
    approvalOn: r.approval_on,
    reviews: reviews.filter((x) => x.kind === '培养考察').map((x) => x.date),
  };
}

async function refsOf(db: Tx, memberIds: number[]): Promise<PersonRefDto[]> {
  if (!memberIds.length) return [];
  const rows = await db.selectFrom('members').select(['id', 'name', 'id_number']).where('id', 'in', memberIds).execute();
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, idNumber: r.id_number }]));
  return memberIds.map((id) => byId.get(id)).filter((x): x is PersonRefDto => Boolean(x));
}

function listItem(r: Row, org: string, overrides: OverrideDto[], reviews: ReviewDto[], asOf: string): DevListItem {
  return {
    id: r.id, idNumber: r.id_number, name: r.name, org, orgId: r.org_id, stage: r.stage, appliedOn: r.applied_on, talkedOn: r.talked_on,
    activistOn: r.activist_on, candidateOn: r.candidate_on, admittedOn: r.admitted_on, overrides, due: dueItems(datesOf(r, reviews), asOf),
  };
}

async function toDto(ctx: ServiceContext, r: Row): Promise<DevPersonDto> {
  const db = ctx.kysely;
  const org = await db.selectFrom('orgs').select('name').where('id', '=', r.org_id).executeTakeFirst();
  const reviews = (await reviewsOf(db, [r.id])).get(r.id) ?? [];
  const overrides = (await overridesOf(db, [r.id])).get(r.id) ?? [];
  return {
    ...listItem(r, org?.name ?? '', overrides, reviews, ctx.clock.today()),
    gender: r.gender ?? '', ethnicity: r.ethnicity ?? '', birthDate: r.birth_date ?? '', education: r.education ?? '', phone: r.phone ?? '',
    jobPosition: r.job_position ?? '', workUnit: r.work_unit ?? '',
    contacts: await refsOf(db, ids(r.contacts)), sponsors: await refsOf(db, ids(r.sponsors)),
    politicalReviewOn: r.political_review_on, politicalReviewResult: r.political_review_result ?? '',
    trainingFrom: r.training_from, trainingTo: r.training_to, trainingHours: r.training_hours, trainingCert: r.training_cert ?? '',
    publicityFrom: r.publicity_from, publicityTo: r.publicity_to, preReviewOn: r.pre_review_on, volunteerFormNo: r.volunteer_form_no ?? '',
    votes: r.votes ? JSON.parse(r.votes) : null, approvalOn: r.approval_on, oathOn: r.oath_on, joinType: r.join_type, memberId: r.member_id,
    remark: r.remark ?? '', reviews,
  };
}

/** the rules of a step: hard ones refuse; time rules refuse unless overridden with a reason (returned to record) */
function settle(check: StepCheck, what: string, input: { override?: boolean; reason?: string | null }): RuleBreak[] {
  if (check.hard.length) throw new AppError('VALIDATION', `不能${what}：${check.hard.join('；')}`);
  if (!check.rules.length) return [];
  if (!input.override) {
    throw new AppError(
      'NEEDS_CONFIRMATION',
      `不能${what}：${check.rules.map((r) => r.rule).join('；')}。如确属特殊情况，请确认并写明理由（命令行加 --override --reason 理由）`,
      'override',
      { rules: check.rules },
    );
  }
  if (!input.reason?.trim()) throw new AppError('VALIDATION', '越过时间规定须写明特殊情况的理由', 'reason');
  return check.rules;
}

/** 培养联系人 / 入党介绍人: on the roll, 正式党员, 党籍正常 (docs/domain/development.md#time-rules) */
async function fullMembers(db: Tx, refs: readonly (number | string)[], role: string): Promise<number[]> {
  const out: number[] = [];
  for (const ref of refs) {
    const m = await resolveMember(db, ref, role === '入党介绍人' ? 'sponsors' : 'contacts');
    const status = await db.selectFrom('members').select('status').where('id', '=', m.id).executeTakeFirstOrThrow();
    if (m.roll !== '在册') throw new AppError('VALIDATION', `${role}须为在册的正式党员：${m.name}已${m.roll}`, role === '入党介绍人' ? 'sponsors' : 'contacts');
    if (m.category !== '正式党员') throw new AppError('VALIDATION', `${role}须为正式党员：${m.name}是${m.category}`, role === '入党介绍人' ? 'sponsors' : 'contacts');
    if (status.status !== '正常') throw new AppError('VALIDATION', `${role}须为党籍正常的正式党员：${m.name}已${status.status}`, role === '入党介绍人' ? 'sponsors' : 'contacts');
    if (!out.includes(m.id)) out.push(m.id);
  }
  return out;
}

async function recordOverrides(trx: Tx, personId: number, stage: string, date: string, rules: RuleBreak[], reason: string | null | undefined, now: string, actor: string) {
  for (const r of rules) {
    await trx.insertInto('dev_overrides').values({ person_id: personId, stage, code: r.code, rule: r.rule, reason: (reason ?? '').trim(), date, recorded_at: now, recorded_by: actor }).execute();
  }
}

async function checkedOrg(db: Tx, ref: number | string) {
  const org = await resolveOrg(db, ref);
  if (!holdsMembers(org.type)) throw new AppError('VALIDATION', `“${org.name}”是党组，不直接管理党员，请选择党支部`, 'org');
  return org;
}

export interface AddInput extends RawPerson {
  org: number | string;
  appliedOn: string;
  talkedOn?: string | null;
  override?: boolean;
  reason?: string | null;
}

/** dev.add: a written application received */
export async function addPerson(ctx: ServiceContext, input: AddInput): Promise<{ person: DevPersonDto; warnings: string[] }> {
  const today = ctx.clock.today();
  const { person, errors } = normalizePerson(input, today);
  const appliedOn = dateOrError(input.appliedOn, '申请入党日期', errors);
  if (!appliedOn && !errors.length) errors.push('请填写申请入党日期');
  const talkedOn = dateOrError(input.talkedOn, '谈话日期', errors);
  if (errors.length) throw new AppError('VALIDATION', errors.join('；'));
  const warnings: string[] = [];
  if (talkedOn && talkedOn < appliedOn!) throw new AppError('VALIDATION', '谈话日期早于申请入党日期', 'talkedOn');
  await refuseIfKnown(ctx.kysely, person.idNumber);
  const rules = settle(checkApplication({ birthDate: person.birthDate, appliedOn: appliedOn! }, today), '登记入党申请', input);
  const now = ctx.clock.now();
  const id = await ctx.kysely.transaction().execute(async (trx) => {
    const org = await checkedOrg(trx, input.org);
    await refuseIfKnown(trx, person.idNumber);
    const who = await currentActor(trx);
    const actor = who.name;
    const row = await trx.insertInto('dev_people').values({
      name: person.name, id_number: person.idNumber, gender: person.gender, ethnicity: person.ethnicity, birth_date: person.birthDate,
      education: person.education, phone: person.phone, job_position: person.jobPosition, work_unit: person.workUnit, org_id: org.id,
      stage: '入党申请人', applied_on: appliedOn!, talked_on: talkedOn, activist_on: null, contacts: null, candidate_on: null, sponsors: null,
      political_review_on: null, political_review_result: null, training_from: null, training_to: null, training_hours: null, training_cert: null,
      publicity_from: null, publicity_to: null, pre_review_on: null, volunteer_form_no: null, admitted_on: null, votes: null, approval_on: null,
      oath_on: null, join_type: person.joinType, member_id: null, remark: person.remark, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await recordOverrides(trx, row.id, '入党申请人', appliedOn!, rules, input.reason, now, actor);
    await audit(trx, { actor: who, at: now, entity: 'dev_person', entityId: row.id, action: '登记入党申请', after: { ...person, org: org.name, appliedOn, talkedOn } });
    return row.id;
  });
  return { person: await toDto(ctx, await loadRow(ctx.kysely, id)), warnings };
}

async function refuseIfKnown(db: Tx, idNumber: string): Promise<void> {
  const dup = await db.selectFrom('dev_people').select('name').where('id_number', '=', idNumber).executeTakeFirst();
  if (dup) throw new AppError('CONFLICT', `该公民身份号码已在发展党员名册中（${dup.name}）`, 'idNumber');
  const member = await db.selectFrom('members').select(['name', 'roll']).where('id_number', '=', idNumber).executeTakeFirst();
  if (member) throw new AppError('CONFLICT', `该公民身份号码已登记为党员（${member.name}，${member.roll}），不能再登记入党申请`, 'idNumber');
}

export interface AdvanceInput {
  person: number | string;
  stage: string;
  date: string;
  override?: boolean;
  reason?: string | null;
  votes?: z.output<typeof votesInput> | null;
  contacts?: (number | string)[];
  sponsors?: (number | string)[];
}

/** dev.advance: the next stage on a date, under the time rules */
export async function advance(ctx: ServiceContext, input: AdvanceInput): Promise<{ person: DevPersonDto; warnings: string[] }> {
  const db = ctx.kysely;
  const today = ctx.clock.today();
  const to = stageOf(input.stage);
  if (!to || to === '入党申请人') throw new AppError('VALIDATION', '阶段应为：入党积极分子（或积极分子）、发展对象、预备党员', 'stage');
  const row = await loadRow(db, input.person);
  const reviews = (await reviewsOf(db, [row.id])).get(row.id) ?? [];
  const check = checkStep(datesOf(row, reviews), to, input.date, today);
  const warnings = [...check.warnings];

  let contacts = ids(row.contacts);
  if (input.contacts?.length) contacts = await fullMembers(db, input.contacts, '培养联系人');
  let sponsors = ids(row.sponsors);
  if (input.sponsors?.length) sponsors = await fullMembers(db, input.sponsors, '入党介绍人');
  if (to === '入党积极分子' && !contacts.length) warnings.push('尚未指定培养联系人（1至2名正式党员）');
  if (to === '预备党员') {
    if (sponsors.length !== 2) check.hard.push(`须有两名正式党员作入党介绍人（现有 ${sponsors.length} 名）`);
    else await fullMembers(db, sponsors, '入党介绍人'); // still full members on the day
    if (input.votes) {
      const v = checkVote(input.votes, 'admission');
      if (!v.valid || !v.quorum || !v.passed) check.hard.push(...v.problems);
    } else warnings.push('未记录支部大会表决情况（应到、实到有表决权的正式党员及赞成、反对、弃权票数）');
  }
  const rules = settle(check, `确定为${to}`, input);
  const now = ctx.clock.now();

  let memberId: number | null = null;
  if (to === '预备党员') {
    // the admission meeting enters the person into the member registry (the core module's members.save)
    memberId = await enterRegistry(ctx, row, input.date);
  }
  await db.transaction().execute(async (trx) => {
    const who = await currentActor(trx);
    const actor = who.name;
    const set: Partial<Row> = { stage: to, updated_at: now, contacts: contacts.length ? JSON.stringify(contacts) : null, sponsors: sponsors.length ? JSON.stringify(sponsors) : null };
    if (to === '入党积极分子') set.activist_on = input.date;
    if (to === '发展对象') set.candidate_on = input.date;
    if (to === '预备党员') Object.assign(set, { admitted_on: input.date, votes: input.votes ? JSON.stringify(input.votes) : null, member_id: memberId });
    await trx.updateTable('dev_people').set(set).where('id', '=', row.id).execute();
    await recordOverrides(trx, row.id, to, input.date, rules, input.reason, now, actor);
    await audit(trx, {
      actor: who, at: now, entity: 'dev_person', entityId: row.id, action: `确定为${to}`,
      before: { stage: row.stage }, after: { stage: to, date: input.date, ...(rules.length ? { overrides: rules.map((r) => r.rule), reason: input.reason } : {}), ...(input.votes ? { votes: input.votes } : {}) },
    });
  });
  return { person: await toDto(ctx, await loadRow(db, row.id)), warnings };
}

const PATCH_COLUMNS: Record<string, keyof Row> = {
  name: 'name', gender: 'gender', ethnicity: 'ethnicity', birthDate: 'birth_date', education: 'education', phone: 'phone', jobPosition: 'job_position',
  workUnit: 'work_unit', appliedOn: 'applied_on', talkedOn: 'talked_on', activistOn: 'activist_on', candidateOn: 'candidate_on',
  politicalReviewOn: 'political_review_on', politicalReviewResult: 'political_review_result', trainingFrom: 'training_from', trainingTo: 'training_to',
  trainingHours: 'training_hours', trainingCert: 'training_cert', publicityFrom: 'publicity_from', publicityTo: 'publicity_to', preReviewOn: 'pre_review_on',
  volunteerFormNo: 'volunteer_form_no', approvalOn: 'approval_on', oathOn: 'oath_on', joinType: 'join_type', remark: 'remark',
};

const DATE_KEYS = new Set(['birthDate', 'appliedOn', 'talkedOn', 'activistOn', 'candidateOn', 'politicalReviewOn', 'trainingFrom', 'trainingTo', 'publicityFrom', 'publicityTo', 'preReviewOn', 'approvalOn', 'oathOn']);
const LABELS: Record<string, string> = {
  birthDate: '出生日期', appliedOn: '申请入党日期', talkedOn: '谈话日期', activistOn: '确定入党积极分子日期', candidateOn: '确定发展对象日期',
  politicalReviewOn: '政治审查日期', trainingFrom: '集中培训开始日期', trainingTo: '集中培训结束日期', publicityFrom: '公示开始日期', publicityTo: '公示结束日期',
  preReviewOn: '上级党委预审日期', approvalOn: '上级党委审批日期', oathOn: '入党宣誓日期',
};

/** dev.edit: changes the record (audited); the stage moves only by dev.advance */
export async function editPerson(ctx: ServiceContext, input: { person: number | string; patch: z.output<typeof personPatch> }): Promise<{ person: DevPersonDto; warnings: string[] }> {
  const db = ctx.kysely;
  const today = ctx.clock.today();
  const row = await loadRow(db, input.person);
  const p = input.patch;
  const errors: string[] = [];
  const set: Record<string, unknown> = {};
  const raw: RawPerson = {
    name: p.name ?? row.name, idNumber: row.id_number, gender: p.gender !== undefined ? p.gender : row.gender,
    ethnicity: p.ethnicity !== undefined ? p.ethnicity : row.ethnicity, birthDate: p.birthDate !== undefined ? p.birthDate : row.birth_date,
    education: p.education !== undefined ? p.education : row.education, phone: p.phone !== undefined ? p.phone : row.phone,
    jobPosition: p.jobPosition !== undefined ? p.jobPosition : row.job_position, workUnit: p.workUnit !== undefined ? p.workUnit : row.work_unit,
    joinType: p.joinType !== undefined ? p.joinType : row.join_type, remark: p.remark !== undefined ? p.remark : row.remark,
  };
  const { person, errors: personErrors } = normalizePerson(raw, today);
  errors.push(...personErrors);
  for (const [key, value] of Object.entries(p)) {
    if (value === undefined || key === 'org' || key === 'contacts' || key === 'sponsors') continue;
    const col = PATCH_COLUMNS[key];
    if (DATE_KEYS.has(key)) set[col] = dateOrError(value, LABELS[key], errors);
    else if (key in person) set[col] = (person as unknown as Record<string, unknown>)[key];
    else set[col] = typeof value === 'string' ? value.trim() || null : value;
  }
  if (set.applied_on === null) errors.push('申请入党日期不能为空');
  if (row.member_id && ('activist_on' in set || 'candidate_on' in set || 'applied_on' in set || 'birth_date' in set || 'name' in set)) {
    errors.push('已接收为预备党员，姓名、出生日期和各阶段日期以党员信息为准，不能在发展名册中修改');
  }
  if (errors.length) throw new AppError('VALIDATION', errors.join('；'));
  const merged = { ...row, ...set } as Row;
  const order: [string, string | null][] = [['申请入党日期', merged.applied_on], ['确定入党积极分子日期', merged.activist_on], ['确定发展对象日期', merged.candidate_on], ['支部大会接收日期', merged.admitted_on]];
  const present = order.filter(([, d]) => d);
  for (let i = 1; i < present.length; i++) {
    if (present[i][1]! < present[i - 1][1]!) throw new AppError('VALIDATION', `${present[i][0]}（${present[i][1]}）早于${present[i - 1][0]}（${present[i - 1][1]}）`);
  }
  if (merged.stage === '入党申请人' && merged.activist_on) throw new AppError('VALIDATION', '确定为入党积极分子请用“推进阶段”，不能直接填写日期');
  if (merged.training_from && merged.training_to && merged.training_to < merged.training_from) throw new AppError('VALIDATION', '集中培训结束日期早于开始日期');
  const warnings: string[] = [];
  if (merged.admitted_on && merged.approval_on) {
    const w = approvalWarning(merged.admitted_on, merged.approval_on);
    if (w) warnings.push(w);
  }
  if (merged.oath_on && (!merged.approval_on || merged.oath_on < merged.approval_on)) warnings.push('入党宣誓应在上级党委审批之后');
  if (p.org !== undefined) set.org_id = (await checkedOrg(db, p.org)).id;
  if (p.contacts !== undefined) set.contacts = p.contacts.length ? JSON.stringify(await fullMembers(db, p.contacts, '培养联系人')) : null;
  if (p.sponsors !== undefined) set.sponsors = p.sponsors.length ? JSON.stringify(await fullMembers(db, p.sponsors, '入党介绍人')) : null;
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('dev_people').set({ ...set, updated_at: now } as never).where('id', '=', row.id).execute();
    const before: Record<string, unknown> = {};
    for (const k of Object.keys(set)) before[k] = (row as unknown as Record<string, unknown>)[k];
    const diff = diffFields(before, set);
    if (diff) await audit(trx, { actor: await currentActor(trx), at: now, entity: 'dev_person', entityId: row.id, action: '修改发展党员信息', ...diff });
  });
  return { person: await toDto(ctx, await loadRow(db, row.id)), warnings };
}

/** dev.delete: a record entered by mistake (audited); refused once the person was admitted */
export async function deletePerson(ctx: ServiceContext, ref: number | string): Promise<{ deleted: true; name: string }> {
  const row = await loadRow(ctx.kysely, ref);
  if (row.member_id) throw new AppError('CONFLICT', `${row.name}已于 ${row.admitted_on} 接收为预备党员，发展材料须保留，不能删除`);
  const now = ctx.clock.now();
  await ctx.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('dev_people').where('id', '=', row.id).execute();
    await audit(trx, { actor: await currentActor(trx), at: now, entity: 'dev_person', entityId: row.id, action: '删除发展党员记录', before: { name: row.name, idNumber: row.id_number, stage: row.stage } });
  });
  return { deleted: true, name: row.name };
}

export async function getPerson(ctx: ServiceContext, ref: number | string): Promise<DevPersonDto> {
  return toDto(ctx, await loadRow(ctx.kysely, ref));
}

/** dev.list: by organization (subtree) and stage */
export async function listPeople(
  ctx: ServiceContext,
  q: { org?: number | string | null; includeSubOrgs?: boolean; stage?: string | null; asOf?: string | null },
): Promise<DevListItem[]> {
  const db = ctx.kysely;
  const scope = await orgScope(db, q.org ?? null, q.includeSubOrgs !== false);
  let stage: Stage | null = null;
  if (q.stage) {
    stage = stageOf(q.stage);
    if (!stage) throw new AppError('VALIDATION', '阶段应为：入党申请人、入党积极分子（或积极分子）、发展对象、预备党员', 'stage');
  }
  let query = db.selectFrom('dev_people as p').innerJoin('orgs as o', 'o.id', 'p.org_id').selectAll('p').select(['o.name as org_name', 'o.path']);
  if (scope) query = query.where('p.org_id', 'in', scope.ids);
  if (stage) query = query.where('p.stage', '=', stage);
  const rows = (await query.orderBy('o.path').orderBy('p.applied_on').orderBy('p.id').execute()) as (Row & { org_name: string })[];
  const personIds = rows.map((r) => r.id);
  const [reviews, overrides] = await Promise.all([reviewsOf(db, personIds), overridesOf(db, personIds)]);
  const asOf = q.asOf ?? ctx.clock.today();
  return rows.map((r) => listItem(r, r.org_name, overrides.get(r.id) ?? [], reviews.get(r.id) ?? [], asOf));
}

/** dev.addReview: a 培养考察 (every six months) or a 思想汇报 */
export async function addReview(ctx: ServiceContext, input: { person: number | string; kind: string; date: string; reviewer?: string | null; summary?: string | null }): Promise<DevPersonDto> {
  const row = await loadRow(ctx.kysely, input.person);
  if (!(REVIEW_KINDS as readonly string[]).includes(input.kind)) throw new AppError('VALIDATION', `类别应为：${REVIEW_KINDS.join('、')}`, 'kind');
  if (input.date > ctx.clock.today()) throw new AppError('VALIDATION', '日期不能晚于今天', 'date');
  if (input.date < row.applied_on) throw new AppError('VALIDATION', '日期早于申请入党日期', 'date');
  const now = ctx.clock.now();
  await ctx.kysely.transaction().execute(async (trx) => {
    const who = await currentActor(trx);
    const actor = who.name;
    await trx.insertInto('dev_reviews').values({ person_id: row.id, kind: input.kind, date: input.date, reviewer: input.reviewer?.trim() || null, summary: input.summary?.trim() || null, recorded_at: now, recorded_by: actor }).execute();
    await audit(trx, { actor: who, at: now, entity: 'dev_person', entityId: row.id, action: `登记${input.kind}`, after: { date: input.date, reviewer: input.reviewer, summary: input.summary } });
  });
  return getPerson(ctx, row.id);
}

export type { Row as DevRow };
