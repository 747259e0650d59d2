import { sql } from 'kysely';
import { rollSpans, orgOnDate, suspendedOn, type RollEvent } from '../domain/roll.ts';
import type { Tx } from './context.ts';

// "Members on the roll of these organizations on this day", read from the registry and the members'
// dated events through the one rule of domain/roll.ts. Candidates are the members held in one of the
// organizations now or named by an event of one of them. Two reads, not one look-up per member: the
// candidates, then their events (most members have none: their one span runs from 入党 in the organization
// they are held in) — 100,000 members in about 0.1 s.

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
  entered_on: string | null;
}

interface EventRow {
  member_id: number;
  type: string;
  date: string;
  from_org_id: number | null;
  to_org_id: number | null;
}

/** orgIds null: every organization */
export async function membersOnRoll(db: Tx, date: string, orgIds: readonly number[] | null): Promise<OnRoll[]> {
  const { rows: [{ n: orgCount }] } = await sql<{ n: number }>`SELECT count(*) AS n FROM orgs`.execute(db);
  // a subtree of most of the tree: one scan of the registry and of the events beats a look-up each
  const ids = orgIds && orgIds.length * 2 < orgCount ? JSON.stringify(orgIds) : null;
  if (!ids) {
    const { rows } = await sql<Row>`SELECT m.id, m.org_id, m.joined_on, m.entered_on FROM members m`.execute(db);
    const { rows: events } = await sql<EventRow>`
      SELECT member_id, type, date, from_org_id, to_org_id FROM member_events ORDER BY member_id, date, id`.execute(db);
    return onRollFrom(rows, byMember(events), date, orgIds ? new Set(orgIds) : null);
  }
  // the candidates: held in one of the organizations now, or named by an event of one of them (each
  // condition on its own, so that each can use its index)
  const { rows } = await sql<Row>`
    SELECT m.id, m.org_id, m.joined_on, m.entered_on FROM members m WHERE m.org_id IN (SELECT value FROM json_each(${ids}))
    UNION ALL
    SELECT m.id, m.org_id, m.joined_on, m.entered_on FROM members m WHERE m.id IN (
      SELECT member_id FROM member_events WHERE from_org_id IN (SELECT value FROM json_each(${ids})) OR to_org_id IN (SELECT value FROM json_each(${ids})))
      AND m.org_id NOT IN (SELECT value FROM json_each(${ids}))`.execute(db);
  return onRollFrom(rows, await eventsOf(db, rows.map((r) => r.id)), date, new Set(orgIds));
}

/** the given members, each with the organization they were on the roll of that day (left out when off it) */
export async function rollOfMembers(db: Tx, date: string, memberIds: readonly number[]): Promise<OnRoll[]> {
  if (!memberIds.length) return [];
  const { rows } = await sql<Row>`
    SELECT m.id, m.org_id, m.joined_on, m.entered_on FROM members m WHERE m.id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)}))`.execute(db);
  return onRollFrom(rows, await eventsOf(db, rows.map((r) => r.id)), date, null);
}

/** the events of these members, in order */
async function eventsOf(db: Tx, memberIds: readonly number[]): Promise<Map<number, RollEvent[]>> {
  if (!memberIds.length) return new Map();
  const { rows } = await sql<EventRow>`
    SELECT member_id, type, date, from_org_id, to_org_id FROM member_events
    WHERE member_id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)})) ORDER BY member_id, date, id`.execute(db);
  return byMember(rows);
}

function byMember(events: readonly EventRow[]): Map<number, RollEvent[]> {
  const out = new Map<number, RollEvent[]>();
  for (const e of events) {
    let list = out.get(e.member_id);
    if (!list) out.set(e.member_id, (list = []));
    list.push({ type: e.type, date: e.date, fromOrgId: e.from_org_id, toOrgId: e.to_org_id });
  }
  return out;
}

const NO_EVENTS: readonly RollEvent[] = [];

function onRollFrom(rows: readonly Row[], events: ReadonlyMap<number, RollEvent[]>, date: string, wanted: ReadonlySet<number> | null): OnRoll[] {
  const out: OnRoll[] = [];
  for (const r of rows) {
    const evs = events.get(r.id) ?? NO_EVENTS;
    const org = orgOnDate(rollSpans({ joinedOn: r.joined_on, enteredOn: r.entered_on, orgId: r.org_id, events: evs }), date);
    if (org !== null && (!wanted || wanted.has(org))) out.push({ memberId: r.id, orgId: org, suspended: suspendedOn(evs, date) });
  }
  return out;
}
