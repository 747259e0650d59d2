import type { ExportBuild } from '../../../services/context.ts';
import { resolveOrg } from '../../../services/refs.ts';
import type { LayoutColumn, LayoutSheet } from '../../../excel/layout.ts';
import { formatFen } from '../../../domain/money.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { monthDot } from '../domain/months.ts';
import { PAYER_CATEGORIES } from '../domain/categories.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { getSettings } from '../../../services/settings.ts';
import { listRemittances, listSpending, balanceOf } from './accounts.ts';
import { publicityRows, requireYear, yearSummary, type PublicityRow } from './ledger-views.ts';
import type { SpendingDto, SummaryRow } from '../contract.ts';

// The dues tables as print-ready workbooks on the shared layout helper (docs/domain/dues.md#dues-sheets):
// values, not formulas; money written from integer fen.

async function layout() {
  return import('../../../excel/layout.ts'); // exceljs stays out of CLI start-up
}

async function common(ctx: ServiceContext) {
  const settings = await getSettings(ctx.kysely);
  const { signaturesFrom } = await layout();
  return { reportingUnit: settings.effectiveReportingUnit, reportDate: ctx.clock.today(), signatures: signaturesFrom(settings), unitNote: '单位：元' };
}

export const PUBLICITY_COLUMNS: LayoutColumn<PublicityRow>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '交纳类别', width: 12, value: (r) => r.category },
  { header: '计算基数', width: 12, type: 'money', value: (r) => r.base },
  { header: '比例/标准', width: 12, value: (r) => r.rateLabel },
  { header: '月交纳金额', width: 12, type: 'money', value: (r) => r.monthlyFen },
  { header: '本期应交', width: 12, type: 'money', value: (r) => r.dueFen },
  { header: '本期实交', width: 12, type: 'money', value: (r) => r.paidFen },
  { header: '交纳月份', width: 14, value: (r) => r.paidMonths },
  { header: '交至年月', width: 10, value: (r) => monthDot(r.paidThrough) },
  { header: '备注', width: 22, value: (r) => r.remark },
];

/** 党费收缴公示表 per branch for a month or quarter (docs/domain/dues.md#publication-sheet) */
export async function exportPublicity(
  ctx: ServiceContext,
  input: { org: number | string; period: string; includeBase?: boolean },
): Promise<ExportBuild> {
  const sqlite = ctx.db.sqlite;
  const org = await resolveOrg(ctx.kysely, input.org);
  const period = parsePeriod(input.period);
  const rows = publicityRows(sqlite, org.id, period);
  const columns = PUBLICITY_COLUMNS.filter((c) => input.includeBase || c.header !== '计算基数');
  const due = rows.reduce((s, r) => s + r.dueFen, 0);
  const paid = rows.reduce((s, r) => s + r.paidFen, 0);
  const remitted = listRemittances(sqlite, org.id, period.year).filter((r) => r.period === period.key).reduce((s, r) => s + r.amountFen, 0);
  const total: (string | number | null)[] = columns.map((c) => (c.header === '序号' ? '合计' : c.header === '本期应交' ? due : c.header === '本期实交' ? paid : null));
  const base = await common(ctx);
  const sheet: LayoutSheet<PublicityRow> = {
    ...base,
    sheetName: '党费收缴公示表',
    title: `${org.name}${period.label}党费收缴情况公示表`,
    columns,
    rows,
    totalRow: total,
    notes: [
      `合计：党员 ${rows.length} 名，本期应交 ${formatFen(due)} 元，实交 ${formatFen(paid)} 元，上缴上级党委 ${formatFen(remitted)} 元。`,
      '注：按《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）公示；如有疑问请向党支部反映。',
    ],
  };
  return { fileName: `${org.name}-${period.key}-党费收缴公示表.xlsx`, sheets: [sheet] };
}

const money = (header: string | string[], pick: (r: SummaryRow) => number): LayoutColumn<SummaryRow> => ({ header, width: 13, type: 'money', value: pick });
export const SUMMARY_COLUMNS: LayoutColumn<SummaryRow>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '党组织名称', width: 30, wrap: true, value: (r) => r.org },
  { header: '党员数', width: 8, type: 'number', value: (r) => r.members },
  money('应交', (r) => r.dueFen),
  money('实交', (r) => r.paidFen),
  money('欠交', (r) => r.arrearsFen),
  money(['收支情况', '上年结余'], (r) => r.openingFen),
  money(['收支情况', '本年收入'], (r) => r.incomeFen),
  money(['收支情况', '上缴'], (r) => r.remittedFen),
  money(['收支情况', '下拨及使用'], (r) => r.spentFen),
  money(['收支情况', '结余'], (r) => r.closingFen),
];

