import os from 'node:os';
import type { z } from 'zod';
import type {
  AuditEntryDto,
  MemberCheck,
  MemberDto,
  MemberEventDto,
  MemberInput,
  memberListInput,
} from '../contract.ts';
import type { Updateable } from 'kysely';
import type { MembersTable } from '../tables.ts';
import { MEMBER_EVENT_TYPES, type MemberEventType } from '../../../domain/enums.ts';
import { AppError, refuse, type Issue } from '../../../domain/errors.ts';
import { checkMember, type MemberCheckResult, type NormalizedMember, type RawMember } from '../../../domain/member-rules.ts';
import { holdsMembers } from '../../../domain/org-rules.ts';
import { certainlyAfter, parsePartialDate } from '../../../domain/partial-date.ts';
import { loadNameKeyer } from '../../../domain/pinyin.ts';
import { audit, auditHistory, diffFields } from '../../../services/audit.ts';
import { rollEffect } from '../../../domain/roll.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { countMembers, idFragment, matchingMemberIds, memberQuery, toMemberDto, type MemberRow } from './member-query.ts';
import { resolveOrg, type OrgRow } from '../../../services/refs.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { memberColumnValues } from '../../../services/member-columns.ts';

// The member registry: the domain rules of member-rules.ts plus what needs
// the database — the organization, the uniqueness of the ID number (V06), history and roll events.


type Insertable = Omit<MembersTable, 'id' | 'created_at' | 'import_batch_id' | 'roll' | 'left_on'>;

/** a stored member as the form's input, so that an update can apply only the keys it was given */
function rowToRaw(row: MemberRow): RawMember {
  const d = toMemberDto(row);
  return {
    name: d.name,
    idNumber: d.idNumber,
    gender: d.gender,
    ethnicity: d.ethnicity,
    birthDate: d.birthDate,
    education: d.education,
    degree: d.degree,
    category: d.category,
    joinedOn: d.joinedOn,
    confirmedOn: d.confirmedOn,
    orgId: d.orgId,
    jobPosition: d.jobPosition,
    workUnit: d.workUnit,
    nativePlace: d.nativePlace,
    phone: d.phone,
    landline: d.landline,
    address: d.address,
    householdReg: d.householdReg,
    partyPost: d.partyPost,
    workStart: d.workStart,
    status: d.status,
    isLost: d.isLost,
    lostOn: d.lostOn,
    isMobile: d.isMobile,
    outflow: d.outflow,
    remark: d.remark,
    profTitle: d.profTitle,
    taiwan: d.taiwan,
    migrantWorker: d.migrantWorker,
    newStratum: d.newStratum,
    selfCareUnable: d.selfCareUnable,
  };
}

async function loadRow(db: Tx, id: number): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .selectAll('m')
    .select('o.name as org_name')
    .where('m.id', '=', id)
    .executeTakeFirst();
}

interface FullCheck extends MemberCheckResult {
  org: OrgRow | null;
}

/**
 * All rules for one member: the domain's (errors and warnings) plus the organization (named, existing,
 * not a 党组) and the ID number's uniqueness in the registry (V06). `id` excludes the member itself.
 */
