import { sql } from 'kysely';
import { rollSpans, orgOnDate, type RollEvent } from '../domain/roll.ts';
import type { Tx } from './context.ts';

// "Members on the roll of these organizations on this day", read from the registry and the members'
// dated events through the one rule of domain/roll.ts. Candidates are the members held in one of the
// organizations now or named by an event of one of them. Two reads, not one look-up per member: the
// candidates, then the events (most members have none: their one span runs from
// 入党 in the organization they are held in) — 100,000 members in about 0.1 s.

export interface OnRoll {
  memberId: number;
  /** the organization the member was on the roll of that day */
  orgId: number;
}

interface Row {
  id: number;
  org_id: number;
  joined_on: string;
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
  // a subtree of most of the tree: one scan of the registry beats an index look-up per member
  const ids = orgIds && orgIds.length * 2 < orgCount ? JSON.stringify(orgIds) : null;
  // the candidates: held in one of the organizations now, or named by an event of one of them (each
  // condition on its own, so that each can use its index)
  const { rows } = ids
    ? await sql<Row>`
        SELECT m.id, m.org_id, m.joined_on FROM members m WHERE m.org_id IN (SELECT value FROM json_each(${ids}))
        UNION ALL
        SELECT m.id, m.org_id, m.joined_on FROM members m WHERE m.id IN (
          SELECT member_id FROM member_events WHERE from_org_id IN (SELECT value FROM json_each(${ids})) OR to_org_id IN (SELECT value FROM json_each(${ids})))
          AND m.org_id NOT IN (SELECT value FROM json_each(${ids}))`.execute(db)
    : await sql<Row>`SELECT m.id, m.org_id, m.joined_on FROM members m`.execute(db);
  // every member's events, in order: far fewer rows than members, read in one pass
  const { rows: events } = await sql<EventRow>`
    SELECT member_id, type, date, from_org_id, to_org_id FROM member_events ORDER BY member_id, date, id`.execute(db);
  const byMember = new Map<number, RollEvent[]>();
  for (const e of events) {
    let list = byMember.get(e.member_id);
    if (!list) byMember.set(e.member_id, (list = []));
    list.push({ type: e.type, date: e.date, fromOrgId: e.from_org_id, toOrgId: e.to_org_id });
  }
  const wanted = orgIds ? new Set(orgIds) : null;
  const out: OnRoll[] = [];
  for (const r of rows) {
    const org = orgOnDate(rollSpans({ joinedOn: r.joined_on, orgId: r.org_id, events: byMember.get(r.id) ?? [] }), date);
    if (org !== null && (!wanted || wanted.has(org))) out.push({ memberId: r.id, orgId: org });
  }
  return out;
}
