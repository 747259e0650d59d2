import { sql } from 'kysely';
import { monthsBetween, monthOf, parsePeriod, unitsOf, type Period, type PeriodUnit } from '../../../domain/periods.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { applies, complianceOf, rate2, type ComplianceResult, type Frequency } from '../domain/compliance.ts';
import { isCommitteePost } from '../domain/types.ts';
import type { BoardCellDto, BoardDto, BoardRowDto, ComplianceEntryDto } from '../contract.ts';
import { jsonIds, loadFrequencies, loadTypes, resolveType, scopeIds } from './common.ts';

// The compliance board (docs/domain/org-life.md#compliance): for every organization in a subtree and
// every type it must hold, the units of the period that were due, held, missing or not yet due. One
// read of the narrow per-organization table for the whole subtree; the counting is domain/compliance.ts.

export interface OrgInfo {
  id: number;
  name: string;
  type: string;
  path: string;
  establishedOn: string | null;
  committeeSize: number;
}

/** organizations of the scope with their committee size (members on the roll now with a committee post) */
export async function orgsWithCommittee(db: Tx, ids: number[] | null): Promise<OrgInfo[]> {
  let q = db.selectFrom('orgs').select(['id', 'name', 'type', 'path', 'established_on', 'parent_id']).orderBy('path');
  if (ids) q = q.where(sql<boolean>`id IN ${jsonIds(ids)}`);
  const orgs = await q.execute();
  // committee members sit in the branch itself or in its 党小组 (docs/domain/org-life.md#committee-members)
  const posts = await db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.org_id', 'members.party_post', 'orgs.type', 'orgs.parent_id'])
    .where('members.roll', '=', '在册')
    .where('members.party_post', 'is not', null)
    .where('members.party_post', '!=', '')
    .execute();
  const size = new Map<number, number>();
  for (const p of posts) {
    if (!isCommitteePost(p.party_post)) continue;
    const branch = p.type === '党小组' && p.parent_id ? p.parent_id : p.org_id;
    size.set(branch, (size.get(branch) ?? 0) + 1);
  }
  return orgs.map((o) => ({ id: o.id, name: o.name, type: o.type, path: o.path, establishedOn: o.established_on, committeeSize: size.get(o.id) ?? 0 }));
}

export interface OrgCompliance {
  org: OrgInfo;
  type: string;
  unit: PeriodUnit;
  result: ComplianceResult;
}

/** the (organization, type) pairs of the scope that have a requirement, with their results */
export async function computeCompliance(
  db: Tx,
  input: { ids: number[] | null; period: Period; today: string; type?: string | null },
): Promise<{ entries: OrgCompliance[]; orgs: OrgInfo[]; frequencies: Frequency[] }> {
  const types = await loadTypes(db);
  const order = new Map(types.map((t) => [t.name, t.sortOrder]));
  const frequencies = (await loadFrequencies(db))
    .filter((f) => f.unit && (!input.type || f.type === input.type))
    .sort((a, b) => (order.get(a.type) ?? 0) - (order.get(b.type) ?? 0));
  const orgs = await orgsWithCommittee(db, input.ids);
  const pairs: { org: OrgInfo; fr: Frequency }[] = [];
  for (const org of orgs) for (const fr of frequencies) if (applies(fr, org)) pairs.push({ org, fr });
  if (!pairs.length) return { entries: [], orgs, frequencies };

  // the days any unit of the period covers (a year unit of an H1 period reaches to December)
  let from = input.period.start;
  let to = input.period.end;
  for (const fr of frequencies) {
    const us = unitsOf(input.period, fr.unit!);
    if (us[0].start < from) from = us[0].start;
    if (us[us.length - 1].end > to) to = us[us.length - 1].end;
  }
  const orgIds = [...new Set(pairs.map((p) => p.org.id))];
  const typeNames = [...new Set(pairs.map((p) => p.fr.type))];
  const held = await sql<{ org_id: number; type: string; date: string }>`
    SELECT org_id, type, date FROM orglife_activity_orgs
    WHERE org_id IN ${jsonIds(orgIds)} AND date BETWEEN ${from} AND ${to} AND counts = 1
      AND type IN (SELECT value FROM json_each(${JSON.stringify(typeNames)}))`.execute(db);
  const dates = new Map<string, string[]>();
  for (const r of held.rows) {
    const k = `${r.org_id}\u0000${r.type}`;
    (dates.get(k) ?? dates.set(k, []).get(k)!).push(r.date);
  }
  const entries = pairs.map(({ org, fr }) => ({
    org,
    type: fr.type,
    unit: fr.unit!,
    result: complianceOf({ period: input.period, unit: fr.unit!, today: input.today, heldDates: dates.get(`${org.id}\u0000${fr.type}`) ?? [], establishedOn: org.establishedOn }),
  }));
  return { entries, orgs, frequencies };
}

