import { sql } from 'kysely';
import type { CampaignProgress, ProgressOrgRow } from '../../contract/campaign.ts';
import { addCounts, byLaggingFirst, emptyCounts, rate, type ProgressCounts } from '../../domain/campaign/board.ts';
import type { ProgressTableRow } from '../../domain/campaign/columns.ts';
import { CONVERTED_OUTCOME, NO_FINDING } from '../../domain/campaign/enums.ts';
import type { ServiceContext, Tx } from '../context.ts';
import { toDto, withFreshScope, type CampaignRow } from './campaigns.ts';

// Per-organization figures (issue 5 "Progress board", §5.5 proposal B). Each organization counts its
// OWN members only (so rows never double-count and the total is their sum); members who left during the
// campaign are shown apart and counted nowhere else. One GROUP BY over the checklist, folded here.

interface Group {
  org_id: number;
  org: string;
  category: string;
  left: number;
  added_later: number;
  screen_status: string;
  screen_method: string | null;
  sign_status: string;
  finding: string | null;
  religion: string | null;
  outcome: string | null;
  n: number;
}

export interface OrgFigures extends ProgressTableRow {
  orgId: number;
  counts: ProgressCounts;
}

export async function orgFigures(trx: Tx, c: CampaignRow): Promise<OrgFigures[]> {
  const { rows } = await sql<Group>`
    SELECT cm.org_id, o.name AS org, m.category, cm.left_on IS NOT NULL AS "left", cm.added_later, cm.screen_status,
      cm.screen_method, cm.sign_status, cm.finding, cm.religion, cm.outcome, count(*) AS n
    FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id
    WHERE cm.campaign_id = ${c.id} AND cm.in_scope = 1
    GROUP BY cm.org_id, m.category, 4, cm.added_later, cm.screen_status, cm.screen_method, cm.sign_status, cm.finding, cm.religion, cm.outcome`.execute(trx);
  const byOrg = new Map<number, OrgFigures>();
  for (const g of rows) {
    let f = byOrg.get(g.org_id);
    if (!f) {
      f = {
        orgId: g.org_id, org: g.org, counts: emptyCounts(), members: 0, formal: 0, probationary: 0, screened: 0, screenRate: 0,
        talks: 0, visits: 0, signed: 0, signRate: 0, believers: 0, byFinding: {}, byReligion: {}, byOutcome: {}, addedLater: 0, left: 0,
      };
      byOrg.set(g.org_id, f);
    }
    if (g.left) {
      f.left += g.n;
      continue;
    }
    const k = f.counts;
    k.members += g.n;
    if (g.category === '预备党员') f.probationary += g.n;
    else f.formal += g.n;
    if (g.added_later) f.addedLater += g.n;
    if (g.screen_status === '已排查') {
      k.screened += g.n;
      if (g.screen_method === '走访') f.visits += g.n;
      else f.talks += g.n;
    }
    if (g.sign_status === '已签订') k.signed += g.n;
    if (g.finding && g.finding !== NO_FINDING) {
      k.believers += g.n;
      f.byFinding[g.finding] = (f.byFinding[g.finding] ?? 0) + g.n;
      if (g.religion) f.byReligion[g.religion] = (f.byReligion[g.religion] ?? 0) + g.n;
    }
    if (g.outcome) {
      k.handled += g.n;
      f.byOutcome[g.outcome] = (f.byOutcome[g.outcome] ?? 0) + g.n;
      if (g.outcome === CONVERTED_OUTCOME) k.converted += g.n;
    }
  }
  const out = [...byOrg.values()];
  for (const f of out) {
    Object.assign(f, { members: f.counts.members, screened: f.counts.screened, signed: f.counts.signed, believers: f.counts.believers });
    f.screenRate = rate(f.counts.screened, f.counts.members);
    f.signRate = rate(f.counts.signed, f.counts.members);
  }
  // organizations whose only rows are members who left have no members of their own in scope
  return out.filter((f) => f.counts.members > 0).sort(byLaggingFirst);
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
