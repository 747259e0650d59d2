import type { MemberEventDto } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import type { Category, MemberStatus, Roll } from '../../../domain/enums.ts';
import { applyEvent, changesRoll, type LifecycleEventInput, type LifecycleState, type MemberPatch } from '../../../domain/lifecycle.ts';
import { holdsMembers } from '../../../domain/org-rules.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { actor as actorOf } from '../../../services/settings.ts';

// The member lifecycle (docs/domain/members.md#lifecycle-events): events checked by the state machine of
// domain/lifecycle.ts, recorded with what they changed (so that the latest can be undone), the ledger
// told in the same transaction (the modules' onRollChange), and deletion of a member entered by
// mistake. One user action is one transaction, for one member or a thousand.

const CHUNK = 500;

interface StateRow {
  id: number;
  name: string;
  org_id: number;
  roll: string;
  left_on: string | null;
  status: string;
  category: string;
  joined_on: string;
  confirmed_on: string | null;
  is_lost: number;
  lost_on: string | null;
  is_mobile: number;
  outflow: string | null;
}

interface EventRow {
  id: number;
  member_id: number;
  type: string;
  date: string;
  detail: string | null;
  subtype: string | null;
  months: number | null;
  whole_org: number;
  effective_on: string | null;
  from_org_id: number | null;
  to_org_id: number | null;
  prior: string | null;
  recorded_at: string;
  recorded_by: string | null;
}

const STATE_COLS = [
  'id', 'name', 'org_id', 'roll', 'left_on', 'status', 'category', 'joined_on', 'confirmed_on', 'is_lost', 'lost_on', 'is_mobile', 'outflow',
] as const;
const EVENT_COLS = [
  'id', 'member_id', 'type', 'date', 'detail', 'subtype', 'months', 'whole_org', 'effective_on', 'from_org_id', 'to_org_id', 'prior',
  'recorded_at', 'recorded_by',
] as const;

/** the members' stored standing and earlier events, in date order (ties in the order recorded) */
async function loadStates(db: Tx, ids: readonly number[]): Promise<Map<number, { row: StateRow; events: EventRow[] }>> {
  const out = new Map<number, { row: StateRow; events: EventRow[] }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    for (const row of await db.selectFrom('members').select(STATE_COLS).where('id', 'in', chunk).execute()) out.set(row.id, { row, events: [] });
    const events = await db
      .selectFrom('member_events')
      .select(EVENT_COLS)
      .where('member_id', 'in', chunk)
      .orderBy('member_id')
      .orderBy('date')
      .orderBy('id')
      .execute();
    for (const e of events) out.get(e.member_id)?.events.push(e);
  }
  return out;
}

function stateOf(row: StateRow, events: EventRow[]): LifecycleState {
  return {
    name: row.name,
    roll: row.roll as Roll,
    leftOn: row.left_on,
    status: row.status as MemberStatus,
    category: row.category as Category,
    joinedOn: row.joined_on,
    confirmedOn: row.confirmed_on,
    orgId: row.org_id,
    isLost: row.is_lost === 1,
    lostOn: row.lost_on,
    isMobile: row.is_mobile === 1,
    outflow: row.outflow,
    events,
  };
}

