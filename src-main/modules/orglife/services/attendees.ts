import { sql } from 'kysely';
import type { Tx } from '../../../services/context.ts';
import type { OrgRow } from '../../../services/refs.ts';
import { membersOnRoll, rollOfMembers, type OnRoll } from '../../../services/roll.ts';
import { fullMemberOn, type Invitee } from '../domain/attendance.ts';
import { isCommitteePost, type ActivityType } from '../domain/types.ts';
import { jsonIds } from './common.ts';

// Who should attend an activity (docs/domain/org-life.md#who-should-attend): derived, never typed —
// the members on the roll of the organization that day (services/roll.ts, the one roll rule), narrowed
// to its committee or to its 中心组 / 党组 list for those types, with those excused or suspended
// (停止党籍) left out of 应到 and 预备党员 without a vote.

export interface MemberInfo {
  id: number;
  name: string;
  idNumber: string;
  /** the organization the member was on the roll of that day */
  rollOrgId: number;
  post: string | null;
  category: string;
  confirmedOn: string | null;
}

export interface Expected {
  invitees: Invitee[];
  members: Map<number, MemberInfo>;
  /** what the list is based on, for the form */
  note: string | null;
}

/** the organization and every 党小组 below it (a committee sits in the branch or its groups, not in sub-branches) */
async function withGroups(db: Tx, org: OrgRow): Promise<number[]> {
  const rows = await db
    .selectFrom('orgs')
    .select('id')
    .where(sql<boolean>`substr(path, 1, ${org.path.length}) = ${org.path}`)
    .where((eb) => eb.or([eb('id', '=', org.id), eb('type', '=', '党小组')]))
    .execute();
  return rows.map((r) => r.id);
}

async function subtree(db: Tx, org: OrgRow): Promise<number[]> {
  const rows = await db.selectFrom('orgs').select('id').where(sql<boolean>`substr(path, 1, ${org.path.length}) = ${org.path}`).execute();
  return rows.map((r) => r.id);
}

/** panel members (中心组 / 党组) of the organization on the day */
export async function panelOn(db: Tx, orgId: number, kind: string, date: string): Promise<number[]> {
  const rows = await db
    .selectFrom('orglife_panels')
    .select('member_id')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('from_date', '<=', date)
    .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', date)]))
    .execute();
  return [...new Set(rows.map((r) => r.member_id))];
}

/** excuse reasons in force on the day, by member */
async function excusesOn(db: Tx, memberIds: readonly number[], date: string): Promise<Map<number, string>> {
  if (!memberIds.length) return new Map();
  const rows = await db
    .selectFrom('orglife_excused')
    .select(['member_id', 'reason'])
    .where(sql<boolean>`member_id IN ${jsonIds(memberIds)}`)
    .where('from_date', '<=', date)
    .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', date)]))
    .execute();
  return new Map(rows.map((r) => [r.member_id, r.reason]));
}

interface Row {
  id: number;
  name: string;
  id_number: string;
  category: string;
  confirmed_on: string | null;
  party_post: string | null;
  status: string;
  has_stop: number | null;
}

async function memberRows(db: Tx, ids: readonly number[]): Promise<Row[]> {
  if (!ids.length) return [];
  const { rows } = await sql<Row>`
    SELECT m.id, m.name, m.id_number, m.category, m.confirmed_on, m.party_post, m.status,
      (SELECT 1 FROM member_events e WHERE e.member_id = m.id AND e.type = '停止党籍' LIMIT 1) AS has_stop
    FROM members m WHERE m.id IN ${jsonIds(ids)}`.execute(db);
  return rows;
}

/**
 * The invitees of an activity of `type` held by `orgs` (one, or several for a joint activity) on `date`.
 * A member counts once, for the first listed organization whose roll holds them.
 */
export async function expectedFor(db: Tx, orgs: readonly OrgRow[], type: ActivityType, date: string): Promise<Expected> {
  const members = new Map<number, MemberInfo>();
  const invitees: Invitee[] = [];
  if (type.attendees === 'none') return { invitees, members, note: `${type.name}不计应到人数` };

  // the members on the roll, each with the activity organization they count for
  const found: { on: OnRoll; forOrg: number }[] = [];
  const seen = new Set<number>();
  for (const org of orgs) {
    let on: OnRoll[];
    if (type.attendees === 'panel') {
      on = await rollOfMembers(db, date, await panelOn(db, org.id, type.panel ?? '', date));
    } else {
      on = await membersOnRoll(db, date, type.attendees === 'committee' ? await withGroups(db, org) : await subtree(db, org));
    }
    for (const x of on) {
      if (seen.has(x.memberId)) continue;
      seen.add(x.memberId);
      found.push({ on: x, forOrg: org.id });
    }
  }
  const rows = new Map((await memberRows(db, [...seen])).map((r) => [r.id, r]));
  const excuses = await excusesOn(db, [...seen], date);
  for (const { on, forOrg } of found) {
    const r = rows.get(on.memberId);
    if (!r) continue;
    if (type.attendees === 'committee' && !isCommitteePost(r.party_post)) continue;
    members.set(r.id, { id: r.id, name: r.name, idNumber: r.id_number, rollOrgId: on.orgId, post: r.party_post, category: r.category, confirmedOn: r.confirmed_on });
    // 停止党籍: dated by its event (domain/roll.ts suspendedOn); a status with no event at all counts as suspended
    const suspended = on.suspended || (r.status === '停止党籍' && !r.has_stop);
    invitees.push({
      memberId: r.id,
      orgId: forOrg,
      voting: fullMemberOn({ category: r.category, confirmedOn: r.confirmed_on }, date),
      excused: suspended ? '停止党籍' : (excuses.get(r.id) ?? null),
    });
  }
  const note =
    type.attendees === 'committee'
      ? invitees.length
        ? `应到：${date} 在册、党内职务为书记或委员的支部委员`
        : '没有找到支部委员：请在党员花名册中填写党内职务（书记、副书记、组织委员、宣传委员、纪检委员…）'
      : type.attendees === 'panel'
        ? invitees.length
          ? `应到：${date} 的${type.panel}名单`
          : `该组织的${type.panel}名单为空：请先在“名单”中登记成员`
        : `应到：${date} 在册的正式党员和预备党员`;
  return { invitees, members, note };
}
