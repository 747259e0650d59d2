import { AppError } from '../../../domain/errors.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { audit } from '../../../services/audit.ts';
import { currentActor } from '../../../services/settings.ts';
import { ORG_TYPES_ALL, findType, typeKey, type ActivityType } from '../domain/types.ts';
import { validHours } from '../domain/training.ts';
import type { ActivityTypeDto, FrequencyDto, TargetDto } from '../contract.ts';
import { check, frequencyDto, inTx, loadFrequencies, loadTypes, typeDto } from './common.ts';

// The module's data tables the clerk may edit: activity types (and their aliases), required
// frequencies (docs/domain/org-life.md#frequencies) and yearly training-hour targets.

const badOrgTypes = (xs: readonly string[]) => xs.filter((x) => !(ORG_TYPES_ALL as readonly string[]).includes(x));

export async function saveType(
  ctx: ServiceContext,
  input: { name: string; aliases?: string[]; holders?: string[]; attendees?: ActivityType['attendees']; panel?: string | null; quorum?: boolean; votes?: boolean },
): Promise<ActivityTypeDto> {
  return inTx(ctx, async (trx) => {
    const types = await loadTypes(trx);
    const name = input.name.trim();
    const cur = types.find((t) => typeKey(t.name) === typeKey(name));
    const aliases = [...new Set((input.aliases ?? cur?.aliases ?? []).map((a) => a.trim()).filter(Boolean))];
    const issues = [];
    for (const a of aliases) {
      const other = findType(types.filter((t) => t !== cur), a);
      if (other) issues.push({ field: 'aliases', message: `「简称」“${a}”已是“${other.name}”的名称或简称` });
    }
    const holders = input.holders ?? cur?.holders ?? [...ORG_TYPES_ALL];
    if (badOrgTypes(holders).length) issues.push({ field: 'holders', message: `「可开展的组织类型」不认识：${badOrgTypes(holders).join('、')}（可选：${ORG_TYPES_ALL.join('、')}）` });
    const attendees = input.attendees ?? cur?.attendees ?? 'all';
    const panel = input.panel !== undefined ? input.panel : (cur?.panel ?? null);
    if (attendees === 'panel' && !panel) issues.push({ field: 'panel', message: '「名单类别」：按名单确定应到人员时，请选择中心组或党组（党委）' });
    check(issues);
    const t: ActivityType = {
      name: cur?.name ?? name,
      aliases,
      holders,
      attendees,
      panel: attendees === 'panel' ? (panel as ActivityType['panel']) : null,
      quorum: input.quorum ?? cur?.quorum ?? false,
      votes: input.votes ?? cur?.votes ?? false,
      sortOrder: cur?.sortOrder ?? Math.max(0, ...types.map((x) => x.sortOrder)) + 10,
    };
    const row = {
      name: t.name, aliases: JSON.stringify(t.aliases), holders: JSON.stringify(t.holders), attendees: t.attendees, panel: t.panel,
      quorum: t.quorum ? 1 : 0, votes: t.votes ? 1 : 0, sort_order: t.sortOrder,
    };
    await trx.insertInto('orglife_types').values(row).onConflict((oc) => oc.column('name').doUpdateSet(row)).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: 'orglife_type', entityId: 0, action: cur ? `修改活动类型：${t.name}` : `新增活动类型：${t.name}`, before: cur ?? null, after: t });
    return typeDto(t);
  });
}

export async function saveFrequency(
  ctx: ServiceContext,
  input: { type: string; unit: FrequencyDto['unit']; orgTypes?: string[]; needsCommittee?: boolean; remindFromMonth?: number | null },
): Promise<FrequencyDto> {
  return inTx(ctx, async (trx) => {
    const type = findType(await loadTypes(trx), input.type);
    if (!type) throw new AppError('VALIDATION', `「活动类型」不认识：${input.type}`, 'type');
    const cur = (await loadFrequencies(trx)).find((f) => f.type === type.name);
    const orgTypes = input.orgTypes ?? cur?.orgTypes ?? ['党支部', '联合党支部'];
    if (badOrgTypes(orgTypes).length) throw new AppError('VALIDATION', `「适用组织类型」不认识：${badOrgTypes(orgTypes).join('、')}`, 'orgTypes');
    const f = {
      type: type.name,
      unit: input.unit,
      orgTypes,
      needsCommittee: input.needsCommittee ?? cur?.needsCommittee ?? false,
      remindFromMonth: input.remindFromMonth !== undefined ? input.remindFromMonth : (cur?.remindFromMonth ?? null),
    };
    const row = { type: f.type, unit: f.unit, org_types: JSON.stringify(f.orgTypes), needs_committee: f.needsCommittee ? 1 : 0, remind_from_month: f.remindFromMonth };
    await trx.insertInto('orglife_frequencies').values(row).onConflict((oc) => oc.column('type').doUpdateSet(row)).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: 'orglife_frequency', entityId: 0, action: `频次要求：${f.type}`, before: cur ?? null, after: f });
    return frequencyDto(f);
  });
}

export async function targets(ctx: ServiceContext): Promise<TargetDto[]> {
  const rows = await ctx.kysely.selectFrom('orglife_targets').selectAll().orderBy('hours').execute();
  return rows.map((r) => ({ key: r.key, label: r.label, hours: r.hours }));
}

export async function saveTarget(ctx: ServiceContext, input: { key: 'member' | 'committee'; hours: number }): Promise<TargetDto> {
  if (!validHours(input.hours)) throw new AppError('VALIDATION', `「年度学时目标」应为最多一位小数的数：${input.hours}`, 'hours');
  return inTx(ctx, async (trx) => {
    const cur = await trx.selectFrom('orglife_targets').selectAll().where('key', '=', input.key).executeTakeFirstOrThrow();
    await trx.updateTable('orglife_targets').set({ hours: input.hours }).where('key', '=', input.key).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: 'orglife_target', entityId: 0, action: `学时目标：${cur.label}`, before: cur.hours, after: input.hours });
    return { key: cur.key, label: cur.label, hours: input.hours };
  });
}
