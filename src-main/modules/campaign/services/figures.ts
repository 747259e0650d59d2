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
  const { rows: campaigns } = await sql<{ id: number }>`
    SELECT id FROM campaigns WHERE start_on <= ${q.period.end} AND end_on >= ${q.period.start} ORDER BY start_on, id`.execute(ctx.kysely);
  const out: Row[] = [];
  for (const c of campaigns) {
    out.push(...await withFreshScope(ctx, c.id, async (trx) => (await sql<Row>`
      SELECT cm.id, cm.member_id, m.name, o.name AS org, c.name AS campaign, cm.screen_status, cm.screened_on, cm.screen_method,
        cm.sign_status, coalesce(cm.signed_on, cm.makeup_signed_on) AS signed, cm.updated_at
      FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id JOIN campaigns c ON c.id = cm.campaign_id
      WHERE cm.campaign_id = ${c.id} AND cm.in_scope = 1 AND cm.left_on IS NULL
        AND cm.org_id IN (SELECT value FROM json_each(${JSON.stringify(q.orgIds)}))
      ORDER BY o.path, m.name_pinyin, cm.id`.execute(trx)).rows));
  }
  return out;
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

export async function computeCampaignFigures(ctx: ServiceContext, q: FigureQuery): Promise<FigureValue[]> {
  const list = await rows(ctx, q);
  const base = distinct(list, () => true).length;
  const signedCount = distinct(list.filter((r) => signedBy(q, r)), () => true).length;
  return [
    { key: 'screenedMembers', value: distinct(list, (r) => screened(q, r)).length },
    { key: 'commitmentsSigned', value: distinct(list, (r) => signedIn(q, r)).length },
    { key: 'commitmentRate', value: percent(signedCount, base) },
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
