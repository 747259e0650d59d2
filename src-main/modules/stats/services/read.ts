import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { sql } from 'kysely';
import type { Tx } from '../../../services/context.ts';
import { prepare, type Prepared, type StatEvent, type StatMember } from '../domain/roster.ts';
import type { DevFacts, DuesFacts, OrgInfo } from '../domain/tables.ts';
import { monthOf } from '../../../domain/periods.ts';

// Everything the statistics read from the other modules' tables, in one place and in as few queries as
// possible (every table for 100,000 members in well under a second: `npm run bench:stats`):
// - the registry (members) and the members' dated events — including the lifecycle fields the core module
//   keeps: members.increase_type (增加方式), join_type (入党类型), entered_on (进入本组织日期) and
//   member_events.subtype (出党方式), whole_org (整建制), effective_on, months;
// - the organization tree with founding and dissolution dates and terms;
// - the dues ledger's supplementary facts; the development register.
// Who was on which roll when is decided by the one rule of domain/roll.ts (roster.ts prepares it).

interface MemberRow {
  id: number;
  name: string;
  id_number: string;
  gender: string;
  ethnicity: string | null;
  birth_date: string;
  education: string | null;
  category: string;
  joined_on: string;
  confirmed_on: string | null;
  org_id: number;
  job_position: string | null;
  native_place: string | null;
  status: string;
  roll: string;
  left_on: string | null;
  increase_type: string | null;
  join_type: string | null;
  entered_on: string | null;
  prof_title: string | null;
  taiwan: number;
  migrant_worker: number;
  new_stratum: string | null;
  self_care_unable: number;
}

interface EventRow {
  member_id: number;
  type: string;
  date: string;
  from_org_id: number | null;
  to_org_id: number | null;
  subtype: string | null;
  whole_org: number;
  effective_on: string | null;
  months: number | null;
}

/**
 * The members who may have been on the roll of the organizations (null: all) at some time — held there
 * now, or named by one of their events — with their events in date order. A bulk path on the raw
 * connection (src-main/db/connection.ts): 100,000 members are read in one statement.
 */
function readMembers(sqlite: BetterSqlite3.Database, orgIds: readonly number[] | null): StatMember[] {
  const ids = orgIds ? JSON.stringify(orgIds) : null;
  const candidates = ids
    ? `WHERE m.org_id IN (SELECT value FROM json_each(@ids))
          OR m.id IN (SELECT member_id FROM member_events WHERE from_org_id IN (SELECT value FROM json_each(@ids))
                                                          OR to_org_id IN (SELECT value FROM json_each(@ids)))`
    : '';
  return readWhere(sqlite, candidates, ids ? { ids } : {});
}

/** the members `candidates` (a WHERE clause over members m) selects, with their events */
function readWhere(sqlite: BetterSqlite3.Database, candidates: string, params: Record<string, string>): StatMember[] {
  const rows = sqlite.prepare(`
    SELECT m.id, m.name, m.id_number, m.gender, m.ethnicity, m.birth_date, m.education, m.category, m.joined_on, m.confirmed_on,
           m.org_id, m.job_position, m.native_place, m.status, m.roll, m.left_on, m.increase_type, m.join_type, m.entered_on,
           m.prof_title, m.taiwan, m.migrant_worker, m.new_stratum, m.self_care_unable
    FROM members m ${candidates}`).all(params) as MemberRow[];
  const events = sqlite.prepare(`
    SELECT e.member_id, e.type, e.date, e.from_org_id, e.to_org_id, e.subtype, e.whole_org, e.effective_on, e.months
    FROM member_events e ${candidates ? `WHERE e.member_id IN (SELECT m.id FROM members m ${candidates})` : ''}
    ORDER BY e.member_id, e.date, e.id`).all(params) as EventRow[];
  const byMember = new Map<number, StatEvent[]>();
  for (const e of events) {
    let list = byMember.get(e.member_id);
    if (!list) byMember.set(e.member_id, (list = []));
    list.push({
      type: e.type, date: e.date, fromOrgId: e.from_org_id, toOrgId: e.to_org_id, subtype: e.subtype, wholeOrg: e.whole_org === 1,
      effectiveOn: e.effective_on, months: e.months,
    });
  }
  const out: StatMember[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = {
      id: r.id,
      name: r.name,
      idNumber: r.id_number,
      gender: r.gender,
      ethnicity: r.ethnicity,
      birthDate: r.birth_date,
      education: r.education,
      category: r.category,
      joinedOn: r.joined_on,
      confirmedOn: r.confirmed_on,
      orgId: r.org_id,
      jobPosition: r.job_position,
      nativePlace: r.native_place,
      status: r.status,
      roll: r.roll,
      leftOn: r.left_on,
      increaseType: r.increase_type ?? '建账',
      joinType: r.join_type ?? '新发展',
      enteredOn: r.entered_on,
      profTitle: r.prof_title,
      taiwan: r.taiwan === 1,
      migrantWorker: r.migrant_worker === 1,
      newStratum: r.new_stratum,
      selfCareUnable: r.self_care_unable === 1,
      events: byMember.get(r.id) ?? NO_EVENTS,
    };
  }
  return out;
}

