import { sql } from 'kysely';
import type { Settings } from '../../core/contract.ts';
import {
  FINDINGS_COLUMNS, LEDGER_COLUMNS, PROGRESS_COLUMNS, TABLE_TITLES, type CampaignColumn, type CampaignTable, type FindingTableRow, type LedgerTableRow, type ProgressTableRow,
} from '../domain/columns.ts';
import { rate } from '../domain/board.ts';
import { FINDING_CATEGORIES, NO_FINDING, NOT_SIGNED_REASONS } from '../domain/enums.ts';
import { formatPartialDate } from '../../../excel/format.ts';
import { operatorLabel } from '../../../domain/operator.ts';
import type { LayoutSheet } from '../../../excel/layout.ts';
import type { JobHandle } from '../../../services/jobs.ts';
import type { ExportBuild, ServiceContext, Tx } from '../../../services/context.ts';
import { getSettings } from '../../../services/settings.ts';
import { withFreshScope } from './campaigns.ts';
import type { CampaignRow } from '../contract.ts';
import { orgFigures, totalFigures } from './progress.ts';

// The three campaign tables on the shared layout helper (docs/domain/religion-campaign.md#tables,
// docs/domain/religion-campaign.md#signing-ledger): 推进情况统计表, 排查出的党员信教情况统计表 (marked 内部资料 注意保密), 承诺书签订台账
// (lost-contact and 停止党籍 members on a separate sheet). Figures are written as values, never formulas. Columns
// are the clerk's stored choice and order (prefs.ts). Data is read in one transaction (after a scope
// refresh), the workbook is written after it, so the database is never held while exceljs works.

export const CONFIDENTIAL_MARKING = '内部资料 注意保密';

type Sheet = LayoutSheet<any>;

interface Common {
  campaign: CampaignRow;
  settings: Settings;
  today: string;
}

function frame(t: Common, table: CampaignTable, title?: string) {
  const s = t.settings;
  return {
    title: title ?? TABLE_TITLES[table],
    reportingUnit: s.effectiveReportingUnit,
    reportDate: t.today,
    signatures: { clerk: s.clerkName, reviewer: s.reviewer, principal: s.principal, phone: s.clerkPhone },
  };
}

/** the 合计 row: 序号 column says 合计, text columns stay blank, number columns carry the total's value */
function totalRowOf<R>(cols: CampaignColumn<R>[], total: R): (string | number | null)[] {
  return cols.map((c, i) => (c.key === 'seq' ? '合计' : c.type === 'number' ? c.value(total, i) : i === 0 ? '合计' : null));
}

export async function progressSheets(trx: Tx, t: Common): Promise<Sheet[]> {
  const cols = PROGRESS_COLUMNS;
  const figures = await orgFigures(trx, t.campaign, { detail: true });
  // the submitted table lists organizations in tree order (the board shows the lagging first)
  const paths = new Map((await trx.selectFrom('orgs').select(['id', 'path', 'sort_order']).execute()).map((o) => [o.id, o]));
  figures.sort((a, b) => {
    const pa = paths.get(a.orgId)!, pb = paths.get(b.orgId)!;
    return pa.path === pb.path ? 0 : pa.sort_order - pb.sort_order || (pa.path < pb.path ? -1 : 1);
  });
  const total = totalFigures(figures);
  return [{
    ...frame(t, 'progress', `${t.campaign.name}${TABLE_TITLES.progress}`),
    sheetName: '推进情况',
    unitNote: '单位：个、人、%',
    columns: cols,
    rows: figures,
    totalRow: totalRowOf(cols, total as ProgressTableRow),
    notes: [
      `统计期间：${t.campaign.start} 至 ${t.campaign.end}。各组织只统计本组织直属党员，合计为各行之和；期间转出、死亡、出党的党员不计入。`,
      '注：覆盖率、签订率 = 人数 ÷ 党员总数 × 100，保留一位小数。',
      // only the methods recorded are counted (docs/domain/religion-campaign.md#screening-classification)
      ...(total.screened > total.talks + total.visits
        ? [`谈心谈话、走访人次只统计登记了排查方式的党员；另有 ${total.screened - total.talks - total.visits} 名已排查党员未登记排查方式。`]
        : []),
    ],
  }];
}

interface FindingRaw {
  org: string; name: string; gender: string; ethnicity: string | null; birth_date: string; category: string;
  job_position: string | null; party_post: string | null; work_unit: string | null; religion: string | null; finding: string;
  manifestations: string | null; outcome: string | null; handled_on: string | null; left_on: string | null; note: string | null; handling_note: string | null;
}