/** 党费收缴情况统计表 per organization for a year, with a 合计 row */
export async function exportSummary(ctx: ServiceContext, input: { year: number; org?: number | string | null }): Promise<ExportBuild> {
  const year = requireYear(input.year);
  const scopeOrg = input.org != null && input.org !== '' ? await resolveOrg(ctx.kysely, input.org) : null;
  const rows = yearSummary(ctx.db.sqlite, { year, orgId: scopeOrg?.id ?? null, today: ctx.clock.today() });
  const columns = SUMMARY_COLUMNS;
  const sum = (pick: (r: SummaryRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const totalRow = ['合计', null, sum((r) => r.members), sum((r) => r.dueFen), sum((r) => r.paidFen), sum((r) => r.arrearsFen),
    sum((r) => r.openingFen), sum((r) => r.incomeFen), sum((r) => r.remittedFen), sum((r) => r.spentFen), sum((r) => r.closingFen)];
  const base = await common(ctx);
  const scope = scopeOrg?.name ?? base.reportingUnit;
  const sheet: LayoutSheet<any> = {
    ...base,
    sheetName: '党费收缴情况统计表',
    title: `${scope}${year}年度党费收缴情况统计表`,
    columns,
    rows,
    totalRow,
    notes: ['注：应交、实交按本年度各月计；本年收入按实际收款日期计；结余 = 上年结余 + 本年收入 − 上缴 − 下拨及使用。'],
  };
  return { fileName: `${year}年度党费收缴情况统计表.xlsx`, sheets: [sheet] };
}

export const USAGE_COLUMNS: LayoutColumn<SpendingDto>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '日期', width: 12, value: (r) => r.spentOn.replaceAll('-', '.') },
  { header: '类型', width: 8, value: (r) => r.kind },
  { header: '用途类别', width: 26, value: (r) => r.category },
  { header: '下拨对象', width: 20, value: (r) => r.toOrg ?? '' },
  { header: '金额', width: 12, type: 'money', value: (r) => r.amountFen },
  { header: '集体研究决定', width: 22, value: (r) => r.decisionRef },
  { header: '审批人', width: 10, value: (r) => r.approver },
  { header: '备注', width: 22, value: (r) => r.note ?? '' },
];

/** 党费使用情况明细表 (docs/domain/dues.md#use-of-dues: purpose, amount, date, decision, approver) */
export async function exportUsage(ctx: ServiceContext, input: { org: number | string; year: number }): Promise<ExportBuild> {
  const sqlite = ctx.db.sqlite;
  const org = await resolveOrg(ctx.kysely, input.org);
  const year = requireYear(input.year);
  const rows = listSpending(sqlite, org.id, year);
  const columns = USAGE_COLUMNS;
  const bal = balanceOf(sqlite, org.id, year);
  const base = await common(ctx);
  const sheet: LayoutSheet<any> = {
    ...base,
    sheetName: '党费使用情况明细表',
    title: `${org.name}${year}年度党费使用情况明细表`,
    columns,
    rows,
    totalRow: ['合计', null, null, null, null, rows.reduce((s, r) => s + r.amountFen, 0), null, null, null],
    notes: [`上年结余 ${formatFen(bal.openingFen)} 元，本年收入 ${formatFen(bal.incomeFen)} 元，上缴 ${formatFen(bal.remittedFen)} 元，下拨及使用 ${formatFen(bal.spentFen)} 元，结余 ${formatFen(bal.closingFen)} 元。`],
  };
  return { fileName: `${org.name}-${year}年度党费使用情况明细表.xlsx`, sheets: [sheet] };
}

interface AssessmentRow {
  name: string;
  id_number: string;
  category: string | null;
  base_fen: number | null;
  rate_label: string | null;
  amount_fen: number | null;
}

export const ASSESSMENT_COLUMNS: LayoutColumn<AssessmentRow>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '公民身份号码', width: 21, type: 'text', value: (r) => r.id_number },
  { header: '交纳类别', width: 12, value: (r) => r.category ?? '' },
  { header: '月收入基数', width: 13, type: 'money', value: (r) => r.base_fen },
  { header: '交纳比例', width: 10, value: (r) => r.rate_label ?? '' },
  { header: '每月应交纳党费金额', width: 14, type: 'money', value: (r) => r.amount_fen },
  { header: '备注', width: 20, value: () => '' },
];

/**
 * 党员月交纳党费数额核定表 for branches to fill in (docs/domain/dues.md#assessment-sheet): last year's base as the draft
 */
export async function exportAssessment(ctx: ServiceContext, input: { org: number | string; year: number }): Promise<ExportBuild> {
  const sqlite = ctx.db.sqlite;
  const org = await resolveOrg(ctx.kysely, input.org);
  const year = requireYear(input.year);
  const rows = sqlite.prepare(`SELECT m.name, m.id_number, s.category, s.base_fen, s.rate_label, s.amount_fen
      FROM members m LEFT JOIN dues_standards s ON s.id = (SELECT id FROM dues_standards x WHERE x.member_id = m.id AND x.from_month <= ? ORDER BY from_month DESC LIMIT 1)
      WHERE m.org_id = ? AND m.roll = '在册' ORDER BY m.name_pinyin, m.id`).all(`${year}-12`, org.id) as
    AssessmentRow[];
  const columns = ASSESSMENT_COLUMNS;
  const base = await common(ctx);
  const sheet: LayoutSheet<any> = {
    ...base,
    sheetName: '党费基数核定表',
    title: `${org.name}${year}年度党员月交纳党费数额核定表`,
    columns,
    rows,
    notes: [
      `注：1. 交纳类别填写：${PAYER_CATEGORIES.join('、')}。`,
      '2. 月收入基数按税后“相对固定、经常性”工资收入填写（个人所得税及个人缴纳的社会保险、公积金、年金不计入），金额保留两位小数。',
      '3. 已预填上年度核定数据，请核对修改后报党委审核。',
    ],
  };
  return { fileName: `${org.name}-${year}年度党费基数核定表.xlsx`, sheets: [sheet] };
}
