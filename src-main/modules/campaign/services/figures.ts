import { sql } from 'kysely';
import type { FigureRecord, FigureValue } from '../../../domain/figures.ts';
import { percent } from '../../../domain/figures.ts';
import type { FigureQuery, ServiceContext } from '../../../services/context.ts';
import { withFreshScope } from './campaigns.ts';

// The campaign's figures (docs/domain/report.md#screening), over the campaigns whose dates meet the
// report's period, their checklists brought up to date first (as the progress board does). Members who
// left during a campaign are counted nowhere, as on the board.

interface Row {
  id: number;
  member_id: number;
  name: string;
  org: string;
  campaign: string;
  screen_status: string;
  screened_on: string | null;
  screen_method: string | null;
  sign_status: string;
  signed: string | null;
  updated_at: string;
}

async function rows(ctx: ServiceContext, q: FigureQuery): Promise<Row[]> {
  const ids = await freshCampaigns(ctx, q);
  if (!ids.length) return [];
  const { rows: list } = await sql<Row>`
    SELECT cm.id, cm.member_id, m.name, o.name AS org, c.name AS campaign, cm.screen_status, cm.screened_on, cm.screen_method,
      cm.sign_status, coalesce(cm.signed_on, cm.makeup_signed_on) AS signed, cm.updated_at
    FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id JOIN campaigns c ON c.id = cm.campaign_id
    WHERE cm.campaign_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND cm.in_scope = 1 AND cm.left_on IS NULL
      AND cm.org_id IN (SELECT value FROM json_each(${JSON.stringify(q.orgIds)}))
    ORDER BY o.path, m.name_pinyin, c.start_on, cm.id`.execute(ctx.kysely);
  return list;
}

const inPeriod = (q: FigureQuery, d: string | null): d is string => d !== null && d >= q.period.start && d <= q.period.end;
const screened = (q: FigureQuery, r: Row) => r.screen_status === '已排查' && inPeriod(q, r.screened_on);
const signedIn = (q: FigureQuery, r: Row) => r.sign_status === '已签订' && inPeriod(q, r.signed);
const signedBy = (q: FigureQuery, r: Row) => r.sign_status === '已签订' && (r.signed === null || r.signed <= q.period.end);

/** one per member: the first of the member's rows that passes */
function distinct(list: Row[], pass: (r: Row) => boolean): Row[] {
  const seen = new Set<number>();
  return list.filter((r) => pass(r) && !seen.has(r.member_id) && Boolean(seen.add(r.member_id)));
}

/** the campaigns whose dates meet the period, their checklists brought up to date first */
async function freshCampaigns(ctx: ServiceContext, q: FigureQuery): Promise<number[]> {
  const { rows: campaigns } = await sql<{ id: number }>`
    SELECT id FROM campaigns WHERE start_on <= ${q.period.end} AND end_on >= ${q.period.start} ORDER BY start_on, id`.execute(ctx.kysely);
  for (const c of campaigns) await withFreshScope(ctx, c.id, async () => undefined);
  return campaigns.map((c) => c.id);
}

export async function computeCampaignFigures(ctx: ServiceContext, q: FigureQuery): Promise<FigureValue[]> {
  const ids = await freshCampaigns(ctx, q);
  if (!ids.length) return [{ key: 'screenedMembers', value: 0 }, { key: 'commitmentsSigned', value: 0 }, { key: 'commitmentRate', value: null }];
  // one grouped read: each member once, whatever the number of campaigns (grouped along the
  // (campaign, member) index, not by a DISTINCT set per count)
  const signed = sql`coalesce(cm.signed_on, cm.makeup_signed_on)`;
  const { rows } = await sql<{ base: number; screened: number | null; signedIn: number | null; signedBy: number | null }>`
    SELECT count(*) AS base, sum(screened) AS screened, sum(signedIn) AS signedIn, sum(signedBy) AS signedBy FROM (
      SELECT cm.member_id,
        max(cm.screen_status = '已排查' AND cm.screened_on BETWEEN ${q.period.start} AND ${q.period.end}) AS screened,
        max(cm.sign_status = '已签订' AND ${signed} BETWEEN ${q.period.start} AND ${q.period.end}) AS signedIn,
        max(cm.sign_status = '已签订' AND (${signed} IS NULL OR ${signed} <= ${q.period.end})) AS signedBy
      FROM campaign_members cm
      WHERE cm.campaign_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND cm.in_scope = 1 AND cm.left_on IS NULL
        AND cm.org_id IN (SELECT value FROM json_each(${JSON.stringify(q.orgIds)}))
      GROUP BY cm.member_id)`.execute(ctx.kysely);
  const r = rows[0];
  return [
    { key: 'screenedMembers', value: r.screened ?? 0 },
    { key: 'commitmentsSigned', value: r.signedIn ?? 0 },
    { key: 'commitmentRate', value: percent(r.signedBy ?? 0, r.base) },
  ];
}

export async function explainCampaignFigure(ctx: ServiceContext, q: FigureQuery, f: { key: string }): Promise<FigureRecord[]> {
  const list = await rows(ctx, q);
  // never the finding: the records say who was screened and how, not what was found
  if (f.key === 'screenedMembers') {
    return distinct(list, (r) => screened(q, r)).map((r) => ({
      kind: '排查', id: r.id, date: r.screened_on, org: r.org, recordedAt: r.updated_at,
      title: `${r.name} 已排查（${r.screen_method ?? '谈心谈话'}，${r.campaign}）`,
    }));
  }
  if (f.key === 'commitmentsSigned') {
    return distinct(list, (r) => signedIn(q, r)).map((r) => ({
      kind: '承诺书', id: r.id, date: r.signed, org: r.org, recordedAt: r.updated_at, title: `${r.name} 签订承诺书（${r.campaign}）`,
    }));
  }
  return distinct(list, () => true).map((r) => ({
    kind: '承诺书', id: r.id, date: signedBy(q, r) ? r.signed : null, org: r.org, recordedAt: r.updated_at, weight: signedBy(q, r) ? 1 : 0,
    title: `${r.name} ${signedBy(q, r) ? '已签订' : '未签订'}（${r.campaign}）`,
  }));
}
