import { sql } from 'kysely';
import { AppError } from '../../../domain/errors.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { audit } from '../../../services/audit.ts';
import { resolveMember, resolveOrg } from '../../../services/refs.ts';
import { currentActor } from '../../../services/settings.ts';
import type { ExcuseDto, PanelMemberDto } from '../contract.ts';
import { inTx, jsonIds, scopeIds } from './common.ts';

// Members excused from 应到 for a time, and the dated 中心组 / 党组（党委） lists
// (docs/domain/org-life.md#who-should-attend).

function checkDates(from: string, until: string | null | undefined, fromLabel: string, untilLabel: string): void {
  if (!isIsoDay(from)) throw new AppError('VALIDATION', `「${fromLabel}」不是有效日期：${from}`, 'from');
  if (until && !isIsoDay(until)) throw new AppError('VALIDATION', `「${untilLabel}」不是有效日期：${until}`, 'until');
  if (until && until < from) throw new AppError('VALIDATION', `「${untilLabel}」${until} 早于「${fromLabel}」${from}`, 'until');
}

export async function listExcused(ctx: ServiceContext, input: { org?: number | string | null; withSubOrgs?: boolean; date?: string | null }): Promise<ExcuseDto[]> {
  const db = ctx.kysely;
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  let q = db
    .selectFrom('orglife_excused as x')
    .innerJoin('members as m', 'm.id', 'x.member_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['x.id', 'x.member_id', 'm.name', 'm.id_number', 'o.name as org', 'x.reason', 'x.from_date', 'x.until_date', 'x.note'])
    .orderBy('o.path')
    .orderBy('m.name_pinyin');
  if (scope.ids) q = q.where(sql<boolean>`m.org_id IN ${jsonIds(scope.ids)}`);
  if (input.date) q = q.where('x.from_date', '<=', input.date).where((eb) => eb.or([eb('x.until_date', 'is', null), eb('x.until_date', '>=', input.date!)]));
  return (await q.execute()).map((r) => ({
    id: r.id, memberId: r.member_id, name: r.name, idNumber: r.id_number, org: r.org, reason: r.reason, from: r.from_date, until: r.until_date, note: r.note,
  }));
}

export async function excuse(ctx: ServiceContext, input: { member: number | string; reason: string; from: string; until?: string | null; note?: string | null }): Promise<ExcuseDto> {
  checkDates(input.from, input.until, '起始日期', '截止日期');
  return inTx(ctx, async (trx) => {
    const m = await resolveMember(trx, input.member, 'member');
    const now = ctx.clock.now();
    const row = await trx
      .insertInto('orglife_excused')
      .values({ member_id: m.id, reason: input.reason.trim(), from_date: input.from, until_date: input.until ?? null, note: input.note?.trim() || null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actor: await currentActor(trx), at: now, entity: 'orglife_excused', entityId: row.id, action: `免计应到：${m.name}`, after: { reason: input.reason, from: input.from, until: input.until ?? null } });
    const org = await trx.selectFrom('orgs').select('name').where('id', '=', m.orgId).executeTakeFirstOrThrow();
    return { id: row.id, memberId: m.id, name: m.name, idNumber: m.idNumber, org: org.name, reason: input.reason.trim(), from: input.from, until: input.until ?? null, note: input.note?.trim() || null };
  });
}

export async function unexcuse(ctx: ServiceContext, id: number): Promise<{ deleted: true }> {
  return inTx(ctx, async (trx) => {
    const r = await trx.selectFrom('orglife_excused').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', `找不到该免计记录（编号 ${id}）`, 'id');
    await trx.deleteFrom('orglife_excused').where('id', '=', id).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: 'orglife_excused', entityId: id, action: '撤销免计', before: r });
    return { deleted: true as const };
  });
}

