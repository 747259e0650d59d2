import { sql } from 'kysely';
import { ARRIVING_EVENTS, LEAVING_EVENTS, arrivalOf, classifyMember, departureOf } from '../domain/scope.ts';
import type { Tx } from '../../../services/context.ts';
import { later } from '../../../domain/periods.ts';
import type { CampaignRow } from '../contract.ts';

// Keeps a campaign's checklist (campaign_members) equal to what the pure scope rules
// (domain/campaign/scope.ts) say about the members' own dates: members entered or corrected after the
// campaign was created appear, members moved out of scope drop out (their records stay, in_scope = 0).
// A finished campaign (已完成) is frozen: its checklist is the record of that year's work.
//
// Set-based: one read of the members in scope (with their 转入/leaving dates), one of the existing rows,
// then at most one INSERT…SELECT and one UPDATE…FROM for the differences; skipped entirely when the
// inputs' fingerprint (scopeStamp) is the one recorded at the last refresh.

interface Candidate {
  id: number;
  org_id: number;
  joined_on: string;
  entered_on: string | null;
  left_on: string | null;
  tin: string | null;
  leaves: string | null;
}

interface Existing {
  member_id: number;
  org_id: number;
  in_scope: number;
  added_later: number;
  arrived_on: string;
  left_on: string | null;
}

/**
 * A cheap fingerprint of everything the scope depends on (members, their events, the org tree): when it
 * is unchanged since the last refresh, the refresh is skipped. Services stamp members/orgs.updated_at on
 * every change and events only get added, so counts + latest stamps catch inserts, edits and deletions.
 */
async function scopeStamp(trx: Tx): Promise<string> {
  const { rows } = await sql<{ s: string }>`SELECT
    (SELECT count(*) || ':' || coalesce(max(updated_at), '') FROM members) || '|' ||
    (SELECT count(*) || ':' || coalesce(max(id), 0) FROM member_events) || '|' ||
    (SELECT count(*) || ':' || coalesce(max(updated_at), '') || ':' || coalesce(max(id), 0) FROM orgs) AS s`.execute(trx);
  return rows[0].s;
}

export async function refreshScope(trx: Tx, c: CampaignRow, now: string, opts: { force?: boolean } = {}): Promise<{ inserted: number; updated: number }> {
  if (c.status === '已完成') return { inserted: 0, updated: 0 };
  const stamp = await scopeStamp(trx);
  if (!opts.force) {
    const { rows } = await sql<{ scope_stamp: string | null }>`SELECT scope_stamp FROM campaigns WHERE id = ${c.id}`.execute(trx);
    if (rows[0]?.scope_stamp === stamp) return { inserted: 0, updated: 0 };
  }
  const leaving = sql.join(LEAVING_EVENTS.map((t) => sql.lit(t)));
  const arriving = sql.join(ARRIVING_EVENTS.map((t) => sql.lit(t)));
  const scopeOrgs = c.orgIds.length
    ? sql`m.org_id IN (SELECT o.id FROM orgs o JOIN campaign_orgs co ON co.campaign_id = ${c.id}
                       JOIN orgs r ON r.id = co.org_id WHERE o.path LIKE r.path || '%')`
    : sql`1`;
  // events folded per member in one pass (not two correlated look-ups per member)
  const { rows: candidates } = await sql<Candidate>`
    WITH ev AS (
      SELECT member_id,
        max(CASE WHEN type IN (${arriving}) THEN date END) AS tin,
        group_concat(CASE WHEN type IN (${leaving}) THEN date END) AS leaves
      FROM member_events WHERE type IN (${arriving}, ${leaving}) GROUP BY member_id)
    SELECT m.id, m.org_id, m.joined_on, m.entered_on, m.left_on, ev.tin, ev.leaves
    FROM members m LEFT JOIN ev ON ev.member_id = m.id WHERE ${scopeOrgs}`.execute(trx);
  const { rows: existingRows } = await sql<Existing>`
    SELECT member_id, org_id, in_scope, added_later, arrived_on, left_on FROM campaign_members WHERE campaign_id = ${c.id}`.execute(trx);
  const existing = new Map(existingRows.map((r) => [r.member_id, r]));

  const inserts: (string | number | null)[][] = [];
  const updates: (string | number | null)[][] = [];
  const seen = new Set<number>();
  const period = { start: c.start, end: c.end };
  const noEvents: string[] = [];
  for (const m of candidates) {
    // a member first entered as 转入/恢复党籍 arrived on 进入本组织日期 (domain/roll.ts rollStart)
    const dates = { joinedOn: m.joined_on, transferredInOn: later(m.tin, m.entered_on), leftOn: null as string | null };
    dates.leftOn = m.left_on || m.leaves ? departureOf(arrivalOf(dates), m.left_on, m.leaves ? m.leaves.split(',') : noEvents) : null;
    const k = classifyMember(dates, period);
    if (!k.inScope) continue;
    seen.add(m.id);
    const row = [m.id, m.org_id, 1, k.addedLater ? 1 : 0, k.arrivedOn, k.leftOn];
    const old = existing.get(m.id);
    if (!old) inserts.push(row);
    else if (old.org_id !== m.org_id || old.in_scope !== 1 || old.added_later !== row[3] || old.arrived_on !== k.arrivedOn || old.left_on !== k.leftOn) updates.push(row);
  }
  for (const old of existingRows) {
    if (old.in_scope === 1 && !seen.has(old.member_id)) updates.push([old.member_id, old.org_id, 0, old.added_later, old.arrived_on, old.left_on]);
  }
  if (inserts.length) {
    await sql`INSERT INTO campaign_members (campaign_id, member_id, org_id, in_scope, added_later, arrived_on, left_on, updated_at)
      SELECT ${c.id}, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, ${now}
      FROM json_each(${JSON.stringify(inserts)})`.execute(trx);
  }
  if (updates.length) {
    // through a keyed temp table: UPDATE … FROM json_each directly may rescan the JSON for every row
    await sql`CREATE TEMP TABLE IF NOT EXISTS campaign_scope_upd (member_id INTEGER PRIMARY KEY, org_id INTEGER, in_scope INTEGER,
      added_later INTEGER, arrived_on TEXT, left_on TEXT)`.execute(trx);
    await sql`DELETE FROM temp.campaign_scope_upd`.execute(trx);
    await sql`INSERT INTO temp.campaign_scope_upd SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
      FROM json_each(${JSON.stringify(updates)})`.execute(trx);
    await sql`UPDATE campaign_members SET org_id = u.org_id, in_scope = u.in_scope, added_later = u.added_later,
        arrived_on = u.arrived_on, left_on = u.left_on, updated_at = ${now}
      FROM temp.campaign_scope_upd AS u
      WHERE campaign_members.campaign_id = ${c.id} AND campaign_members.member_id = u.member_id`.execute(trx);
    await sql`DELETE FROM temp.campaign_scope_upd`.execute(trx);
  }
  await sql`UPDATE campaigns SET scope_stamp = ${stamp} WHERE id = ${c.id}`.execute(trx);
  return { inserted: inserts.length, updated: updates.length };
}