const NO_EVENTS: StatEvent[] = [];

/**
 * The members with their roll prepared (domain/roll.ts through roster.ts), kept until the database changes:
 * the 党内统计 page and its exports ask for several tables of the same registry in a row. The key is the
 * connection's count of changed rows (every INSERT/UPDATE/DELETE it ran) and SQLite's data version (a
 * commit by another connection), so any write at all reads the registry afresh. One scope is kept.
 */
const versionProbes = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();
const preparedCache = new WeakMap<BetterSqlite3.Database, { version: string; scope: string; members: Prepared[] }>();

export function preparedMembers(sqlite: BetterSqlite3.Database, orgIds: readonly number[] | null): Prepared[] {
  let probe = versionProbes.get(sqlite);
  if (!probe) versionProbes.set(sqlite, (probe = sqlite.prepare('SELECT total_changes() AS n, (SELECT data_version FROM pragma_data_version) AS v')));
  const { n, v } = probe.get() as { n: number; v: number };
  const version = `${n}:${v}`;
  const scope = orgIds ? orgIds.join(',') : '*';
  const hit = preparedCache.get(sqlite);
  if (hit && hit.version === version && hit.scope === scope) return hit.members;
  const members = readMembers(sqlite, orgIds).map(prepare);
  preparedCache.set(sqlite, { version, scope, members });
  return members;
}

/**
 * The members who came onto a roll or have a dated event within (from, to], prepared: everyone whose
 * movements of 党员数量变化情况 in that window can be other than none (balance.ts movementsOf reads
 * each member alone), at any level — the work report's figures (services/figures.ts) count them
 * without reading the whole registry. Dates compare as text, as movementsOf compares them.
 */
export function membersMovedWithin(sqlite: BetterSqlite3.Database, from: string, to: string): Prepared[] {
  // the ids first: the registry is scanned once, not again for the events
  const ids = (sqlite.prepare(`
    SELECT m.id FROM members m WHERE (m.joined_on > @from AND m.joined_on <= @to) OR (m.entered_on > @from AND m.entered_on <= @to)
    UNION SELECT member_id FROM member_events WHERE date > @from AND date <= @to`).pluck().all({ from, to }) as number[]);
  if (!ids.length) return [];
  return readWhere(sqlite, 'WHERE m.id IN (SELECT value FROM json_each(@ids))', { ids: JSON.stringify(ids) }).map(prepare);
}

/** members by id (the signed-off opening members no longer among those read) */
export async function readMembersById(db: Tx, ids: readonly number[]): Promise<{ id: number; name: string; idNumber: string; orgId: number }[]> {
  if (!ids.length) return [];
  return db.selectFrom('members').select(['id', 'name', 'id_number as idNumber', 'org_id as orgId']).where('id', 'in', [...ids]).execute();
}

export async function readOrgs(db: Tx): Promise<OrgInfo[]> {
  const { rows } = await sql<{
    id: number; name: string; parent_id: number | null; path: string; type: string; sort_order: number; established_on: string | null;
    dissolved_on: string | null; term_start: string | null; term_years: number | null; postponed_until: string | null;
  }>`SELECT id, name, parent_id, path, type, sort_order, established_on, dissolved_on, term_start, term_years, postponed_until FROM orgs`.execute(db);
  return rows.map((o) => ({
    id: o.id, name: o.name, parentId: o.parent_id, path: o.path, type: o.type, sortOrder: o.sort_order, establishedOn: o.established_on,
    dissolvedOn: o.dissolved_on, termStart: o.term_start, termYears: o.term_years, postponedUntil: o.postponed_until,
  }));
}

