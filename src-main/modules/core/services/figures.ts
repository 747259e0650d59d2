import { sql } from 'kysely';
import type { FigureRecord, FigureValue } from '../../../domain/figures.ts';
import { addDays, inPeriod } from '../../../domain/periods.ts';
import { orgOnDate, rollEffect, rollSpans, type RollEvent } from '../../../domain/roll.ts';
import type { FigureQuery, Tx } from '../../../services/context.ts';
import { GRASSROOTS_ORG_TYPES } from '../domain/figures.ts';

// The registry's figures (docs/domain/report.md#membership-and-organizations): members on the roll of the
// subtree on the as-of day through the one roll rule (services/roll.ts, via the query), their category and 党籍 on that
// day from their own dates, organizations established by then, and the period's movements across the
// subtree's border read from the members' dated events.

const ids = (list: readonly number[]) => JSON.stringify(list);

interface MemberFacts {
  id: number;
  name: string;
  category: string;
  confirmed_on: string | null;
  joined_on: string;
  status: string;
  recorded_at: string;
}

/** 预备党员 on the day: not yet confirmed then (a month-only 转正日期 counts from its first day) */
export function probationaryOn(m: { category: string; confirmed_on: string | null }, date: string): boolean {
  if (m.confirmed_on) return m.confirmed_on > date;
  return m.category === '预备党员';
}

/** the members counted on the as-of day, with the organization they were on the roll of (names: for the records) */
async function countedMembers(db: Tx, q: FigureQuery, withNames = false): Promise<{ member: MemberFacts; orgId: number }[]> {
  const onRoll = await q.onRoll();
  if (!onRoll.length) return [];
  const cols = withNames
    ? sql`m.id, m.name, m.category, m.confirmed_on, m.joined_on, m.status, max(m.created_at, m.updated_at) AS recorded_at`
    : sql`m.id, '' AS name, m.category, m.confirmed_on, m.joined_on, m.status, '' AS recorded_at`;
  // many members: one scan of the registry is cheaper than a look-up each
  const { rows } = onRoll.length > 5_000
    ? await sql<MemberFacts>`SELECT ${cols} FROM members m`.execute(db)
    : await sql<MemberFacts>`
        SELECT ${cols} FROM members m WHERE m.id IN (SELECT value FROM json_each(${ids(onRoll.map((r) => r.memberId))}))`.execute(db);
  // 停止党籍 on the day is the roll rule's (domain/roll.ts suspendedOn); a member with no such event at all
  // is as the status field says (entered stopped, without the event)
  const { rows: stops } = await sql<{ member_id: number }>`
    SELECT DISTINCT member_id FROM member_events WHERE type IN ('停止党籍', '恢复党籍')`.execute(db);
  const withEvents = new Set(stops.map((e) => e.member_id));
  const facts = new Map(rows.map((r) => [r.id, r]));
  const out: { member: MemberFacts; orgId: number }[] = [];
  for (const r of onRoll) {
    const member = facts.get(r.memberId);
    if (!member) continue;
    const stopped = r.suspended || (!withEvents.has(r.memberId) && member.status === '停止党籍');
    if (!stopped) out.push({ member, orgId: r.orgId });
  }
  return out;
}

interface OrgFacts {
  id: number;
  name: string;
  type: string;
  established_on: string | null;
  recorded_at: string;
}

async function establishedOrgs(db: Tx, q: FigureQuery): Promise<OrgFacts[]> {
  const { rows } = await sql<OrgFacts>`
    SELECT id, name, type, established_on, max(created_at, updated_at) AS recorded_at FROM orgs
    WHERE id IN (SELECT value FROM json_each(${ids(q.orgIds)})) AND (established_on IS NULL OR established_on <= ${q.asOf})
    ORDER BY path`.execute(db);
  return rows;
}

export type ChangeKey = 'transfersIn' | 'transfersOut' | 'deaths' | 'exits';

interface Movement {
  key: ChangeKey;
  eventId: number;
  memberId: number;
  name: string;
  type: string;
  date: string;
  orgId: number;
  detail: string | null;
  recordedAt: string;
}

const LEAVE_KEY: Record<string, ChangeKey> = { 转出: 'transfersOut', 死亡: 'deaths', 出党: 'exits' };
const dayBefore = (d: string): string => addDays(d.length === 7 ? `${d}-01` : d, -1);

/**
 * The period's movements at the subtree's level: a leaving from an organization in it, a 转入 into it, a
 * 调整 across its border (a move between two of its organizations is none); a member whose 党籍 was
 * stopped left the count then and is not counted again when leaving.
 */
