import { sql, type Expression, type ExpressionBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { MemberDto, MemberFilter, memberSortFields } from '../contract.ts';
import type { Database } from '../../../db/schema.ts';
import type { MembersTable } from '../tables.ts';
import { bandDateBounds, findAgeBand, findPartyAgeBand } from '../../../domain/ages.ts';
import { ROLLS } from '../../../domain/enums.ts';
import { AppError } from '../../../domain/errors.ts';
import { FIELD_LABELS } from '../../../domain/field-labels.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { normalizeName } from '../../../domain/names.ts';
import { normalizeCategory, normalizeEducation, normalizeEthnicity, normalizeGender, normalizeStatus } from '../../../domain/member-values.ts';
import type { Tx } from '../../../services/context.ts';
import { resolveOrg } from '../../../services/refs.ts';
import { catchUpIdIndex } from '../../../services/id-index.ts';

// The one filtered select over the registry: the member list pages it, the roster export streams it.
// Everything is decided in SQL (filters, age / 党龄 bands, order), so a 100,000-member roll stays instant.

export type MemberRow = Selectable<MembersTable> & { org_name: string };
export type MemberSortField = (typeof memberSortFields)[number];
export interface MemberQueryOptions {
  /** YYYY-MM-DD, the reference day for age and 党龄 bands */
  today: string;
  sortBy?: MemberSortField;
  sortOrder?: 'asc' | 'desc';
}

type DB = Database & { m: MembersTable };
type Where = (eb: ExpressionBuilder<DB, 'm'>) => Expression<SqlBool>;

const SORT_COLUMNS: Record<MemberSortField, string> = {
  name: 'm.name_pinyin',
  gender: 'm.gender',
  ethnicity: 'm.ethnicity',
  birthDate: 'm.birth_date',
  idNumber: 'm.id_number',
  education: 'm.education',
  category: 'm.category',
  joinedOn: 'm.joined_on',
  confirmedOn: 'm.confirmed_on',
  org: 'o.name',
  status: 'm.status',
  roll: 'm.roll',
};

/** the next string after every string starting with `prefix` (for index-friendly prefix ranges) */
const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** the full pinyin without the spaces between syllables: the expression of the index members_pinyin_flat */
const PINYIN_FLAT = sql<string>`replace(m.name_pinyin, ' ', '')`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function enumValue<T>(field: keyof MemberFilter, raw: string | null | undefined, normalize: (v: unknown) => T | null): T | null {
  if (raw == null || raw === '') return null;
  const v = normalize(raw);
  if (v === null) throw new AppError('VALIDATION', `筛选条件中的${FIELD_LABELS[field] ?? field}“${raw}”不正确`, field);
  return v;
}

/** the search text as an ID-number fragment (digits, maybe a final X), or null when it is a name or pinyin */
export function idFragment(search: string | null | undefined): string | null {
  const id = normalizeIdNumber(search ?? '');
  return /^\d+X?$/.test(id) ? id : null;
}

/** fragments matched by more members than this are looked for in each number instead of the index */
const ID_INDEX_LIMIT = 2000;

/**
 * An ID fragment, anywhere in the number (clerks type the birth date or the last digits). A whole number is
 * an equality. From three characters on, the trigram index (migrations/core/0012_id_number_search.ts), first
 * brought up to date with the members added since the last search, answers — unless the fragment is so common (an area code such as 110101, shared by a fifth of a roll) that
 * reading its thousands of matches from the index costs more than one pass over the roll's own index: a
 * quick bounded count decides. Shorter fragments match a large part of the roll anyway and are looked for
 * in each number.
 */
async function idFragmentCondition(db: Tx, id: string): Promise<Where> {
  if (id.length === 18) return (eb) => eb('m.id_number', '=', id);
  const scan: Where = (eb) => eb(sql<number>`instr(m.id_number, ${id})`, '>', 0);
  if (id.length < 3) return scan;
  await catchUpIdIndex(db);
  const like = `%${id}%`;
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM members_id_fts WHERE id_number LIKE ${like} LIMIT ${ID_INDEX_LIMIT + 1})`.execute(db);
  if (rows[0].n > ID_INDEX_LIMIT) return scan;
  return (eb) => eb('m.id', 'in', sql<number>`(SELECT rowid FROM members_id_fts WHERE id_number LIKE ${like})`);
}

/** filter → one WHERE over members (alias m); org names are resolved first, hence async */
async function memberWhere(db: Tx, filter: MemberFilter, today: string): Promise<Where> {
  let orgPath: string | null = null;
  let orgId: number | null = null;
  if (filter.orgId != null || (filter.org != null && filter.org !== '')) {
    const org = await resolveOrg(db, filter.orgId ?? filter.org);
    orgId = org.id;
    orgPath = org.path;
  }
  const includeSub = filter.includeSubOrgs !== false;
  const category = enumValue('category', filter.category, normalizeCategory);
  const gender = enumValue('gender', filter.gender, normalizeGender);
  const ethnicity = enumValue('ethnicity', filter.ethnicity, normalizeEthnicity);
  const education = enumValue('education', filter.education, normalizeEducation);
  const status = enumValue('status', filter.status, normalizeStatus);
  const roll = filter.roll == null || filter.roll === '' ? '在册' : filter.roll;
  if (roll !== 'all' && !(ROLLS as readonly string[]).includes(roll)) {
    throw new AppError('VALIDATION', `在册情况应为：${ROLLS.join('、')} 或 all`, 'roll');
  }
  const ageBand = filter.ageBand ? findAgeBand(filter.ageBand) : null;
  if (filter.ageBand && !ageBand) throw new AppError('VALIDATION', `年龄段“${filter.ageBand}”不正确`, 'ageBand');
  const partyAgeBand = filter.partyAgeBand ? findPartyAgeBand(filter.partyAgeBand) : null;
  if (filter.partyAgeBand && !partyAgeBand) throw new AppError('VALIDATION', `党龄段“${filter.partyAgeBand}”不正确`, 'partyAgeBand');
  const search = (filter.search ?? '').trim();
  const id = search ? idFragment(search) : null;
  const idCondition = id !== null ? await idFragmentCondition(db, id) : null;

  return (eb) => {
    const conds = [];
    if (roll !== 'all') conds.push(eb('m.roll', '=', roll));
    if (orgId !== null) {
      conds.push(
        includeSub
          ? eb('m.org_id', 'in', eb.selectFrom('orgs').select('orgs.id').where('orgs.path', '>=', orgPath!).where('orgs.path', '<', prefixEnd(orgPath!)))
          : eb('m.org_id', '=', orgId),
      );
    }
    if (category) conds.push(eb('m.category', '=', category));
    if (gender) conds.push(eb('m.gender', '=', gender));
    if (ethnicity) conds.push(eb('m.ethnicity', '=', ethnicity));
    if (education) conds.push(eb('m.education', '=', education));
    if (status) conds.push(eb('m.status', '=', status));
    if (ageBand) {
      const b = bandDateBounds(ageBand, today);
      conds.push(eb('m.birth_date', '<=', b.latest), eb('m.birth_date', '>', b.earliestExclusive));
    }
    if (partyAgeBand) {
      // 预备党员 have no 党龄 (docs/domain/statistics.md#party-age): confirmed_on IS NULL never matches a range
      const b = bandDateBounds(partyAgeBand, today);
      conds.push(eb('m.confirmed_on', '<=', b.latest), eb('m.confirmed_on', '>', b.earliestExclusive));
    }
    if (search) {
      if (idCondition !== null) {
        conds.push(idCondition(eb));
      } else if (/^[a-zA-Z][a-zA-Z\s]*$/.test(search)) {
        // pinyin initials (zs → 张三) or the start of the full pinyin, typed with or without spaces
        // (zhang, zhangwei, zhang wei → 张伟), as index ranges (migrations/core/0011_pinyin_search.ts)
        const s = search.toLowerCase().replace(/\s+/g, '');
        conds.push(
          eb.or([
            eb.and([eb('m.name_initials', '>=', s), eb('m.name_initials', '<', prefixEnd(s))]),
            // Latin-letter names are keyed as themselves, so this also finds "john"
            eb.and([eb(PINYIN_FLAT, '>=', s), eb(PINYIN_FLAT, '<', prefixEnd(s))]),
          ]),
        );
      } else {
        conds.push(eb(sql<string>`m.name`, 'like', sql<string>`${`%${escapeLike(normalizeName(search))}%`} ESCAPE '\\'`));
      }
    }
    return eb.and(conds);
  };
}

/**
 * The filtered, ordered select of members with their organization's name (`org_name`). The member list
 * adds offset/limit; the roster export streams it. Default order: names in pinyin order.
 */
export async function memberQuery(
  db: Tx,
  filter: MemberFilter,
  opts: MemberQueryOptions,
): Promise<SelectQueryBuilder<DB & { o: Database['orgs'] }, 'm' | 'o', MemberRow>> {
  const where = await memberWhere(db, filter, opts.today);
  const q = db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .selectAll('m')
    .select('o.name as org_name')
    .where(where as never);
  return orderMembers(q, opts) as never;
}

/** ORDER BY the chosen column, then names in pinyin order, then id (a stable order for paging) */
function orderMembers<Q extends { orderBy: (...args: never[]) => unknown }>(q: Q, opts: MemberQueryOptions): Q {
  const dir = opts.sortOrder === 'desc' ? 'desc' : 'asc';
  const col = SORT_COLUMNS[opts.sortBy ?? 'name'];
  type Ordered = { orderBy: (ref: unknown, dir?: 'asc' | 'desc') => Ordered };
  let o = (q as unknown as Ordered).orderBy(sql.ref(col), dir);
  if (col !== 'm.name_pinyin') o = o.orderBy(sql.ref('m.name_pinyin'), 'asc');
  return o.orderBy(sql.ref('m.id'), dir) as unknown as Q;
}

/**
 * The ids of every match in list order, read from the members indexes alone (no join unless sorting by
 * organization): used where one scan must give both the page and the total (ID-fragment searches).
 */
export async function matchingMemberIds(db: Tx, filter: MemberFilter, opts: MemberQueryOptions): Promise<number[]> {
  const where = await memberWhere(db, filter, opts.today);
  const base = db.selectFrom('members as m');
  const q =
    opts.sortBy === 'org'
      ? base.innerJoin('orgs as o', 'o.id', 'm.org_id').select('m.id').where(where as never)
      : base.select('m.id').where(where as never);
  return (await orderMembers(q, opts).execute()).map((r) => r.id);
}

/** how many members match (same WHERE, no join, no order) */
export async function countMembers(db: Tx, filter: MemberFilter, today: string): Promise<number> {
  const where = await memberWhere(db, filter, today);
  const r = await db
    .selectFrom('members as m')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(where as never)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** a stored row → what crosses the contract (the CLI's `members list --json` prints these) */
export function toMemberDto(row: MemberRow): MemberDto {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    ethnicity: row.ethnicity ?? '',
    birthDate: row.birth_date,
    idNumber: row.id_number,
    idNeedsReview: row.id_needs_review === 1,
    education: row.education ?? '',
    degree: row.degree ?? '',
    category: row.category,
    joinedOn: row.joined_on,
    confirmedOn: row.confirmed_on ?? '',
    orgId: row.org_id,
    org: row.org_name,
    phone: row.phone ?? '',
    landline: row.landline ?? '',
    jobPosition: row.job_position ?? '',
    workUnit: row.work_unit ?? '',
    nativePlace: row.native_place ?? '',
    address: row.address ?? '',
    householdReg: row.household_reg ?? '',
    partyPost: row.party_post ?? '',
    workStart: row.work_start ?? '',
    status: row.status,
    roll: row.roll,
    leftOn: row.left_on ?? '',
    isLost: row.is_lost === 1,
    lostOn: row.lost_on ?? '',
    isMobile: row.is_mobile === 1,
    outflow: row.outflow ?? '',
    remark: row.remark ?? '',
    profTitle: row.prof_title ?? '',
    taiwan: row.taiwan === 1,
    migrantWorker: row.migrant_worker === 1,
    newStratum: row.new_stratum ?? '',
    selfCareUnable: row.self_care_unable === 1,
    increaseType: row.increase_type,
    joinType: row.join_type,
    enteredOn: row.entered_on ?? '',
  };
}