async function checkWithRegistry(db: Tx, id: number | undefined, raw: RawMember, today: string): Promise<FullCheck> {
  const result = checkMember(raw, { today });
  const errors: Issue[] = [...result.errors];
  let org: OrgRow | null = null;
  if (raw.orgId != null || (raw.org && raw.org.trim())) {
    try {
      org = await resolveOrg(db, raw.orgId ?? raw.org);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push({ field: 'org', message: e.message });
    }
  } else errors.push({ field: 'org', message: '请填写所在党组织' });
  if (org && !holdsMembers(org.type)) {
    errors.push({ field: 'org', message: `“${org.name}”是党组，不直接管理党员，请选择党委、党总支、党支部或党小组` });
  }
  if (result.member.idNumber && !result.errors.some((e) => e.field === 'idNumber')) {
    const dup = await db
      .selectFrom('members as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select(['m.id', 'm.name', 'o.name as org_name'])
      .where('m.id_number', '=', result.member.idNumber)
      .executeTakeFirst();
    if (dup && dup.id !== id) {
      errors.push({ field: 'idNumber', message: `该公民身份号码已登记（${dup.name}，${dup.org_name}），同一号码不能重复登记` });
    }
  }
  return { ...result, errors, org };
}

function mergeInput(existing: RawMember | null, input: MemberInput): RawMember {
  if (!existing) return input as RawMember;
  const merged: Record<string, unknown> = { ...existing };
  for (const [k, v] of Object.entries(input)) if (v !== undefined) merged[k] = v;
  // a new organization by name replaces the stored one by id
  if (input.org !== undefined && input.orgId === undefined) delete merged.orgId;
  return merged as RawMember;
}

/** members.check: what the form shows beside the fields as the clerk types */
export async function checkMemberInput(ctx: ServiceContext, id: number | undefined, input: MemberInput): Promise<MemberCheck> {
  const existing = id === undefined ? null : await loadRow(ctx.kysely, id);
  const r = await checkWithRegistry(ctx.kysely, id, mergeInput(existing ? rowToRaw(existing) : null, input), ctx.clock.today());
  return { errors: r.errors, warnings: r.warnings, derived: r.derived };
}

function toColumns(m: NormalizedMember, orgId: number, keys: { pinyin: string; initials: string }, now: string): Insertable {
  return {
    ...memberColumnValues(m),
    name_pinyin: keys.pinyin,
    name_initials: keys.initials,
    org_id: orgId,
    updated_at: now,
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';

/**
 * members.save: creates (no id) or updates a member. On update only the given keys change. Errors refuse
 * the whole save (nothing written); warnings are returned with the saved member. One transaction, audited.
 */
export async function saveMember(
  ctx: ServiceContext,
  id: number | undefined,
  input: MemberInput,
): Promise<{ member: MemberDto; warnings: Issue[] }> {
  const today = ctx.clock.today();
  const now = ctx.clock.now();
  const keyer = await loadNameKeyer();
  let warnings: Issue[] = [];
  const savedId = await ctx.kysely
    .transaction()
    .execute(async (trx) => {
      const existing = id === undefined ? null : await loadRow(trx, id);
      if (id !== undefined && !existing) throw new AppError('NOT_FOUND', '找不到要修改的党员');
      const raw = mergeInput(existing ? rowToRaw(existing) : null, input);
      const check = await checkWithRegistry(trx, id, raw, today);
      if (check.errors.length) refuse(check.errors);
      warnings = check.warnings;
      const cols = toColumns(check.member, check.org!.id, keyer(check.member.name), now);
      const actor = await actorOf(trx);
      if (!existing) {
        const row = await trx
          .insertInto('members')
          .values({ ...cols, roll: '在册', created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, { actor, at: now, entity: 'member', entityId: row.id, action: 'create', after: auditView(cols, check.org!.name) });
        return row.id;
      }
      await trx.updateTable('members').set(cols).where('id', '=', existing.id).execute();
      const diff = diffFields(auditView(existing, existing.org_name), auditView(cols, check.org!.name));
      if (diff) await audit(trx, { actor, at: now, entity: 'member', entityId: existing.id, action: 'update', ...diff });
      return existing.id;
    })
    .catch((e) => {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', '该公民身份号码已登记，同一号码不能重复登记', 'idNumber');
      throw e;
    });
  const row = await loadRow(ctx.kysely, savedId);
  return { member: toMemberDto(row!), warnings };
}

/** what history shows: the clerk's fields, without the derived search keys and timestamps */
function auditView(cols: Omit<Insertable, 'updated_at'> & { updated_at?: string }, orgName: string): Record<string, unknown> {
  const { name_pinyin: _p, name_initials: _i, updated_at: _u, org_id: _o, ...rest } = cols as Insertable & Record<string, unknown>;
  delete rest.created_at;
  delete rest.id;
  delete rest.org_name;
  delete rest.roll;
  delete rest.left_on;
  delete rest.import_batch_id;
  return { ...rest, org: orgName };
}

/** members.list: filtered, sorted, paged in SQL; `limit: null` returns everything (the CLI) */
export async function listMembers(
  ctx: ServiceContext,
  input: z.output<typeof memberListInput>,
): Promise<{ rows: MemberDto[]; total: number }> {
  const today = ctx.clock.today();
  const { sortBy, sortOrder, offset, limit, ...filter } = input;
  const opts = { today, sortBy, sortOrder };
  const pageSize = limit === undefined ? 100 : limit;
  const frag = idFragment(filter.search);
  if (pageSize !== null && frag !== null && frag.length < 18) {
    // An ID fragment: the ordered ids of every match (from the trigram index, or for a very common fragment
    // one scan inside the (roll, pinyin, id, id_number) index) give both the total and the page (reading
    // twice, for a count and for the page, doubled the time at 100,000 members).
    const ids = await matchingMemberIds(ctx.kysely, filter, opts);
    const pageIds = ids.slice(offset ?? 0, (offset ?? 0) + pageSize);
    const byId = await memberQuery(ctx.kysely, { roll: 'all' }, opts);
    const rows = pageIds.length ? (await byId.where('m.id', 'in', pageIds).execute()).map(toMemberDto) : [];
    return { rows, total: ids.length };
  }
  let q = await memberQuery(ctx.kysely, filter, opts);
  if (pageSize !== null) q = q.limit(pageSize).offset(offset ?? 0);
  const rows = (await q.execute()).map(toMemberDto);
  const total = pageSize === null && !offset ? rows.length : await countMembers(ctx.kysely, filter, today);
  return { rows, total };
}

/** members.get: the member, roll events and change history for the detail drawer */
export async function getMember(
  ctx: ServiceContext,
  id: number,
): Promise<{ member: MemberDto; events: MemberEventDto[]; history: AuditEntryDto[] }> {
  const row = await loadRow(ctx.kysely, id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该党员');
  const events = await ctx.kysely
    .selectFrom('member_events as e')
    .leftJoin('orgs as f', 'f.id', 'e.from_org_id')
    .leftJoin('orgs as t', 't.id', 'e.to_org_id')
    .select(['e.id', 'e.type', 'e.date', 'e.detail', 'e.recorded_at', 'e.recorded_by', 'f.name as from_name', 't.name as to_name'])
    .where('e.member_id', '=', id)
    .orderBy('e.date')
    .orderBy('e.id')
    .execute();
  const history = await auditHistory(ctx.kysely, 'member', id);
  return {
    member: toMemberDto(row),
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      date: e.date,
      detail: e.detail ?? '',
      fromOrg: e.from_name ?? null,
      toOrg: e.to_name ?? null,
      recordedAt: e.recorded_at,
      recordedBy: e.recorded_by ?? '',
    })),
    history,
  };
}

const CHUNK = 500;

/** members.move: bulk move into another organization; one transaction, one history entry per member */
export async function moveMembers(ctx: ServiceContext, ids: number[], orgId: number): Promise<{ moved: number }> {
  const now = ctx.clock.now();
  const unique = [...new Set(ids)];
  return ctx.kysely.transaction().execute(async (trx) => {
    const target = await trx.selectFrom('orgs').select(['id', 'name', 'type']).where('id', '=', orgId).executeTakeFirst();
    if (!target) throw new AppError('NOT_FOUND', '找不到目标党组织', 'orgId');
    if (!holdsMembers(target.type)) throw new AppError('VALIDATION', `“${target.name}”是党组，不直接管理党员，请选择其他组织`, 'orgId');
    const actor = await actorOf(trx);
    let moved = 0;
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const rows = await trx
        .selectFrom('members as m')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .select(['m.id', 'm.org_id', 'o.name as org_name'])
        .where('m.id', 'in', chunk)
        .execute();
      if (rows.length !== chunk.length) {
        const found = new Set(rows.map((r) => r.id));
        const missing = chunk.filter((x) => !found.has(x));
        throw new AppError('NOT_FOUND', `找不到编号为 ${missing.slice(0, 5).join('、')} 的党员，未做任何移动`, 'ids');
      }
      const toMove = rows.filter((r) => r.org_id !== orgId);
      if (!toMove.length) continue;
      await trx
        .updateTable('members')
        .set({ org_id: orgId, updated_at: now })
        .where('id', 'in', toMove.map((r) => r.id))
        .execute();
      await trx
        .insertInto('audit_log')
        .values(
          toMove.map((r) => ({
            at: now,
            actor: actor.name,
            machine: actor.machine || null,
            module: 'core',
            entity: 'member',
            entity_id: r.id,
            action: 'move',
            before: JSON.stringify({ org: r.org_name }),
            after: JSON.stringify({ org: target.name }),
          })),
        )
        .execute();
      moved += toMove.length;
    }
    return { moved };
  });
}

const leaves = (t: string): boolean => rollEffect(t) === 'leave';

/**
 * members.recordEvent (docs/domain/members.md#lifecycle-events): 转出 / 死亡 / 出党 take the member off the
 * roll with a date and destination or reason; 转入 puts them (back) on the roll, optionally into another
 * organization; 停止党籍 / 恢复党籍 change 党籍状态; 失联 / 流动 set the flags with their dates.
 */
export async function recordEvent(
  ctx: ServiceContext,
  input: { id: number; type: string; date: string; detail?: string | null; toOrgId?: number | null },
): Promise<{ member: MemberDto }> {
  const today = ctx.clock.today();
  const now = ctx.clock.now();
  if (!(MEMBER_EVENT_TYPES as readonly string[]).includes(input.type)) {
    throw new AppError('VALIDATION', `事件类型应为：${MEMBER_EVENT_TYPES.join('、')}`, 'type');
  }
  const type = input.type as MemberEventType;
  const date = parsePartialDate(input.date);
  if (!date) throw new AppError('VALIDATION', `日期“${input.date}”不是有效日期，请写成如 2025-01-10 或 2025-01`, 'date');
  if (certainlyAfter(date, today)) throw new AppError('VALIDATION', '日期不能晚于今天', 'date');
  const detail = input.detail?.trim() || null;

  await ctx.kysely.transaction().execute(async (trx) => {
    const m = await loadRow(trx, input.id);
    if (!m) throw new AppError('NOT_FOUND', '找不到该党员', 'id');
    const set: Updateable<MembersTable> = {};
    let toOrgId: number | null = null;
    if (leaves(type)) {
      if (m.roll !== '在册') throw new AppError('CONFLICT', `${m.name}已不在册（${m.roll}），不能再登记${type}`, 'type');
      if (type !== '死亡' && !detail) {
        throw new AppError('VALIDATION', type === '转出' ? '请填写转出去向（转往的党组织）' : '请填写出党方式或原因', 'detail');
      }
      Object.assign(set, { roll: type, left_on: date });
    } else if (type === '转入') {
      if (input.toOrgId != null) {
        const org = await trx.selectFrom('orgs').select(['id', 'name', 'type']).where('id', '=', input.toOrgId).executeTakeFirst();
        if (!org) throw new AppError('NOT_FOUND', '找不到转入的党组织', 'toOrgId');
        if (!holdsMembers(org.type)) throw new AppError('VALIDATION', `“${org.name}”是党组，不直接管理党员`, 'toOrgId');
        toOrgId = org.id;
        set.org_id = org.id;
      }
      Object.assign(set, { roll: '在册', left_on: null });
    } else if (type === '停止党籍') {
      if (m.status === '停止党籍') throw new AppError('CONFLICT', `${m.name}已是停止党籍状态`, 'type');
      set.status = '停止党籍';
    } else if (type === '恢复党籍') {
      if (m.status !== '停止党籍') throw new AppError('CONFLICT', `${m.name}未停止党籍，无需恢复`, 'type');
      set.status = '正常';
    } else if (type === '失联') {
      Object.assign(set, { is_lost: 1, lost_on: date });
    } else if (type === '流动') {
      if (!detail) throw new AppError('VALIDATION', '请填写外出流向', 'detail');
      Object.assign(set, { is_mobile: 1, outflow: detail });
    }
    const actor = await actorOf(trx);
    await trx.updateTable('members').set({ ...set, updated_at: now }).where('id', '=', m.id).execute();
    await trx
      .insertInto('member_events')
      .values({
        member_id: m.id,
        type,
        date,
        detail,
        from_org_id: type === '转入' && toOrgId ? m.org_id : leaves(type) ? m.org_id : null,
        to_org_id: toOrgId,
        recorded_at: now,
        recorded_by: actor.name,
      })
      .execute();
    const before: Record<string, unknown> = {};
    for (const k of Object.keys(set)) before[k] = (m as Record<string, unknown>)[k];
    await audit(trx, { actor, at: now, entity: 'member', entityId: m.id, action: `event:${type}`, before, after: { ...set, date, detail } });
  });
  const row = await loadRow(ctx.kysely, input.id);
  return { member: toMemberDto(row!) };
}