export async function panel(ctx: ServiceContext, input: { org: number | string; kind: string; date?: string | null }): Promise<PanelMemberDto[]> {
  const db = ctx.kysely;
  const org = await resolveOrg(db, input.org);
  let q = db
    .selectFrom('orglife_panels as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .select(['p.id', 'p.org_id', 'p.kind', 'p.member_id', 'm.name', 'm.id_number', 'p.role', 'p.from_date', 'p.until_date'])
    .where('p.org_id', '=', org.id)
    .where('p.kind', '=', input.kind)
    .orderBy('p.from_date')
    .orderBy('p.id');
  if (input.date) q = q.where('p.from_date', '<=', input.date).where((eb) => eb.or([eb('p.until_date', 'is', null), eb('p.until_date', '>=', input.date!)]));
  return (await q.execute()).map((r) => ({
    id: r.id, orgId: r.org_id, org: org.name, kind: r.kind, memberId: r.member_id, name: r.name, idNumber: r.id_number, role: r.role, from: r.from_date, until: r.until_date,
  }));
}

export async function savePanelMember(
  ctx: ServiceContext,
  input: { id?: number; org: number | string; kind: string; member: number | string; role?: string | null; from: string; until?: string | null },
): Promise<PanelMemberDto> {
  checkDates(input.from, input.until, '起始日期', '截止日期');
  return inTx(ctx, async (trx) => {
    const org = await resolveOrg(trx, input.org);
    if (!['党委', '党组', '党总支'].includes(org.type)) {
      throw new AppError('VALIDATION', `「党组织」${org.name}是${org.type}：中心组、党组（党委）名单只为党委、党组和党总支登记`, 'org');
    }
    const m = await resolveMember(trx, input.member, 'member');
    const now = ctx.clock.now();
    const values = { org_id: org.id, kind: input.kind, member_id: m.id, role: input.role?.trim() || null, from_date: input.from, until_date: input.until ?? null };
    // overlapping entries for the same person and list would count them twice
    let q = trx
      .selectFrom('orglife_panels')
      .select('id')
      .where('org_id', '=', org.id)
      .where('kind', '=', input.kind)
      .where('member_id', '=', m.id)
      .where('id', '!=', input.id ?? 0)
      .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', input.from)]));
    if (input.until) q = q.where('from_date', '<=', input.until);
    const overlap = await q.executeTakeFirst();
    if (overlap) throw new AppError('CONFLICT', `${m.name}在该期间已在${org.name}的${input.kind}名单中`, 'member');
    let id = input.id;
    if (id) {
      const cur = await trx.selectFrom('orglife_panels').selectAll().where('id', '=', id).executeTakeFirst();
      if (!cur) throw new AppError('NOT_FOUND', `找不到该名单记录（编号 ${id}）`, 'id');
      await trx.updateTable('orglife_panels').set(values).where('id', '=', id).execute();
      await audit(trx, { actor: await currentActor(trx), at: now, entity: 'orglife_panel', entityId: id, action: `修改${input.kind}名单：${m.name}`, before: cur, after: values });
    } else {
      id = (await trx.insertInto('orglife_panels').values({ ...values, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
      await audit(trx, { actor: await currentActor(trx), at: now, entity: 'orglife_panel', entityId: id, action: `加入${input.kind}名单：${m.name}`, after: values });
    }
    return { id, orgId: org.id, org: org.name, kind: input.kind, memberId: m.id, name: m.name, idNumber: m.idNumber, role: values.role, from: input.from, until: input.until ?? null };
  });
}

export async function removePanelMember(ctx: ServiceContext, id: number): Promise<{ deleted: true }> {
  return inTx(ctx, async (trx) => {
    const r = await trx.selectFrom('orglife_panels').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', `找不到该名单记录（编号 ${id}）`, 'id');
    await trx.deleteFrom('orglife_panels').where('id', '=', id).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: 'orglife_panel', entityId: id, action: '移出名单', before: r });
    return { deleted: true as const };
  });
}
