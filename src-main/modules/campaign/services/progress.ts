import { sql } from 'kysely';
import type { CampaignProgress, ProgressOrgRow } from '../contract.ts';
import { addCounts, byLaggingFirst, emptyCounts, rate, type ProgressCounts } from '../domain/board.ts';
import type { ProgressTableRow } from '../domain/columns.ts';
import { CONVERTED_OUTCOME, NO_FINDING } from '../domain/enums.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { toDto, withFreshScope } from './campaigns.ts';
import type { CampaignRow } from '../contract.ts';

// Per-organization figures (docs/domain/religion-campaign.md#progress-table). Each organization counts its
// OWN members only (so rows never double-count and the total is their sum); members who left during the
// campaign are shown apart and counted nowhere else.

interface OrgSums {
  org_id: number;
  org: string;
  members: number;
  left: number;
  addedLater: number;
  screened: number;
  talks: number;
  visits: number;
  signed: number;
  believers: number;
  handled: number;
  converted: number;
}

interface Breakdown {
  org_id: number;
  finding: string | null;
  religion: string | null;
  outcome: string | null;
  n: number;
}

export interface OrgFigures extends ProgressTableRow {
  orgId: number;
  counts: ProgressCounts;
}

/**
 * Three grouped reads, none of them sorting the whole checklist: per-organization sums walk the
 * (campaign_id, org_id) index in order; the finding/outcome breakdown only touches members with a
 * finding or a handling; the 正式/预备 split (tables only, `detail`) joins members in the same index order.
 */
export async function orgFigures(trx: Tx, c: CampaignRow, opts: { detail?: boolean } = {}): Promise<OrgFigures[]> {
  const here = sql`cm.left_on IS NULL`;
  const { rows: sums } = await sql<OrgSums>`
    SELECT cm.org_id, o.name AS org,
      sum(${here}) AS members,
      sum(cm.left_on IS NOT NULL) AS "left",
      sum(${here} AND cm.added_later = 1) AS addedLater,
      sum(${here} AND cm.screen_status = '已排查') AS screened,
      sum(${here} AND cm.screen_status = '已排查' AND cm.screen_method IS '谈心谈话') AS talks,
      sum(${here} AND cm.screen_status = '已排查' AND cm.screen_method IS '走访') AS visits,
      sum(${here} AND cm.sign_status = '已签订') AS signed,
      sum(${here} AND cm.finding IS NOT NULL AND cm.finding <> ${NO_FINDING}) AS believers,
      sum(${here} AND cm.outcome IS NOT NULL) AS handled,
      sum(${here} AND cm.outcome IS ${CONVERTED_OUTCOME}) AS converted
    FROM campaign_members cm JOIN orgs o ON o.id = cm.org_id
    WHERE cm.campaign_id = ${c.id} AND cm.in_scope = 1
    GROUP BY cm.org_id`.execute(trx);
  const { rows: parts } = await sql<Breakdown>`
    SELECT cm.org_id, CASE WHEN cm.finding <> ${NO_FINDING} THEN cm.finding END AS finding,
      CASE WHEN cm.finding <> ${NO_FINDING} THEN cm.religion END AS religion, cm.outcome, count(*) AS n
    FROM campaign_members cm
    WHERE cm.campaign_id = ${c.id} AND cm.in_scope = 1 AND ${here}
      AND ((cm.finding IS NOT NULL AND cm.finding <> ${NO_FINDING}) OR cm.outcome IS NOT NULL)
    GROUP BY 1, 2, 3, 4`.execute(trx);
  const probationary = new Map<number, number>();
  if (opts.detail) {
    const { rows } = await sql<{ org_id: number; n: number }>`
      SELECT cm.org_id, sum(m.category = '预备党员') AS n
      FROM campaign_members cm JOIN members m ON m.id = cm.member_id
      WHERE cm.campaign_id = ${c.id} AND cm.in_scope = 1 AND ${here}
      GROUP BY cm.org_id`.execute(trx);
    for (const r of rows) probationary.set(r.org_id, r.n);
  }
  const byOrg = new Map<number, OrgFigures>();
  for (const s of sums) {
    const counts: ProgressCounts = {
      members: s.members, screened: s.screened, signed: s.signed, believers: s.believers, converted: s.converted, handled: s.handled,
    };
    const p = probationary.get(s.org_id) ?? 0;
    byOrg.set(s.org_id, {
      orgId: s.org_id, org: s.org, counts, members: s.members, formal: s.members - p, probationary: p,
      screened: s.screened, screenRate: rate(s.screened, s.members), talks: s.talks, visits: s.visits,
      signed: s.signed, signRate: rate(s.signed, s.members), believers: s.believers,
      byFinding: {}, byReligion: {}, byOutcome: {}, addedLater: s.addedLater, left: s.left,
    });
  }
  for (const b of parts) {
    const f = byOrg.get(b.org_id)!;
    if (b.finding) f.byFinding[b.finding] = (f.byFinding[b.finding] ?? 0) + b.n;
    if (b.religion) f.byReligion[b.religion] = (f.byReligion[b.religion] ?? 0) + b.n;
    if (b.outcome) f.byOutcome[b.outcome] = (f.byOutcome[b.outcome] ?? 0) + b.n;
  }
  // organizations whose only rows are members who left have no members of their own in scope
  return [...byOrg.values()].filter((f) => f.counts.members > 0).sort(byLaggingFirst);
}

/** the 合计 of the table rows (same shape, summed) */
export function totalFigures(rows: OrgFigures[]): OrgFigures {
  const t: OrgFigures = {
    orgId: 0, org: '合计', counts: emptyCounts(), members: 0, formal: 0, probationary: 0, screened: 0, screenRate: 0,
    talks: 0, visits: 0, signed: 0, signRate: 0, believers: 0, byFinding: {}, byReligion: {}, byOutcome: {}, addedLater: 0, left: 0,
  };
  for (const r of rows) {
    t.counts = addCounts(t.counts, r.counts);
    for (const k of ['members', 'formal', 'probationary', 'screened', 'talks', 'visits', 'signed', 'believers', 'addedLater', 'left'] as const) t[k] += r[k];
    for (const k of ['byFinding', 'byReligion', 'byOutcome'] as const) {
      for (const [name, n] of Object.entries(r[k])) t[k][name] = (t[k][name] ?? 0) + n;
    }
  }
  t.screenRate = rate(t.screened, t.members);
  t.signRate = rate(t.signed, t.members);
  return t;
}

export async function progress(ctx: ServiceContext, input: { campaignId: number }): Promise<CampaignProgress> {
  return withFreshScope(ctx, input.campaignId, async (trx, c) => {
    const rows = await orgFigures(trx, c);
    const total = totalFigures(rows);
    const orgs: ProgressOrgRow[] = rows.map((r) => ({ orgId: r.orgId, org: r.org, ...r.counts, screenRate: r.screenRate, signRate: r.signRate }));
    return {
      campaign: await toDto(trx, c),
      total: { ...total.counts, screenRate: total.screenRate, signRate: total.signRate },
      orgs,
    };
  });
}