export async function findingsSheets(trx: Tx, t: Common): Promise<Sheet[]> {
  const cols = FINDINGS_COLUMNS;
  const style = t.settings.exportDateStyle;
  const { rows } = await sql<FindingRaw>`
    SELECT o.name AS org, m.name, m.gender, m.ethnicity, m.birth_date, m.category, m.job_position, m.party_post, m.work_unit,
      cm.religion, cm.finding, cm.manifestations, cm.outcome, cm.handled_on, cm.left_on, cm.note, cm.handling_note
    FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id
    WHERE cm.campaign_id = ${t.campaign.id} AND cm.in_scope = 1 AND cm.finding IS NOT NULL AND cm.finding <> ${NO_FINDING}
    ORDER BY o.path, m.name_pinyin, m.id`.execute(trx);
  const data: FindingTableRow[] = rows.map((r) => ({
    org: r.org, name: r.name, gender: r.gender, ethnicity: r.ethnicity ?? '',
    birth: formatPartialDate(r.birth_date.slice(0, 7), style), category: r.category,
    position: [r.work_unit, r.party_post].filter(Boolean).join('，') || (r.job_position ?? ''),
    religion: r.religion ?? '', finding: r.finding, manifestations: r.manifestations ?? '',
    outcome: r.outcome ?? '', handledOn: formatPartialDate(r.handled_on, style),
    state: r.left_on ? `期间离开（${formatPartialDate(r.left_on, style)}）` : !r.outcome ? '待处置' : r.outcome === '持续跟踪教育中' ? '跟踪教育中' : '已处置',
    note: [r.handling_note, r.note].filter(Boolean).join('；'),
  }));
  const byFinding = FINDING_CATEGORIES.map((f) => `${f} ${data.filter((d) => d.finding === f).length} 人`).join('，');
  return [{
    ...frame(t, 'findings', `${t.campaign.name}${TABLE_TITLES.findings}`),
    sheetName: '排查出的信教情况',
    unitNote: '单位：人',
    marking: CONFIDENTIAL_MARKING,
    columns: cols,
    rows: data,
    notes: [`合计：排查出 ${data.length} 人（${byFinding}）。`, '注：本表涉及党员个人信息，仅供组织内部工作使用，不得外传。'],
  }];
}

interface LedgerRaw {
  org: string; name: string; category: string; status: string; is_lost: number; signed_on: string | null; template_version: number | null;
  sign_status: string; not_signed_reason: string | null; makeup_signed_on: string | null; signed_by: string | null; paper_location: string | null; note: string | null;
}

export async function ledgerSheets(trx: Tx, t: Common): Promise<Sheet[]> {
  const cols = LEDGER_COLUMNS;
  const style = t.settings.exportDateStyle;
  const { rows } = await sql<LedgerRaw>`
    SELECT o.name AS org, m.name, m.category, m.status, m.is_lost, cm.signed_on, cm.template_version, cm.sign_status,
      cm.not_signed_reason, cm.makeup_signed_on, cm.signed_by, cm.paper_location, cm.note
    FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id
    WHERE cm.campaign_id = ${t.campaign.id} AND cm.in_scope = 1 AND cm.left_on IS NULL
    ORDER BY o.path, m.name_pinyin, m.id`.execute(trx);
  const main: LedgerTableRow[] = [];
  const apart: LedgerTableRow[] = [];
  let signedMain = 0;
  for (const r of rows) {
    const signed = r.sign_status === '已签订';
    const row: LedgerTableRow = {
      org: r.org, name: r.name, category: r.category, signedOn: formatPartialDate(r.signed_on, style),
      templateVersion: r.template_version ? `第${r.template_version}版` : '', confirmed: signed ? '是' : '否',
      notSignedReason: r.not_signed_reason ?? '', makeupOn: formatPartialDate(r.makeup_signed_on, style), handler: signed || r.signed_by ? operatorLabel(r.signed_by) : '',
      paperLocation: r.paper_location ?? '',
      note: [r.status === '停止党籍' ? '停止党籍' : '', r.is_lost ? '失联党员' : '', r.note ?? ''].filter(Boolean).join('；'),
    };
    // lost-contact and 停止党籍 members are listed separately
    if (r.is_lost === 1 || r.not_signed_reason === NOT_SIGNED_REASONS[2] || r.status === '停止党籍') apart.push(row);
    else {
      main.push(row);
      if (signed) signedMain++;
    }
  }
  const base = frame(t, 'ledger');
  return [
    {
      ...base, sheetName: '承诺书签订台账', orientation: 'portrait', columns: cols, rows: main, unitNote: '单位：人',
      notes: [
        `应签人数 ${main.length} 人，已签人数 ${signedMain} 人，签订率 ${rate(signedMain, main.length)}%。`,
        `失联党员、停止党籍党员 ${apart.length} 人另表列出（见“失联及停止党籍”工作表）。`,
      ],
    },
    {
      ...base, title: `${TABLE_TITLES.ledger}（失联及停止党籍党员）`, sheetName: '失联及停止党籍', orientation: 'portrait',
      columns: cols, rows: apart, unitNote: '单位：人', notes: [`共 ${apart.length} 人。`],
    },
  ];
}

const BUILDERS: Record<CampaignTable, (trx: Tx, t: Common) => Promise<Sheet[]>> = {
  progress: progressSheets,
  findings: findingsSheets,
  ledger: ledgerSheets,
};

export async function buildExport(ctx: ServiceContext, campaignId: number, table: CampaignTable, job?: JobHandle): Promise<ExportBuild> {
  job?.report(0, 0, '正在汇总数据');
  const { sheets, campaign } = await withFreshScope(ctx, campaignId, async (trx, campaign) => {
    const common: Common = { campaign, settings: await getSettings(trx), today: ctx.clock.today() };
    return { sheets: await BUILDERS[table](trx, common), campaign };
  });
  return { fileName: `${TABLE_TITLES[table]}-${campaign.name}.xlsx`, sheets };
}
