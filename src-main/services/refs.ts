import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { normalizeIdNumber } from '../domain/id-number.ts';
import { orgNameKey } from '../domain/org-names.ts';
import type { Tx } from './context.ts';

// The one resolver of references (contract/refs.ts): an organization by id or name, a member by id or
// 公民身份号码, with one name rule (domain/org-names.ts). Every module looks things up here.

export interface OrgRow {
  id: number;
  name: string;
  shortName: string | null;
  path: string;
  type: string;
  parentId: number | null;
}

export interface MemberRow {
  id: number;
  name: string;
  idNumber: string;
  orgId: number;
  roll: string;
  category: string;
  joinedOn: string;
  leftOn: string | null;
}

const orgCols = ['id', 'name', 'short_name as shortName', 'path', 'type', 'parent_id as parentId'] as const;

export async function orgById(db: Tx, id: number): Promise<OrgRow> {
  const o = await db.selectFrom('orgs').select(orgCols).where('id', '=', id).executeTakeFirst();
  if (!o) throw new AppError('NOT_FOUND', `找不到该党组织（编号 ${id}）`, 'org');
  return o;
}

/**
 * An organization by id, else by full name, else by a unique 简称 (names compared by orgNameKey).
 * A 简称 shared by several organizations is refused listing the candidates.
 */
export async function resolveOrg(db: Tx, ref: number | string | null | undefined, field = 'org'): Promise<OrgRow> {
  if (typeof ref === 'number') return orgById(db, ref);
  const key = orgNameKey(ref);
  if (!key) throw new AppError('VALIDATION', '请指定党组织', field);
  const all = await db.selectFrom('orgs').select(orgCols).execute();
  const full = all.filter((o) => orgNameKey(o.name) === key);
  if (full.length === 1) return full[0];
  const short = full.length ? full : all.filter((o) => o.shortName && orgNameKey(o.shortName) === key);
  if (short.length === 1) return short[0];
  if (short.length > 1) {
    const names = short.map((o) => o.name);
    throw new AppError('AMBIGUOUS', `“${ref}”对应多个党组织，请使用全称：${names.join('、')}`, field, { candidates: names });
  }
  throw new AppError('NOT_FOUND', `找不到党组织“${ref}”（请使用组织全称或简称）`, field);
}

/** the organization and every one below it (its path prefix) */
export async function subtreeIds(db: Tx, org: Pick<OrgRow, 'path'>): Promise<number[]> {
  const rows = await db.selectFrom('orgs').select('id').where(sql<boolean>`substr(path, 1, ${org.path.length}) = ${org.path}`).execute();
  return rows.map((r) => r.id);
}

/** the organizations a `--org X [--no-sub-orgs]` names: X and its subtree, or X alone */
export async function orgScope(db: Tx, ref: number | string | null | undefined, withSubOrgs = true): Promise<{ org: OrgRow; ids: number[] } | null> {
  if (ref === null || ref === undefined || ref === '') return null;
  const org = await resolveOrg(db, ref);
  return { org, ids: withSubOrgs ? await subtreeIds(db, org) : [org.id] };
}

const memberCols = [
  'id', 'name', 'id_number as idNumber', 'org_id as orgId', 'roll', 'category', 'joined_on as joinedOn', 'left_on as leftOn',
] as const;

/** a member by id, or by 公民身份号码 (normalised: full-width digits, spaces, a leading apostrophe) */
export async function resolveMember(db: Tx, ref: number | string | null | undefined, field = 'idNumber'): Promise<MemberRow> {
  if (typeof ref === 'number') {
    const m = await db.selectFrom('members').select(memberCols).where('id', '=', ref).executeTakeFirst();
    if (!m) throw new AppError('NOT_FOUND', `找不到该党员（编号 ${ref}）`, field);
    return m;
  }
  const idNumber = normalizeIdNumber(ref);
  if (!idNumber) throw new AppError('VALIDATION', '请指定党员的公民身份号码', field);
  const m = await db.selectFrom('members').select(memberCols).where('id_number', '=', idNumber).executeTakeFirst();
  if (!m) throw new AppError('NOT_FOUND', `找不到公民身份号码为 ${idNumber} 的党员`, field);
  return m;
}
