import { sql, type RawBuilder } from 'kysely';
import { rollSpans, orgOnDate, suspendedOn, type RollEvent } from '../domain/roll.ts';
import type { Tx } from './context.ts';

// "Members on the roll of these organizations on this day", read from the registry and the members'
// dated events through the one rule of domain/roll.ts. Candidates are the members held in one of the
// organizations now or named by an event of one of them; their events are read in one query.

export interface OnRoll {
  memberId: number;
  /** the organization the member was on the roll of that day */
  orgId: number;
  /** 停止党籍 that day: on the roll, but not expected at meetings (domain/roll.ts suspendedOn) */
  suspended: boolean;
}

interface Row {
  id: number;
  org_id: number;
  joined_on: string;
  ev: string | null;
}

/** orgIds null: every organization */
export async function membersOnRoll(db: Tx, date: string, orgIds: readonly number[] | null): Promise<OnRoll[]> {
  const ids = orgIds ? JSON.stringify(orgIds) : null;
  const scope = ids
    ? sql`WHERE m.org_id IN (SELECT value FROM json_each(${ids}))
          OR m.id IN (SELECT member_id FROM member_events WHERE from_org_id IN (SELECT value FROM json_each(${ids}))
                                                          OR to_org_id IN (SELECT value FROM json_each(${ids})))`
    : sql``;
  return onRollFrom(await rowsOf(db, scope), date, orgIds ? new Set(orgIds) : null);
}

/** the given members, each with the organization they were on the roll of that day (left out when off it) */
export async function rollOfMembers(db: Tx, date: string, memberIds: readonly number[]): Promise<OnRoll[]> {
  if (!memberIds.length) return [];
  return onRollFrom(await rowsOf(db, sql`WHERE m.id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)}))`), date, null);
}

async function rowsOf(db: Tx, scope: RawBuilder<unknown>): Promise<Row[]> {
  const { rows } = await sql<Row>`
    SELECT m.id, m.org_id, m.joined_on,
      (SELECT json_group_array(json_array(e.type, e.date, e.from_org_id, e.to_org_id))
         FROM (SELECT type, date, from_org_id, to_org_id FROM member_events WHERE member_id = m.id ORDER BY date, id) e) AS ev
    FROM members m ${scope}`.execute(db);
  return rows;
}

function onRollFrom(rows: Row[], date: string, wanted: ReadonlySet<number> | null): OnRoll[] {
  const out: OnRoll[] = [];
  for (const r of rows) {
    const events: RollEvent[] = r.ev
      ? (JSON.parse(r.ev) as [string, string, number | null, number | null][]).map(([type, d, fromOrgId, toOrgId]) => ({ type, date: d, fromOrgId, toOrgId }))
      : [];
    const org = orgOnDate(rollSpans({ joinedOn: r.joined_on, orgId: r.org_id, events }), date);
    if (org !== null && (!wanted || wanted.has(org))) out.push({ memberId: r.id, orgId: org, suspended: suspendedOn(events, date) });
  }
  return out;
}
