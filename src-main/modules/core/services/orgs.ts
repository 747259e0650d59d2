import type { z } from 'zod';
import type { OrgDto, orgInput } from '../contract.ts';
import { sql } from 'kysely';
import { AppError, refuse, type Issue } from '../../../domain/errors.ts';
import type { OrgType } from '../../../domain/enums.ts';
import { checkPlacement, checkPostponement, defaultTermYears, holdsMembers, isOrgType, termEnd, termReminder } from '../../../domain/org-rules.ts';
import { certainlyAfter, parsePartialDate } from '../../../domain/partial-date.ts';
import { audit } from '../../../services/audit.ts';
import { resolveOrg, type OrgRow } from '../../../services/refs.ts';
import { cleanOrgName } from '../../../domain/org-names.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { actor as actorOf, getSettings } from '../../../services/settings.ts';

// The organization tree (docs/domain/organizations.md#vocabulary,
// docs/domain/org-life.md#terms-and-elections): full names unique, short names for convenience, a
// materialized path ('/1/5/') so that "this organization and everything under it" is one range.

type OrgInput = z.output<typeof orgInput>;

export async function listOrgs(db: Tx, today: string): Promise<OrgDto[]> {
  const settings = await getSettings(db);
  const rows = await db
    .selectFrom('orgs as o')
    .leftJoin('orgs as p', 'p.id', 'o.parent_id')
    .leftJoin('members as s', 's.id', 'o.secretary_id')
    .selectAll('o')
    .select(['p.name as parent_name', 's.name as secretary_name'])
    .execute();
  const counts = new Map(
    (
      await db
        .selectFrom('members')
        .select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('roll', '=', '在册')
        .groupBy('org_id')
        .execute()
    ).map((r) => [r.org_id, Number(r.n)]),
  );
  const dtos = rows.map((r): OrgDto => {
    const end = termEnd(r.term_start, r.term_years);
    const deadline = r.postponed_until ?? end;
    const reminder = termReminder(deadline, today, settings.termReminderDays);
    return {
      id: r.id,
      name: r.name,
      shortName: r.short_name,
      type: r.type,
      parentId: r.parent_id,
      parent: r.parent_name ?? null,
      secretaryId: r.secretary_id,
      secretary: r.secretary_name ?? null,
      establishedOn: r.established_on,
      dissolvedOn: r.dissolved_on,
      termStart: r.term_start,
      termYears: r.term_years,
      termEnd: end,
      postponedUntil: r.postponed_until,
      postponementNote: r.postponement_note,
      termDeadline: deadline,
      termReminder: reminder.level,
      termDaysLeft: reminder.daysLeft,
      sortOrder: r.sort_order,
      memberCount: counts.get(r.id) ?? 0,
    };
  });
  return treeOrder(dtos);
}