async function movements(db: Tx, q: FigureQuery): Promise<Movement[]> {
  const scope = new Set(q.orgIds);
  // month-only dates are kept by their month: read from the first month, decide with inPeriod
  const { rows: members } = await sql<{ id: number; name: string; org_id: number; joined_on: string; entered_on: string | null }>`
    SELECT m.id, m.name, m.org_id, m.joined_on, m.entered_on FROM members m
    WHERE m.id IN (SELECT member_id FROM member_events WHERE date >= ${q.period.from} AND date <= ${q.period.end})`.execute(db);
  if (!members.length) return [];
  const { rows: events } = await sql<{ id: number; member_id: number; type: string; date: string; from_org_id: number | null; to_org_id: number | null; detail: string | null; recorded_at: string }>`
    SELECT e.id, e.member_id, e.type, e.date, e.from_org_id, e.to_org_id, e.detail, e.recorded_at FROM member_events e
    WHERE e.member_id IN (SELECT value FROM json_each(${ids(members.map((m) => m.id))}))
    ORDER BY e.member_id, e.date, e.id`.execute(db);
  const byMember = new Map<number, typeof events>();
  for (const e of events) (byMember.get(e.member_id) ?? byMember.set(e.member_id, []).get(e.member_id)!).push(e);
  const out: Movement[] = [];
  for (const m of members) {
    const evs = byMember.get(m.id) ?? [];
    const spans = rollSpans({
      joinedOn: m.joined_on,
      enteredOn: m.entered_on,
      orgId: m.org_id,
      events: evs.map((e): RollEvent => ({ type: e.type, date: e.date, fromOrgId: e.from_org_id, toOrgId: e.to_org_id })),
    });
    let stopped = false;
    for (const e of evs) {
      if (e.type === '停止党籍' || e.type === '恢复党籍') {
        stopped = e.type === '停止党籍';
        continue;
      }
      const eff = rollEffect(e.type);
      if (eff === 'none' || !inPeriod(q.period, e.date) || stopped) continue;
      const push = (key: ChangeKey, orgId: number) =>
        out.push({ key, eventId: e.id, memberId: m.id, name: m.name, type: e.type, date: e.date, orgId, detail: e.detail, recordedAt: e.recorded_at });
      if (eff === 'leave') {
        const org = e.from_org_id ?? orgOnDate(spans, dayBefore(e.date));
        if (org !== null && scope.has(org)) push(LEAVE_KEY[e.type] ?? 'transfersOut', org);
      } else if (eff === 'return') {
        const org = e.to_org_id ?? orgOnDate(spans, e.date.length === 7 ? `${e.date}-01` : e.date);
        if (org !== null && scope.has(org)) push('transfersIn', org);
      } else if (eff === 'move') {
        const from = e.from_org_id ?? orgOnDate(spans, dayBefore(e.date));
        const to = e.to_org_id ?? orgOnDate(spans, e.date.length === 7 ? `${e.date}-01` : e.date);
        const out_ = from !== null && scope.has(from);
        const in_ = to !== null && scope.has(to);
        if (out_ && !in_) push('transfersOut', from!);
        if (in_ && !out_) push('transfersIn', to!);
      }
    }
  }
  return out;
}

const GRASSROOTS = new Set<string>(GRASSROOTS_ORG_TYPES);

export async function computeCoreFigures(db: Tx, q: FigureQuery): Promise<FigureValue[]> {
  const [counted, orgs, moves] = await Promise.all([countedMembers(db, q), establishedOrgs(db, q), movements(db, q)]);
  const out: FigureValue[] = [
    { key: 'members', value: counted.length },
    { key: 'probationaryMembers', value: counted.filter((c) => probationaryOn(c.member, q.asOf)).length },
    { key: 'orgsByType', value: orgs.filter((o) => GRASSROOTS.has(o.type)).length },
  ];
  const asked = new Set(q.params.orgType ?? []);
  for (const t of GRASSROOTS_ORG_TYPES) {
    const n = orgs.filter((o) => o.type === t).length;
    if (n > 0 || asked.has(t)) out.push({ key: 'orgsByType', param: t, value: n });
  }
  for (const key of ['transfersIn', 'transfersOut', 'deaths', 'exits'] as const) out.push({ key, value: moves.filter((m) => m.key === key).length });
  return out;
}

async function orgNames(db: Tx): Promise<Map<number, string>> {
  const rows = await db.selectFrom('orgs').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** the records of a figure; `since`: only those entered or changed after then */
export async function explainCoreFigure(db: Tx, q: FigureQuery, f: { key: string; param?: string }, since?: string): Promise<FigureRecord[]> {
  if (f.key === 'members' || f.key === 'probationaryMembers') {
    const names = await orgNames(db);
    const counted = await countedMembers(db, q, true);
    return counted
      .filter((c) => (f.key === 'members' || probationaryOn(c.member, q.asOf)) && (!since || c.member.recorded_at > since))
      .map((c) => ({ kind: '党员', id: c.member.id, date: c.member.joined_on, org: names.get(c.orgId) ?? '', title: c.member.name, recordedAt: c.member.recorded_at }));
  }
  if (f.key === 'orgsByType') {
    const orgs = (await establishedOrgs(db, q)).filter((o) => (f.param ? o.type === f.param : GRASSROOTS.has(o.type)));
    return orgs.map((o) => ({ kind: '党组织', id: o.id, date: o.established_on, org: o.name, title: `${o.name}（${o.type}）`, recordedAt: o.recorded_at }));
  }
  const names = await orgNames(db);
  return (await movements(db, q))
    .filter((m) => m.key === f.key)
    .map((m) => ({
      kind: m.type,
      id: m.eventId,
      date: m.date,
      org: names.get(m.orgId) ?? '',
      title: `${m.name} ${m.type}${m.detail ? `（${m.detail}）` : ''}`,
      recordedAt: m.recordedAt,
    }));
}