/**
 * The dues ledger for the months from..asOf (docs/domain/statistics.md#other-columns): who is assessed
 * (a standard in force by then) and has no month of the period left unpaid or part-paid, and is not
 * exempted (按时足额); who had an approved 少交 or 免交; who paid 1,000 元 or more at once voluntarily
 * (not reversed). The unpaid months come from the ledger's partial index of open months.
 */
export async function readDuesFacts(db: Tx, from: string, asOf: string): Promise<DuesFacts> {
  const fromMonth = monthOf(from);
  const toMonth = monthOf(asOf);
  const waivers = await sql<{ member_id: number; type: string }>`
    SELECT member_id, type FROM dues_waivers
    WHERE revoked_at IS NULL AND from_month <= ${toMonth} AND to_month >= ${fromMonth}`.execute(db);
  const reduced = new Set(waivers.rows.filter((w) => w.type === '少交').map((w) => w.member_id));
  const exempt = new Set(waivers.rows.filter((w) => w.type === '免交').map((w) => w.member_id));
  const open = await sql<{ member_id: number }>`
    SELECT DISTINCT member_id FROM dues_months
    WHERE status IN ('未交', '部分') AND month >= ${fromMonth} AND month <= ${toMonth}`.execute(db);
  const owing = new Set(open.rows.map((r) => r.member_id));
  const assessed = await sql<{ member_id: number }>`
    SELECT DISTINCT member_id FROM dues_standards WHERE draft = 0 AND from_month <= ${toMonth}`.execute(db);
  const onTime = new Set<number>();
  for (const r of assessed.rows) if (!owing.has(r.member_id) && !exempt.has(r.member_id)) onTime.add(r.member_id);
  const vol = await sql<{ member_id: number }>`
    SELECT p.member_id FROM dues_payments p
    WHERE p.kind = '自愿多交' AND p.amount_fen >= 100000 AND p.paid_on >= ${from} AND p.paid_on <= ${asOf}
      AND NOT EXISTS (SELECT 1 FROM dues_payments r WHERE r.reverses_id = p.id)`.execute(db);
  return { onTime, reduced, exempt, voluntary1000: new Set(vol.rows.map((r) => r.member_id)) };
}

/** the development register (docs/domain/development.md#stages) */
export async function readDevelopment(db: Tx): Promise<DevFacts[]> {
  const { rows } = await sql<{
    id: number; name: string; id_number: string; gender: string | null; ethnicity: string | null; birth_date: string | null; education: string | null;
    org_id: number; applied_on: string; activist_on: string | null; candidate_on: string | null; admitted_on: string | null;
  }>`SELECT id, name, id_number, gender, ethnicity, birth_date, education, org_id, applied_on, activist_on, candidate_on, admitted_on FROM dev_people`.execute(db);
  return rows.map((r) => ({
    id: r.id, name: r.name, idNumber: r.id_number, gender: r.gender, ethnicity: r.ethnicity, birthDate: r.birth_date, education: r.education,
    orgId: r.org_id, appliedOn: r.applied_on, activistOn: r.activist_on, candidateOn: r.candidate_on, admittedOn: r.admitted_on,
  }));
}

/** the free-text 工作岗位 values the clerk has mapped to a code */
export async function readJobMap(db: Tx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('stats_job_map').select(['text', 'code']).execute();
  return new Map(rows.map((r) => [r.text, r.code]));
}

/** every distinct 工作岗位 on the roll, with how many members carry it */
export async function readJobTexts(db: Tx): Promise<{ text: string; count: number }[]> {
  const { rows } = await sql<{ text: string; count: number }>`
    SELECT job_position AS text, COUNT(*) AS count FROM members WHERE roll = '在册' AND job_position IS NOT NULL AND job_position <> ''
    GROUP BY job_position ORDER BY count DESC, job_position`.execute(db);
  return rows;
}