async function orgNames(db: Tx, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function eventDtos(db: Tx, rows: EventRow[]): Promise<MemberEventDto[]> {
  const names = await orgNames(db, rows.flatMap((e) => [e.from_org_id, e.to_org_id]));
  return rows.map((e) => ({
    id: e.id,
    type: e.type,
    date: e.date,
    detail: e.detail ?? '',
    fromOrg: e.from_org_id === null ? null : (names.get(e.from_org_id) ?? null),
    toOrg: e.to_org_id === null ? null : (names.get(e.to_org_id) ?? null),
    subtype: e.subtype,
    months: e.months,
    wholeOrg: e.whole_org === 1,
    effectiveOn: e.effective_on,
    recordedAt: e.recorded_at,
    recordedBy: e.recorded_by ?? '',
  }));
}

/** the roll changed for these members: every module that keeps something by the roll is told (the dues ledger) */
export async function rollChanged(ctx: ServiceContext, trx: Tx, memberIds: readonly number[]): Promise<void> {
  for (const listener of await ctx.registry.rollListeners()) await listener(ctx, trx, memberIds);
}

export type EventInput = Omit<LifecycleEventInput, 'toOrgName'>;

/**
 * members.recordEvent / members.recordEvents / members.move: the same event for every member given, in
 * one transaction; the first refusal refuses the whole action (naming the member and the rule).
 */
export async function recordEvents(
  ctx: ServiceContext,
  memberIds: readonly number[],
  input: EventInput,
): Promise<{ recorded: number; warnings: string[]; events: EventRow[] }> {
  const today = ctx.clock.today();
  const now = ctx.clock.now();
  const ids = [...new Set(memberIds)];
  return ctx.kysely.transaction().execute(async (trx) => {
    let toOrgName: string | null = null;
    if (input.toOrgId != null) {
      const org = await trx.selectFrom('orgs').select(['id', 'name', 'type']).where('id', '=', input.toOrgId).executeTakeFirst();
      if (!org) throw new AppError('NOT_FOUND', '找不到转入或调整到的党组织', 'toOrg');
      if (!holdsMembers(org.type)) throw new AppError('VALIDATION', `“${org.name}”是党组，不直接管理党员，请选择党委、党总支、党支部或党小组`, 'toOrg');
      toOrgName = org.name;
    }
    const states = await loadStates(trx, ids);
    const names = await orgNames(trx, [...[...states.values()].map((x) => x.row.org_id), input.toOrgId ?? null]);
    const missing = ids.filter((id) => !states.has(id));
    if (missing.length) throw new AppError('NOT_FOUND', `找不到编号为 ${missing.slice(0, 5).join('、')} 的党员，未做任何登记`, 'member');
    const actor = await actorOf(trx);
    const warnings: string[] = [];
    // members with the same change are written by one UPDATE per chunk
    const groups = new Map<string, { patch: MemberPatch; ids: number[] }>();
    const eventRows: Omit<EventRow, 'id'>[] = [];
    const auditRows: { at: string; actor: string; machine: string | null; module: string; entity: string; entity_id: number; action: string; before: string; after: string }[] = [];
    for (const id of ids) {
      const { row, events } = states.get(id)!;
      let t;
      try {
        t = applyEvent(stateOf(row, events), { ...input, toOrgName }, { today });
      } catch (e) {
        // in a bulk action the refusal names whom it concerns (the rule's sentence names the member already)
        if (e instanceof AppError && ids.length > 1 && !e.message.includes(row.name)) throw new AppError(e.code, `${row.name}：${e.message}`, e.field, e.details);
        throw e;
      }
      warnings.push(...t.warnings);
      const prior: Record<string, unknown> = {};
      for (const k of Object.keys(t.patch)) prior[k] = (row as unknown as Record<string, unknown>)[k];
      const key = JSON.stringify(t.patch);
      const g = groups.get(key) ?? { patch: t.patch, ids: [] };
      g.ids.push(id);
      groups.set(key, g);
      const ev = t.event;
      eventRows.push({
        member_id: id, type: ev.type, date: ev.date, detail: ev.detail, subtype: ev.subtype, months: ev.months, whole_org: ev.wholeOrg ? 1 : 0,
        effective_on: ev.effectiveOn, from_org_id: ev.fromOrgId, to_org_id: ev.toOrgId, prior: JSON.stringify(prior), recorded_at: now, recorded_by: actor.name,
      });
      // history shows organizations by name
      const { org_id: priorOrg, ...priorShown } = prior as { org_id?: number };
      const { org_id: newOrg, ...patchShown } = t.patch;
      auditRows.push({
        at: now, actor: actor.name, machine: actor.machine || null, module: 'core', entity: 'member', entity_id: id, action: `event:${ev.type}`,
        before: JSON.stringify({ ...priorShown, ...(priorOrg !== undefined ? { org: names.get(priorOrg) ?? null } : {}) }),
        after: JSON.stringify({
          ...patchShown, ...(newOrg !== undefined ? { org: names.get(newOrg) ?? null } : {}),
          date: ev.date, detail: ev.detail, subtype: ev.subtype, months: ev.months, wholeOrg: ev.wholeOrg || undefined, effectiveOn: ev.effectiveOn,
        }),
      });
    }
    for (const g of groups.values()) {
      for (let i = 0; i < g.ids.length; i += CHUNK) {
        await trx.updateTable('members').set({ ...g.patch, updated_at: now }).where('id', 'in', g.ids.slice(i, i + CHUNK)).execute();
      }
    }
    const inserted: EventRow[] = [];
    // 14 values per row: well under SQLite's 32,766 variables per statement
    for (let i = 0; i < eventRows.length; i += CHUNK) {
      const batch = eventRows.slice(i, i + CHUNK);
      const ret = await trx.insertInto('member_events').values(batch).returning('id').execute();
      batch.forEach((e, j) => inserted.push({ ...e, id: ret[j].id }));
      await trx.insertInto('audit_log').values(auditRows.slice(i, i + CHUNK)).execute();
    }
    if (changesRoll(eventRows[0]?.type ?? '')) await rollChanged(ctx, trx, ids);
    return { recorded: ids.length, warnings, events: inserted };
  });
}

/** what an event changed, for events recorded before `prior` was kept: read back from the earlier events */
function fallbackPrior(e: EventRow, earlier: EventRow[], row: StateRow): Record<string, unknown> {
  const lastOf = (types: string[]) => [...earlier].reverse().find((x) => types.includes(x.type));
  switch (e.type) {
    case '转出':
    case '死亡':
    case '出党':
      return { roll: '在册', left_on: null };
    case '转入': {
      const left = lastOf(['转出', '死亡', '出党']);
      return { roll: left?.type ?? '转出', left_on: left?.date ?? e.date, org_id: e.from_org_id ?? row.org_id };
    }
    case '调整':
      return e.from_org_id === null ? {} : { org_id: e.from_org_id };
    case '停止党籍':
      return { status: '正常' };
    case '恢复党籍':
      return { status: '停止党籍' };
    case '失联':
      return { is_lost: 0, lost_on: null };
    case '找回':
      return { is_lost: 1, lost_on: lastOf(['失联'])?.date ?? e.date };
    case '流动':
      return { is_mobile: 0, outflow: null };
    case '返回':
      return { is_mobile: 1, outflow: lastOf(['流动'])?.detail ?? null };
    case '转正':
      return { category: '预备党员', confirmed_on: null };
    default:
      return {};
  }
}

/**
 * members.undoEvent: the member's latest event is removed and what it changed put back; refused while a
 * later record rests on it (each module says which), naming them. Audited; the ledger is rebuilt.
 */
export async function undoLatestEvent(ctx: ServiceContext, memberId: number): Promise<{ undone: MemberEventDto }> {
  const now = ctx.clock.now();
  return ctx.kysely.transaction().execute(async (trx) => {
    const { row, events } = (await loadStates(trx, [memberId])).get(memberId) ?? {};
    if (!row) throw new AppError('NOT_FOUND', '找不到该党员', 'member');
    const last = events![events!.length - 1];
    if (!last) throw new AppError('CONFLICT', `${row.name}没有登记过变动，无可撤销`, 'member');
    const deps: string[] = [];
    for (const d of await ctx.registry.memberDependents()) {
      const found = await d.find(ctx, trx, { memberId, since: { type: last.type, date: last.date, orgId: last.to_org_id } });
      deps.push(...found.map((x) => `${d.title}：${x}`));
    }
    if (deps.length) {
      throw new AppError('CONFLICT', `不能撤销${row.name}的“${last.type}”（${last.date}）：之后登记的记录依赖于它——${deps.join('；')}。请先处理这些记录`, 'member', { dependents: deps });
    }
    const prior = last.prior ? (JSON.parse(last.prior) as Record<string, unknown>) : fallbackPrior(last, events!.slice(0, -1), row);
    await trx.updateTable('members').set({ ...prior, updated_at: now }).where('id', '=', memberId).execute();
    await trx.deleteFrom('member_events').where('id', '=', last.id).execute();
    const [dto] = await eventDtos(trx, [last]);
    await audit(trx, { actor: await actorOf(trx), at: now, entity: 'member', entityId: memberId, action: `event-undo:${last.type}`, before: dto, after: prior });
    if (changesRoll(last.type)) await rollChanged(ctx, trx, [memberId]);
    return { undone: dto };
  });
}

/** members.history: the member's events in date order */
export async function memberHistory(ctx: ServiceContext, memberId: number): Promise<MemberEventDto[]> {
  const rows = await ctx.kysely.selectFrom('member_events').select(EVENT_COLS).where('member_id', '=', memberId).orderBy('date').orderBy('id').execute();
  return eventDtos(ctx.kysely, rows);
}

/** the raw event rows (the member card's probation) */
export async function eventRows(db: Tx, memberId: number): Promise<EventRow[]> {
  return db.selectFrom('member_events').select(EVENT_COLS).where('member_id', '=', memberId).orderBy('date').orderBy('id').execute();
}

/**
 * members.delete: a member entered by mistake. Refused while anything else rests on the member — the
 * organizations it is secretary of, and what each module reports (payments, screening records …), named.
 * The member's own events, standards and derived month rows go with the record. Audited with the record.
 */
export async function deleteMember(ctx: ServiceContext, memberId: number): Promise<{ deleted: true; name: string }> {
  const now = ctx.clock.now();
  return ctx.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '找不到该党员', 'member');
    const deps: string[] = [];
    const led = await trx.selectFrom('orgs').select('name').where('secretary_id', '=', memberId).execute();
    if (led.length) deps.push(`组织：担任${led.map((o) => o.name).join('、')}的书记`);
    for (const d of await ctx.registry.memberDependents()) {
      deps.push(...(await d.find(ctx, trx, { memberId })).map((x) => `${d.title}：${x}`));
    }
    if (deps.length) {
      throw new AppError('CONFLICT', `不能删除${row.name}：已有依赖该党员的记录——${deps.join('；')}。请先处理这些记录；已离开的党员请登记转出、死亡或出党，不要删除`, 'member', { dependents: deps });
    }
    const events = await eventDtos(trx, await eventRows(trx, memberId));
    await trx.deleteFrom('member_events').where('member_id', '=', memberId).execute();
    await trx.deleteFrom('members').where('id', '=', memberId).execute();
    const { name_pinyin: _p, name_initials: _i, ...kept } = row;
    await audit(trx, { actor: await actorOf(trx), at: now, entity: 'member', entityId: memberId, action: 'delete', before: { ...kept, events } });
    return { deleted: true as const, name: row.name };
  });
}
