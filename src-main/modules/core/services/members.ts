import os from 'node:os';
import type { z } from 'zod';
import type {
  AuditEntryDto,
  MemberCheck,
  MemberDto,
  MemberEventDto,
  MemberInput,
  memberListInput,
  ProbationDto,
} from '../contract.ts';
import type { MembersTable } from '../tables.ts';
import { AppError, refuse, type Issue } from '../../../domain/errors.ts';
import { extensionOf, probationEnd, probationLevel } from '../../../domain/lifecycle.ts';
import { checkMember, type MemberCheckResult, type NormalizedMember, type RawMember } from '../../../domain/member-rules.ts';
import { holdsMembers } from '../../../domain/org-rules.ts';
import { loadNameKeyer } from '../../../domain/pinyin.ts';
import { audit, auditHistory, diffFields } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { countMembers, idFragment, matchingMemberIds, memberQuery, toMemberDto, type MemberRow } from './member-query.ts';
import { eventDtos, eventRows, recordEvents, rollChanged } from './lifecycle.ts';
import { resolveOrg, type OrgRow } from '../../../services/refs.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { memberColumnValues } from '../../../services/member-columns.ts';

// The member registry: the domain rules of member-rules.ts plus what needs
// the database — the organization, the uniqueness of the ID number (V06), history and roll events.


type Insertable = Omit<MembersTable, 'id' | 'created_at' | 'import_batch_id' | 'roll' | 'left_on' | 'increase_type' | 'join_type'> & {
  increase_type: string;
  join_type: string;
};

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
    increaseType: d.increaseType,
    joinType: d.joinType,
    enteredOn: d.enteredOn,
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

function mergeInput(existing: RawMember | null, input: MemberInput | Partial<MemberInput>): RawMember {
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
  input: MemberInput | Partial<MemberInput>,
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
      if (existing) check.errors.push(...lifecycleEdits(existing, check.member));
      if (check.errors.length) refuse(check.errors);
      warnings = [...check.warnings, ...check.notes];
      const note = check.notes.length ? check.notes.map((n) => n.message) : undefined;
      const cols = toColumns(check.member, check.org!.id, keyer(check.member.name), now);
      const actor = await actorOf(trx);
      if (!existing) {
        const row = await trx
          .insertInto('members')
          .values({ ...cols, roll: '在册', created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, { actor, at: now, entity: 'member', entityId: row.id, action: 'create', after: { ...auditView(cols, check.org!.name), note } });
        return row.id;
      }
      await trx.updateTable('members').set(cols).where('id', '=', existing.id).execute();
      // a corrected organization, 入党 or entry date changes the member's time on the roll (the ledger follows)
      if (cols.org_id !== existing.org_id || cols.joined_on !== existing.joined_on || cols.entered_on !== existing.entered_on) {
        await rollChanged(ctx, trx, [existing.id]);
      }
      const diff = diffFields(auditView(existing, existing.org_name), auditView(cols, check.org!.name));
      if (diff) await audit(trx, { actor, at: now, entity: 'member', entityId: existing.id, action: 'update', before: diff.before, after: { ...diff.after, note } });
      return existing.id;
    })
    .catch((e) => {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', '该公民身份号码已登记，同一号码不能重复登记', 'idNumber');
      throw e;
    });
  const row = await loadRow(ctx.kysely, savedId);
  return { member: toMemberDto(row!), warnings };
}

/**
 * Changes that are lifecycle events, not corrections of the record (docs/domain/members.md#lifecycle-events):
 * 转正 (预备党员 → 正式党员) and 党籍状态 go through their events, so that they are dated and counted.
 */
function lifecycleEdits(existing: MemberRow, m: { category: string; status: string }): Issue[] {
  const out: Issue[] = [];
  if (existing.category === '预备党员' && m.category === '正式党员') {
    out.push({ field: 'category', message: '预备党员转为正式党员须登记“转正”变动（支部大会日期），不能直接修改人员类别' });
  }
  if (existing.status !== m.status) {
    out.push({ field: 'status', message: `党籍状态的变化须登记“${m.status === '停止党籍' ? '停止党籍' : '恢复党籍'}”变动，不能直接修改` });
  }
  return out;
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

/** members.get: the member, lifecycle events, probation and change history for the detail drawer */
export async function getMember(
  ctx: ServiceContext,
  id: number,
): Promise<{ member: MemberDto; events: MemberEventDto[]; history: AuditEntryDto[]; probation: ProbationDto | null }> {
  const row = await loadRow(ctx.kysely, id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该党员');
  const rows = await eventRows(ctx.kysely, id);
  const history = await auditHistory(ctx.kysely, 'member', id);
  let probation: ProbationDto | null = null;
  if (row.category === '预备党员' && row.roll === '在册' && row.joined_on) {
    const ext = extensionOf(rows);
    probation = {
      endsOn: probationEnd(row.joined_on, ext?.months ?? null),
      extensionMonths: ext?.months ?? null,
      level: probationLevel({ category: row.category, joinedOn: row.joined_on, extensionMonths: ext?.months ?? null }, ctx.clock.today()),
    };
  }
  return { member: toMemberDto(row), events: await eventDtos(ctx.kysely, rows), history, probation };
}

/**
 * members.move: a bulk move into another organization of the tree, as one dated 调整 event per member
 * (docs/domain/members.md#lifecycle-events) in one transaction; members already there are skipped.
 */
export async function moveMembers(ctx: ServiceContext, ids: number[], orgId: number, date?: string | null): Promise<{ moved: number }> {
  const unique = [...new Set(ids)];
  const rows: { id: number; org_id: number }[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    rows.push(...(await ctx.kysely.selectFrom('members').select(['id', 'org_id']).where('id', 'in', unique.slice(i, i + 500)).execute()));
  }
  if (rows.length !== unique.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = unique.filter((x) => !found.has(x));
    throw new AppError('NOT_FOUND', `找不到编号为 ${missing.slice(0, 5).join('、')} 的党员，未做任何移动`, 'ids');
  }
  const toMove = rows.filter((r) => r.org_id !== orgId).map((r) => r.id);
  if (!toMove.length) {
    const target = await ctx.kysely.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst();
    if (!target) throw new AppError('NOT_FOUND', '找不到目标党组织', 'orgId');
    return { moved: 0 };
  }
  const r = await recordEvents(ctx, toMove, { type: '调整', date: date ?? ctx.clock.today(), toOrgId: orgId });
  return { moved: r.recorded };
}