/** depth-first, siblings by sort order then creation: the order a tree view and a printout want */
function treeOrder(orgs: OrgDto[]): OrgDto[] {
  const children = new Map<number | null, OrgDto[]>();
  for (const o of orgs) {
    const key = o.parentId;
    if (!children.has(key)) children.set(key, []);
    children.get(key)!.push(o);
  }
  for (const list of children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  const out: OrgDto[] = [];
  const walk = (parent: number | null) => {
    for (const o of children.get(parent) ?? []) {
      out.push(o);
      walk(o.id);
    }
  };
  walk(null);
  return out;
}

async function getOrgDto(db: Tx, id: number, today: string): Promise<OrgDto> {
  const dto = (await listOrgs(db, today)).find((o) => o.id === id);
  if (!dto) throw new AppError('NOT_FOUND', '找不到该党组织');
  return dto;
}

const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** ids of an organization and everything under it */
export async function subtreeIds(db: Tx, path: string): Promise<number[]> {
  const rows = await db.selectFrom('orgs').select('id').where('path', '>=', path).where('path', '<', prefixEnd(path)).execute();
  return rows.map((r) => r.id);
}

/** creates (no id) or updates an organization; one transaction, audited */
export async function saveOrg(ctx: ServiceContext, id: number | undefined, input: OrgInput): Promise<OrgDto> {
  const today = ctx.clock.today();
  const now = ctx.clock.now();
  const savedId = await ctx.kysely.transaction().execute(async (trx) => {
    const issues: Issue[] = [];
    const existing = id === undefined ? undefined : await trx.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
    if (id !== undefined && !existing) throw new AppError('NOT_FOUND', '找不到要修改的党组织');

    const name = cleanOrgName(input.name);
    if (!name) issues.push({ field: 'name', message: '请填写组织全称' });
    const shortName = cleanOrgName(input.shortName) || null;
    const type = input.type.trim();

    // parent by id (UI) or by name (CLI)
    let parent: OrgRow | undefined;
    const parentRef = input.parentId ?? input.parent;
    if (parentRef != null && parentRef !== '') {
      try {
        parent = await resolveOrg(trx, parentRef, 'parent');
      } catch (e) {
        if (e instanceof AppError) issues.push({ field: 'parent', message: `上级组织：${e.message}` });
        else throw e;
      }
    }
    if (existing && parent && parent.path.startsWith(existing.path)) {
      issues.push({ field: 'parent', message: '不能把组织移到它自己或它的下级组织之下' });
    }
    issues.push(...checkPlacement(type, parent?.type ?? null));

    const date = (field: 'establishedOn' | 'dissolvedOn' | 'termStart' | 'postponedUntil'): string | null => {
      const raw = input[field];
      if (raw == null || raw.trim() === '') return null;
      const d = parsePartialDate(raw);
      if (!d) {
        const label = { establishedOn: '成立日期', dissolvedOn: '撤销日期', termStart: '本届任期开始日期', postponedUntil: '延期换届截止日期' }[field];
        issues.push({ field, message: `${label}“${raw}”不是有效日期，请写成如 2023-06-15 或 2023-06` });
      }
      return d;
    };
    const establishedOn = date('establishedOn');
    if (establishedOn && certainlyAfter(establishedOn, today)) issues.push({ field: 'establishedOn', message: '成立日期不能晚于今天' });
    // 撤销日期 (statistics as of a date, docs/domain/organizations.md): kept when the form leaves it out
    const dissolvedOn = input.dissolvedOn === undefined ? (existing?.dissolved_on ?? null) : date('dissolvedOn');
    if (dissolvedOn && establishedOn && certainlyAfter(establishedOn, dissolvedOn)) issues.push({ field: 'dissolvedOn', message: '撤销日期早于成立日期' });
    const termStart = date('termStart');
    const postponedUntil = date('postponedUntil');
    const termYears = input.termYears ?? (isOrgType(type) ? defaultTermYears(type as OrgType) : null);
    issues.push(...checkPostponement(termEnd(termStart, termYears), postponedUntil));

    if (input.secretaryId != null) {
      const s = await trx.selectFrom('members').select('id').where('id', '=', input.secretaryId).executeTakeFirst();
      if (!s) issues.push({ field: 'secretaryId', message: '所选书记不在党员名册中' });
    }
    if (name) {
      const dup = await trx.selectFrom('orgs').select('id').where('name', '=', name).executeTakeFirst();
      if (dup && dup.id !== id) issues.push({ field: 'name', message: `组织全称“${name}”已存在，全称不能重复` });
    }
    if (existing && !holdsMembers(type) && holdsMembers(existing.type)) {
      const n = await trx.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', existing.id).executeTakeFirstOrThrow();
      if (Number(n.n) > 0) issues.push({ field: 'type', message: `党组不管理党员，而该组织下有${n.n}名党员，请先转移党员` });
    }
    if (existing && type === '党小组') {
      const kids = await trx.selectFrom('orgs').select('id').where('parent_id', '=', existing.id).executeTakeFirst();
      if (kids) issues.push({ field: 'type', message: '该组织有下级组织，不能改为党小组' });
    }
    if (issues.length) refuse(issues);

    const values = {
      name,
      short_name: shortName,
      type,
      parent_id: parent?.id ?? null,
      secretary_id: input.secretaryId ?? null,
      established_on: establishedOn,
      dissolved_on: dissolvedOn,
      term_start: termStart,
      term_years: termYears,
      postponed_until: postponedUntil,
      postponement_note: input.postponementNote?.trim() || null,
      sort_order: input.sortOrder ?? existing?.sort_order ?? 0,
      updated_at: now,
    };
    const actor = await actorOf(trx);
    if (!existing) {
      const row = await trx
        .insertInto('orgs')
        .values({ ...values, path: '', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const path = `${parent?.path ?? '/'}${row.id}/`;
      await trx.updateTable('orgs').set({ path }).where('id', '=', row.id).execute();
      await audit(trx, { actor, at: now, entity: 'org', entityId: row.id, action: 'create', after: values });
      return row.id;
    }
    const newPath = `${parent?.path ?? '/'}${existing.id}/`;
    await trx.updateTable('orgs').set(values).where('id', '=', existing.id).execute();
    if (newPath !== existing.path) {
      // re-parenting moves the whole subtree: rewrite the path prefix of every descendant
      await trx
        .updateTable('orgs')
        .set({ path: sql<string>`${newPath} || substr(path, ${existing.path.length + 1})` })
        .where('path', '>=', existing.path)
        .where('path', '<', prefixEnd(existing.path))
        .execute();
    }
    const { created_at: _c, path: _p, id: _i, ...before } = existing;
    await audit(trx, { actor, at: now, entity: 'org', entityId: existing.id, action: 'update', before, after: values });
    return existing.id;
  });
  return getOrgDto(ctx.kysely, savedId, today);
}

/** refused while the organization has members (on the roll or in history) or sub-organizations */
export async function deleteOrg(ctx: ServiceContext, id: number): Promise<{ deleted: true }> {
  await ctx.kysely.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!org) throw new AppError('NOT_FOUND', '找不到要删除的党组织');
    const kids = await trx.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
    if (Number(kids.n) > 0) {
      throw new AppError('CONFLICT', `“${org.name}”下还有${kids.n}个下级组织，不能删除；请先删除或移走下级组织`, 'id');
    }
    const members = await trx
      .selectFrom('members')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('roll', '=', '在册').then(1).else(0).end()).as('onRoll')])
      .where('org_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(members.n) > 0) {
      throw new AppError(
        'CONFLICT',
        `“${org.name}”下还有${members.n}名党员（其中在册${Number(members.onRoll ?? 0)}名，其余为转出等历史记录），不能删除；请先把党员转移到其他组织`,
        'id',
      );
    }
    await trx.updateTable('orgs').set({ secretary_id: null }).where('id', '=', id).execute();
    await trx.deleteFrom('orgs').where('id', '=', id).execute();
    await audit(trx, { actor: await actorOf(trx), at: ctx.clock.now(), entity: 'org', entityId: id, action: 'delete', before: org });
  });
  return { deleted: true };
}