export async function compliance(ctx: ServiceContext, input: { org?: number | string | null; withSubOrgs?: boolean; period: string; type?: string | null }): Promise<ComplianceEntryDto[]> {
  const db = ctx.kysely;
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  const type = input.type ? (await resolveType(db, input.type)).name : null;
  const { entries } = await computeCompliance(db, { ids: scope.ids, period: parsePeriod(input.period), today: ctx.clock.today(), type });
  return entries.map((e) => ({
    orgId: e.org.id,
    org: e.org.name,
    type: e.type,
    unit: e.unit,
    required: e.result.required,
    held: e.result.held,
    missing: e.result.missing,
    notYetDue: e.result.notYetDue,
    heldAhead: e.result.heldAhead,
    rate: e.result.rate,
  }));
}

/** short names for the grid's chips */
const SHORT: Record<string, string> = {
  支部党员大会: '大会', 支部委员会: '支委', 党小组会: '小组', 党课: '党课', 主题党日: '党日', 组织生活会: '组织', 民主评议党员: '评议',
  理论学习中心组学习: '中心组', 民主生活会: '民主', '党组（党委）会议': '党组',
};
export const shortName = (type: string): string => SHORT[type] ?? type.slice(0, 2);

/**
 * The board: organizations × months of the period. Each unit is shown in the month it ends (or the
 * period's last month when it ends later); lagging organizations first; attendance 实到/应到.
 */
export async function board(ctx: ServiceContext, input: { org?: number | string | null; withSubOrgs?: boolean; period: string }): Promise<BoardDto> {
  const db = ctx.kysely;
  const scope = await scopeIds(db, input.org, input.withSubOrgs ?? true);
  const period = parsePeriod(input.period);
  const { entries, frequencies } = await computeCompliance(db, { ids: scope.ids, period, today: ctx.clock.today() });
  const months = monthsBetween(period.from, period.to);
  const lastMonth = months[months.length - 1];
  const orgIds = [...new Set(entries.map((e) => e.org.id))];

  const att = orgIds.length
    ? await sql<{ org_id: number; m: string; e: number; p: number }>`
        SELECT org_id, substr(date, 1, 7) AS m, SUM(expected) AS e, SUM(present) AS p FROM orglife_activity_orgs
        WHERE org_id IN ${jsonIds(orgIds)} AND date BETWEEN ${period.start} AND ${period.end}
        GROUP BY org_id, m`.execute(db)
    : { rows: [] };
  const attByOrg = new Map<number, { e: number; p: number }>();
  const attByMonth = new Map<string, { e: number; p: number }>();
  for (const r of att.rows) {
    const a = attByOrg.get(r.org_id) ?? { e: 0, p: 0 };
    a.e += r.e;
    a.p += r.p;
    attByOrg.set(r.org_id, a);
    const b = attByMonth.get(r.m) ?? { e: 0, p: 0 };
    b.e += r.e;
    b.p += r.p;
    attByMonth.set(r.m, b);
  }

  const rowsById = new Map<number, BoardRowDto>();
  const monthly = new Map(months.map((m) => [m, { month: m, held: 0, missing: 0, expected: attByMonth.get(m)?.e ?? 0, present: attByMonth.get(m)?.p ?? 0 }]));
  for (const e of entries) {
    let row = rowsById.get(e.org.id);
    if (!row) {
      const a = attByOrg.get(e.org.id);
      rowsById.set(e.org.id, (row = { orgId: e.org.id, org: e.org.name, required: 0, held: 0, rate: null, missing: 0, attendanceRate: a ? rate2(a.p, a.e) : null, cells: {} }));
    }
    row.required += e.result.required;
    row.held += e.result.held;
    row.missing += e.result.missing.length;
    for (const u of e.result.units) {
      const m = monthOf(u.end) > lastMonth ? lastMonth : monthOf(u.end);
      const cell: BoardCellDto = { type: e.type, unit: u.key, state: u.state, count: u.count };
      (row.cells[m] ??= []).push(cell);
      const mm = monthly.get(m);
      if (mm && u.state === 'held') mm.held++;
      if (mm && u.state === 'missing') mm.missing++;
    }
  }
  const rows = [...rowsById.values()];
  for (const r of rows) r.rate = rate2(r.held, r.required);
  const orgOrder = new Map(entries.map((e, i) => [e.org.id, i]));
  rows.sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || b.missing - a.missing || orgOrder.get(a.orgId)! - orgOrder.get(b.orgId)!);
  const required = rows.reduce((s, r) => s + r.required, 0);
  const held = rows.reduce((s, r) => s + r.held, 0);
  const e = [...attByOrg.values()].reduce((s, a) => s + a.e, 0);
  const p = [...attByOrg.values()].reduce((s, a) => s + a.p, 0);
  return {
    period: { key: period.key, label: period.label, start: period.start, end: period.end },
    months,
    types: frequencies.filter((f) => entries.some((x) => x.type === f.type)).map((f) => ({ type: f.type, unit: f.unit!, short: shortName(f.type) })),
    rows,
    total: { required, held, rate: rate2(held, required), attendanceRate: rate2(p, e), orgs: rows.length, lagging: rows.filter((r) => r.missing > 0).length },
    monthly: [...monthly.values()],
  };
}
