import { sql } from 'kysely';
import { AppError, refuse, type Issue } from '../../../domain/errors.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { orgScope, resolveOrg, type OrgRow } from '../../../services/refs.ts';
import { UNIT_LABELS, type Frequency } from '../domain/compliance.ts';
import { findType, type ActivityType, type AttendeeRule, type PanelKind } from '../domain/types.ts';
import type { ActivityTypeDto, FrequencyDto } from '../contract.ts';

// Shared pieces of the orglife services: transactions, the type and frequency tables, organizations.

/** one user action = one transaction */
export function inTx<T>(ctx: ServiceContext, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return ctx.kysely.transaction().execute(fn);
}

export const AUDIT_ACTIVITY = 'orglife_activity';
export const AUDIT_TRAINING = 'orglife_training';

const parseList = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);

export async function loadTypes(db: Tx): Promise<ActivityType[]> {
  const rows = await db.selectFrom('orglife_types').selectAll().orderBy('sort_order').orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    aliases: parseList(r.aliases),
    holders: parseList(r.holders),
    attendees: r.attendees as AttendeeRule,
    panel: (r.panel as PanelKind | null) ?? null,
    quorum: r.quorum === 1,
    votes: r.votes === 1,
    sortOrder: r.sort_order,
  }));
}

export const typeDto = (t: ActivityType): ActivityTypeDto => ({ ...t });

/** the type a clerk's word names (name or alias), or a refusal listing the types */
export async function resolveType(db: Tx, word: string, field = 'type'): Promise<ActivityType> {
  const types = await loadTypes(db);
  const t = findType(types, word);
  if (!t) throw new AppError('VALIDATION', `「活动类型」不认识：${word}（可选：${types.map((x) => x.name).join('、')}）`, field);
  return t;
}

export async function loadFrequencies(db: Tx): Promise<Frequency[]> {
  const rows = await db.selectFrom('orglife_frequencies').selectAll().execute();
  return rows.map((r) => ({
    type: r.type,
    unit: (r.unit as Frequency['unit']) ?? null,
    orgTypes: parseList(r.org_types),
    needsCommittee: r.needs_committee === 1,
    remindFromMonth: r.remind_from_month,
  }));
}

export const frequencyDto = (f: Frequency): FrequencyDto => ({ ...f, unitLabel: f.unit ? UNIT_LABELS[f.unit] : '不作要求' });

/** the organizations of `org` / `orgs` (exactly one of them), resolved by the one resolver, duplicates dropped */
export async function resolveOrgList(db: Tx, input: { org?: number | string | null; orgs?: readonly (number | string)[] | null }): Promise<OrgRow[]> {
  const hasOne = input.org !== undefined && input.org !== null && input.org !== '';
  const hasMany = Boolean(input.orgs?.length);
  if (hasOne === hasMany) {
    throw new AppError('VALIDATION', hasOne ? '「党组织」和「联合开展的党组织」只能填一项' : '缺少「党组织」（联合开展的活动填「联合开展的党组织」）', hasOne ? 'orgs' : 'org');
  }
  if (hasOne) return [await resolveOrg(db, input.org!, 'org')];
  const out: OrgRow[] = [];
  for (const [i, ref] of input.orgs!.entries()) {
    let o: OrgRow;
    try {
      o = await resolveOrg(db, ref, 'orgs');
    } catch (e) {
      throw new AppError((e as AppError).code ?? 'VALIDATION', `「联合开展的党组织」第${i + 1}项：${(e as Error).message}`, 'orgs');
    }
    if (!out.some((x) => x.id === o.id)) out.push(o);
  }
  return out;
}

/** the organizations a scope names (X and its subtree, or X alone); null ref: every organization */
export async function scopeIds(db: Tx, org: number | string | null | undefined, withSubOrgs = true): Promise<{ ids: number[] | null; name: string | null }> {
  const s = await orgScope(db, org ?? null, withSubOrgs);
  return s ? { ids: s.ids, name: s.org.name } : { ids: null, name: null };
}

/** ids as a JSON array for `IN (SELECT value FROM json_each(?))`: one bound parameter whatever the count */
export const jsonIds = (ids: readonly number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

export async function orgNames(db: Tx, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where(sql<boolean>`id IN ${jsonIds(ids)}`).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** refuse with every issue found (one Chinese sentence each, naming the field) */
export function check(issues: Issue[]): void {
  if (issues.length) refuse(issues);
}
