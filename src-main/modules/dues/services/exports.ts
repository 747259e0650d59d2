import { sql } from 'kysely';
import type { ExportBuild } from '../../../services/context.ts';
import { resolveMember, resolveOrg } from '../../../services/refs.ts';
import type { LayoutColumn, LayoutSheet } from '../../../excel/layout.ts';
import { formatFen } from '../../../domain/money.ts';
import { addDays, monthOf, parseMonth, parsePeriod, yearMonths, type Period } from '../../../domain/periods.ts';
import { formatPartialDate } from '../../../excel/format.ts';
import { monthDot } from '../domain/months.ts';
import { PAYER_CATEGORIES } from '../domain/categories.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { getSettings } from '../../../services/settings.ts';
import { membersOnRoll } from '../../../services/roll.ts';
import { listRemittances, listSpending, balanceOf } from './accounts.ts';
import { computeArrears } from './arrears.ts';
import { compressMonths, dueThrough, publicityRows, requireYear, rollDay, yearSummary, type PublicityRow } from './ledger-views.ts';
import type { ArrearsEntry, SpendingDto, SummaryRow } from '../contract.ts';

// The dues tables as print-ready workbooks on the shared layout helper (docs/domain/dues.md#dues-sheets):
// values, not formulas; money written from integer fen. Every table's file name says which table, for
// which organization and period, so that two tables never download under one name.

async function common(ctx: ServiceContext) {
  const settings = await getSettings(ctx.kysely);
  const { signaturesFrom } = await import('../../../excel/layout.ts'); // exceljs stays out of CLI start-up
  return { settings, reportingUnit: settings.effectiveReportingUnit, reportDate: ctx.clock.today(), signatures: signaturesFrom(settings), unitNote: '单位：元' };
}

const FULL_SPACE = '　';

export const PUBLICITY_COLUMNS: LayoutColumn<PublicityRow>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '交纳类别', width: 10, value: (r) => r.category },
  { header: '计算基数', width: 12, type: 'money', value: (r) => r.base },
  { header: '比例/标准', width: 10, value: (r) => r.rateLabel },
  { header: '月交纳金额', width: 11, type: 'money', value: (r) => r.monthlyFen },
  { header: '本期应交', width: 12, type: 'money', value: (r) => r.dueFen },
  { header: '本期实交', width: 12, type: 'money', value: (r) => r.paidFen },
  { header: '交纳月份', width: 12, value: (r) => r.paidMonths },
  { header: '交至年月', width: 10, value: (r) => monthDot(r.paidThrough) },
  { header: '备注', width: 30, wrap: true, value: (r) => r.remark },
];

/**
 * 党费收缴情况公示表 per organization for a month, quarter, half or year (docs/domain/dues.md#publication-sheet):
 * 应交 up to the period's end or the current month; 公示期, 联系人/监督电话, the summary with 结余, the seal line.
 */
export async function exportPublicity(
  ctx: ServiceContext,
  input: { org: number | string; period: string; includeBase?: boolean; publicFrom?: string | null; publicTo?: string | null; phone?: string | null },
): Promise<ExportBuild> {
  const org = await resolveOrg(ctx.kysely, input.org);
  const period = parsePeriod(input.period);
  const today = ctx.clock.today();
  const through = dueThrough(period.to, today);
  const rows = await publicityRows(ctx.kysely, org.id, period, through, rollDay(period.to, today));
  const columns = PUBLICITY_COLUMNS.filter((c) => input.includeBase || c.header !== '计算基数');
  const due = rows.reduce((s, r) => s + (r.dueFen ?? 0), 0);
  const paid = rows.reduce((s, r) => s + r.paidFen, 0);
  const remitted = (await listRemittances(ctx.kysely, org.id, period.year))
    .filter((r) => r.direction === '上缴' && r.paidOn >= period.start && r.paidOn <= period.end).reduce((s, r) => s + r.amountFen, 0);
  const bal = await balanceOf(ctx.kysely, org.id, period.year);
  const total: (string | number | null)[] = columns.map((c) => (c.header === '序号' ? '合计' : c.header === '本期应交' ? due : c.header === '本期实交' ? paid : null));
  const base = await common(ctx);
  const from = input.publicFrom || today;
  const to = input.publicTo || addDays(from, 6);
  const phone = input.phone ?? base.settings.clerkPhone;
  const upTo = through < period.to ? `（应交计至${Number(through.slice(5, 7))}月）` : '';
  const sheet: LayoutSheet<PublicityRow> = {
    ...base,
    sheetName: '党费收缴公示表',
    title: `${org.name}${period.label}党费收缴情况公示表`,
    columns,
    rows,
    totalRow: total,
    notes: [
      `合计：党员 ${rows.length} 名，本期应交 ${formatFen(due)} 元${upTo}，实交 ${formatFen(paid)} 元，上缴上级党组织 ${formatFen(remitted)} 元；`
        + `本年度结余 ${formatFen(bal.closingFen)} 元（上年结余 ${formatFen(bal.openingFen)} 元，收入 ${formatFen(bal.incomeFen)} 元，上缴 ${formatFen(bal.remittedFen)} 元，下拨及使用 ${formatFen(bal.spentFen)} 元）。`,
      `公示期：${formatPartialDate(from, 'cn')}至${formatPartialDate(to, 'cn')}。联系人：${base.settings.clerkName || FULL_SPACE.repeat(4)}${FULL_SPACE.repeat(2)}监督电话：${phone || FULL_SPACE.repeat(6)}`,
      '注：按《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）公示；对公示内容如有异议，请在公示期内向党支部反映。',
      `${FULL_SPACE.repeat(20)}${org.name}（盖章）${FULL_SPACE.repeat(6)}年${FULL_SPACE.repeat(2)}月${FULL_SPACE.repeat(2)}日`,
    ],
  };
  return { fileName: `${org.name}-${period.key}-党费收缴情况公示表.xlsx`, sheets: [sheet] };
}

const money = (header: string | string[], pick: (r: SummaryRow) => number, width = 12): LayoutColumn<SummaryRow> => ({ header, width, type: 'money', value: pick });
export const SUMMARY_COLUMNS: LayoutColumn<SummaryRow>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '党组织名称', width: 28, wrap: true, value: (r) => r.org },
  { header: '党员数', width: 8, type: 'number', value: (r) => r.members },
  money(['收缴情况', '应交'], (r) => r.dueFen),
  money(['收缴情况', '实交'], (r) => r.paidFen),
  money(['收缴情况', '欠交'], (r) => r.arrearsFen),
  money(['收缴情况', '预交及多交'], (r) => r.extraFen),
  money(['收支情况', '上年结余'], (r) => r.openingFen),
  money(['收支情况', '本年收入'], (r) => r.incomeFen),
  money(['收支情况', '上缴'], (r) => r.remittedFen),
  money(['收支情况', '下拨及使用'], (r) => r.spentFen),
  money(['收支情况', '结余'], (r) => r.closingFen),
  money('应上缴中央', (r) => r.dueToCentreFen),
];

/**
 * 党费收缴情况统计表 for a year: a row for every organization that holds an account (the committee
 * included), a 合计 row that is the whole tree's balance
 */
export async function exportSummary(ctx: ServiceContext, input: { year: number; org?: number | string | null }): Promise<ExportBuild> {
  const year = requireYear(input.year);
  const scopeOrg = input.org != null && input.org !== '' ? await resolveOrg(ctx.kysely, input.org) : null;
  const today = ctx.clock.today();
  const rows = await yearSummary(ctx.kysely, { year, scope: scopeOrg, today });
  const sum = (pick: (r: SummaryRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const totalRow = ['合计', null, sum((r) => r.members), sum((r) => r.dueFen), sum((r) => r.paidFen), sum((r) => r.arrearsFen), sum((r) => r.extraFen),
    sum((r) => r.openingFen), sum((r) => r.incomeFen), sum((r) => r.remittedFen), sum((r) => r.spentFen), sum((r) => r.closingFen), sum((r) => r.dueToCentreFen)];
  const base = await common(ctx);
  const scope = scopeOrg?.name ?? base.reportingUnit;
  const through = dueThrough(`${year}-12`, today);
  const sheet: LayoutSheet<SummaryRow> = {
    ...base,
    sheetName: '党费收缴情况统计表',
    title: `${scope}${year}年度党费收缴情况统计表`,
    columns: SUMMARY_COLUMNS,
    rows,
    totalRow,
    notes: [
      `注：1. 党员数为${formatPartialDate(rollDay(`${year}-12`, today), 'cn')}在册人数（含未核定党费标准的党员）；应交、实交、欠交计至${Number(through.slice(5, 7))}月，应交 − 实交 = 欠交；预交及多交为提前交纳或超过应交的部分。`,
      '2. 本年收入含党员交纳、下级党组织上缴和上级党组织下拨，按实际收款日期计；结余 = 上年结余 + 本年收入 − 上缴 − 下拨及使用；合计行的结余即本单位（含下级）党费结余。',
      '3. 一次自愿多交1000元以上的党费全部上缴中央，单列为“应上缴中央”，不计入收入和结余。',
    ],
  };
  const who = scopeOrg ? scopeOrg.name : '全部组织';
  return { fileName: `${who}-${year}年度党费收缴情况统计表.xlsx`, sheets: [sheet] };
}

export const USAGE_COLUMNS: LayoutColumn<SpendingDto>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '日期', width: 12, value: (r) => r.spentOn.replaceAll('-', '.') },
  { header: '类型', width: 10, value: (r) => r.kind },
  { header: '用途类别', width: 26, wrap: true, value: (r) => r.category },
  { header: '下拨对象/来源', width: 22, wrap: true, value: (r) => r.toOrg ?? r.fromOrg ?? '' },
  { header: '金额', width: 12, type: 'money', value: (r) => r.amountFen },
  { header: '集体研究决定', width: 22, wrap: true, value: (r) => r.decisionRef },
  { header: '审批人', width: 10, value: (r) => r.approver },
  { header: '备注', width: 20, wrap: true, value: (r) => r.note ?? '' },
];

/** 党费使用情况明细表 (docs/domain/dues.md#use-of-dues: purpose, amount, date, decision, approver) */
export async function exportUsage(ctx: ServiceContext, input: { org: number | string; year: number }): Promise<ExportBuild> {
  const org = await resolveOrg(ctx.kysely, input.org);
  const year = requireYear(input.year);
  const rows = await listSpending(ctx.kysely, org.id, year);
  const bal = await balanceOf(ctx.kysely, org.id, year);
  const base = await common(ctx);
  const own = rows.filter((r) => r.kind !== '收到下拨');
  const sheet: LayoutSheet<SpendingDto> = {
    ...base,
    sheetName: '党费使用情况明细表',
    title: `${org.name}${year}年度党费使用情况明细表`,
    columns: USAGE_COLUMNS,
    rows,
    // 合计 in the narrow 序号 column, what it sums in the wide 用途类别 (a longer label there ran over its border)
    totalRow: ['合计', null, null, '本组织下拨及使用', null, own.reduce((s, r) => s + r.amountFen, 0), null, null, null],
    notes: [`上年结余 ${formatFen(bal.openingFen)} 元，本年收入 ${formatFen(bal.incomeFen)} 元，上缴 ${formatFen(bal.remittedFen)} 元，下拨及使用 ${formatFen(bal.spentFen)} 元（其中下拨 ${formatFen(bal.allocatedFen)} 元），结余 ${formatFen(bal.closingFen)} 元。`],
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
  const org = await resolveOrg(ctx.kysely, input.org);
  const year = requireYear(input.year);
  const { rows } = await sql<AssessmentRow>`SELECT m.name, m.id_number, s.category, s.base_fen, s.rate_label, s.amount_fen
      FROM members m LEFT JOIN dues_standards s ON s.id = (SELECT id FROM dues_standards x WHERE x.member_id = m.id AND x.from_month <= ${`${year}-12`} ORDER BY from_month DESC LIMIT 1)
      WHERE m.org_id = ${org.id} AND m.roll = '在册' ORDER BY m.name_pinyin, m.id`.execute(ctx.kysely);
  const base = await common(ctx);
  const sheet: LayoutSheet<AssessmentRow> = {
    ...base,
    sheetName: '党费基数核定表',
    title: `${org.name}${year}年度党员月交纳党费数额核定表`,
    columns: ASSESSMENT_COLUMNS,
    rows,
    notes: [
      `注：1. 交纳类别填写：${PAYER_CATEGORIES.join('、')}。`,
      '2. 月收入基数按税后“相对固定、经常性”工资收入填写（个人所得税及个人缴纳的社会保险、公积金、年金不计入），金额保留两位小数。',
      '3. 已预填上年度核定数据，请核对修改后报党委审核；不需核定的行可整行留空。',
    ],
  };
  return { fileName: `${org.name}-${year}年度党费基数核定表.xlsx`, sheets: [sheet] };
}

// ---------------------------------------------------------------------------------------------
// 党费收缴登记表 (docs/domain/dues.md#collection-ledger): one row per member, 12 months

interface RegisterRow {
  name: string;
  base: number | null;
  rateLabel: string;
  monthlyFen: number | null;
  months: (string | number | null)[];
  dueFen: number;
  paidFen: number;
  remark: string;
}

const REGISTER_MONTH = (i: number): LayoutColumn<RegisterRow> => ({
  key: `m${i + 1}`, header: ['交纳情况', `${i + 1}月`], width: 8, type: 'money', value: (r) => r.months[i],
});

export const REGISTER_COLUMNS: LayoutColumn<RegisterRow>[] = [
  { header: '序号', width: 5, type: 'number', value: (_r, i) => i + 1 },
  { header: '姓名', width: 8, value: (r) => r.name },
  { header: '计算基数', width: 10, type: 'money', value: (r) => r.base },
  { header: '交纳比例', width: 7, value: (r) => r.rateLabel },
  { header: '月应交党费', width: 8, type: 'money', value: (r) => r.monthlyFen },
  ...Array.from({ length: 12 }, (_, i) => REGISTER_MONTH(i)),
  { header: '全年应交', width: 9, type: 'money', value: (r) => r.dueFen },
  { header: '全年实交', width: 9, type: 'money', value: (r) => r.paidFen },
  { header: '备注', width: 22, wrap: true, value: (r) => r.remark },
];

/** 党费收缴登记表 for an organization and a year: each month the amount paid, 免 for a waived month */
export async function exportRegister(ctx: ServiceContext, input: { org: number | string; year: number }): Promise<ExportBuild> {
  const org = await resolveOrg(ctx.kysely, input.org);
  const year = requireYear(input.year);
  const today = ctx.clock.today();
  const through = dueThrough(`${year}-12`, today);
  const period = parsePeriod(String(year));
  const pub = await publicityRows(ctx.kysely, org.id, period, through, rollDay(`${year}-12`, today));
  const cells = await ctx.kysely.selectFrom('dues_months as d').innerJoin('members as m', 'm.id', 'd.member_id')
    .select(['d.member_id', 'd.month', 'd.due_fen', 'd.paid_fen', 'd.status'])
    .where('d.org_id', '=', org.id).where('d.month', '>=', `${year}-01`).where('d.month', '<=', `${year}-12`).execute();
  const byMember = new Map<number, (string | number | null)[]>();
  const dueByMember = new Map<number, number>();
  for (const c of cells) {
    const list = byMember.get(c.member_id) ?? Array<string | number | null>(12).fill(null);
    const i = Number(c.month.slice(5, 7)) - 1;
    list[i] = c.status === '免交' ? '免' : c.paid_fen > 0 ? c.paid_fen : c.month <= through ? 0 : null;
    byMember.set(c.member_id, list);
    dueByMember.set(c.member_id, (dueByMember.get(c.member_id) ?? 0) + c.due_fen);
  }
  const rows: RegisterRow[] = pub.map((p) => ({
    name: p.name, base: p.base, rateLabel: p.rateLabel, monthlyFen: p.monthlyFen, months: byMember.get(p.memberId) ?? Array(12).fill(null),
    dueFen: dueByMember.get(p.memberId) ?? 0, paidFen: p.paidFen, remark: p.remark,
  }));
  const monthTotals = yearMonths(year).map((_, i) => rows.reduce((s, r) => s + (typeof r.months[i] === 'number' ? (r.months[i] as number) : 0), 0));
  const base = await common(ctx);
  const sheet: LayoutSheet<RegisterRow> = {
    ...base,
    sheetName: '党费收缴登记表',
    title: `${org.name}${year}年度党费收缴登记表`,
    columns: REGISTER_COLUMNS,
    rows,
    totalRow: ['合计', null, null, null, null, ...monthTotals, rows.reduce((s, r) => s + r.dueFen, 0), rows.reduce((s, r) => s + r.paidFen, 0), null],
    notes: [
      '注：各月填实交金额；“免”为经批准免交；0 为应交未交；空白为无需交纳（入党前、离开后或尚未到期）。全年应交按全年各月计。',
      `收缴人（按月签名）：${FULL_SPACE.repeat(10)}党支部书记：${FULL_SPACE.repeat(6)}组织委员：${FULL_SPACE.repeat(6)}登记日期：${FULL_SPACE.repeat(3)}年${FULL_SPACE.repeat(2)}月${FULL_SPACE.repeat(2)}日`,
    ],
  };
  return { fileName: `${org.name}-${year}年度党费收缴登记表.xlsx`, sheets: [sheet] };
}

// ---------------------------------------------------------------------------------------------
// 党费上缴汇总表 (docs/domain/dues.md#remittance-summary)

interface RemittanceRow {
  org: string;
  members: number;
  dueFen: number;
  paidFen: number;
  remittedFen: number;
  method: string;
  paidOn: string;
  voucherNo: string;
  recordedBy: string;
}

export const REMITTANCE_COLUMNS: LayoutColumn<RemittanceRow>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '党支部', width: 26, wrap: true, value: (r) => r.org },
  { header: '党员人数', width: 8, type: 'number', value: (r) => r.members },
  { header: '本期应交', width: 11, type: 'money', value: (r) => r.dueFen },
  { header: '本期实交', width: 11, type: 'money', value: (r) => r.paidFen },
  { header: '上缴金额', width: 11, type: 'money', value: (r) => r.remittedFen },
  { header: '缴款方式', width: 10, value: (r) => r.method },
  { header: '缴款日期', width: 11, value: (r) => r.paidOn },
  { header: '收据号', width: 12, wrap: true, value: (r) => r.voucherNo },
  { header: '经办人', width: 9, value: (r) => r.recordedBy },
];

const periodsOverlap = (a: Period, b: Period) => a.from <= b.to && b.from <= a.to;

/** 党费上缴汇总表: the organizations below `org` that owe it dues or remitted to it, for a period */
export async function exportRemittance(ctx: ServiceContext, input: { org: number | string; period: string }): Promise<ExportBuild> {
  const org = await resolveOrg(ctx.kysely, input.org);
  const period = parsePeriod(input.period);
  const today = ctx.clock.today();
  const through = dueThrough(period.to, today);
  const subs = await ctx.kysely.selectFrom('orgs').select(['id', 'name', 'path']).where('path', 'like', `${org.path}%`).where('id', '!=', org.id).orderBy('path').orderBy('sort_order').execute();
  const ids = subs.map((o) => o.id);
  const counts = new Map<number, number>();
  for (const r of await membersOnRoll(ctx.kysely, rollDay(period.to, today), ids)) counts.set(r.orgId, (counts.get(r.orgId) ?? 0) + 1);
  const { rows: agg } = ids.length
    ? await sql<{ org_id: number; due: number; paid: number }>`SELECT org_id, SUM(due_fen) AS due, SUM(paid_fen) AS paid FROM dues_months
        WHERE org_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND month BETWEEN ${period.from} AND ${through} GROUP BY org_id`.execute(ctx.kysely)
    : { rows: [] };
  const byOrg = new Map(agg.map((a) => [a.org_id, a]));
  const remits = ids.length
    ? await ctx.kysely.selectFrom('dues_remittances').selectAll().where('org_id', 'in', ids).orderBy('paid_on').orderBy('id').execute()
    : [];
  const rows: RemittanceRow[] = [];
  for (const o of subs) {
    const mine = remits.filter((r) => r.org_id === o.id && periodsOverlap(parsePeriod(r.period), period));
    const a = byOrg.get(o.id);
    if (!a && !mine.length && !counts.get(o.id)) continue;
    const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))].join('、');
    rows.push({
      org: o.name, members: counts.get(o.id) ?? 0, dueFen: Number(a?.due ?? 0), paidFen: Number(a?.paid ?? 0),
      remittedFen: mine.reduce((s, r) => s + r.amount_fen, 0), method: uniq(mine.map((r) => r.method)), paidOn: uniq(mine.map((r) => r.paid_on.replaceAll('-', '.'))),
      voucherNo: uniq(mine.map((r) => r.voucher_no)), recordedBy: uniq(mine.map((r) => r.recorded_by)),
    });
  }
  const sum = (pick: (r: RemittanceRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const base = await common(ctx);
  const sheet: LayoutSheet<RemittanceRow> = {
    ...base,
    sheetName: '党费上缴汇总表',
    title: `${org.name}${period.label}党费上缴汇总表`,
    columns: REMITTANCE_COLUMNS,
    rows,
    totalRow: ['合计', null, sum((r) => r.members), sum((r) => r.dueFen), sum((r) => r.paidFen), sum((r) => r.remittedFen), null, null, null, null],
    notes: [`注：党员人数为期末（或今日）在册人数；本期应交、实交计至${Number(through.slice(5, 7))}月；上缴金额为各组织登记的属于本期的上缴。`],
  };
  return { fileName: `${org.name}-${period.key}-党费上缴汇总表.xlsx`, sheets: [sheet] };
}

// ---------------------------------------------------------------------------------------------
// 欠交党费名单 (the UI's 欠交提醒 list, docs/domain/dues.md#non-payment)

export const ARREARS_COLUMNS: LayoutColumn<ArrearsEntry>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '党组织', width: 24, wrap: true, value: (r) => r.org },
  { header: '姓名', width: 9, value: (r) => r.name },
  { header: '交至年月', width: 10, value: (r) => monthDot(r.paidThrough) },
  { header: '欠交月份', width: 26, wrap: true, value: (r) => arrearsMonths(r) },
  { header: '欠交月数', width: 8, type: 'number', value: (r) => (r.unassessed ? null : r.monthsOwed.length) },
  { header: '欠交金额', width: 11, type: 'money', value: (r) => (r.unassessed ? null : r.amountOwedFen) },
  { header: '连续未交（月）', key: '连续未交', width: 9, type: 'number', value: (r) => (r.unassessed ? null : r.consecutiveMonths) },
  { header: '提醒及备注', width: 30, wrap: true, value: (r) => arrearsRemark(r) },
];

/** '2026年1-8月、11月' */
export function arrearsMonths(e: ArrearsEntry): string {
  if (e.unassessed && !e.monthsOwed.length) return '';
  const byYear = new Map<string, number[]>();
  for (const m of e.monthsOwed) {
    const list = byYear.get(m.slice(0, 4)) ?? [];
    list.push(Number(m.slice(5, 7)));
    byYear.set(m.slice(0, 4), list);
  }
  return [...byYear].map(([y, ms]) => `${y}年${compressMonths(ms)}`).join('，');
}

export function arrearsRemark(e: ArrearsEntry): string {
  const parts: string[] = [];
  if (e.unassessed) parts.push('未核定党费标准，请核定');
  if (e.left) parts.push(`已于${e.left.on}${e.left.type}，离开前欠交`);
  if (e.levelText) parts.push(e.levelText);
  return parts.join('；');
}

export async function exportArrears(ctx: ServiceContext, input: { org?: number | string | null; asOf?: string | null }): Promise<ExportBuild> {
  const scope = input.org != null && input.org !== '' ? await resolveOrg(ctx.kysely, input.org) : null;
  const asOf = input.asOf ? parseMonth(input.asOf, 'asOf') : monthOf(ctx.clock.today());
  const rows = await computeArrears(ctx.kysely, { asOf, scope });
  const owing = rows.filter((r) => !r.unassessed || r.monthsOwed.length);
  const base = await common(ctx);
  const who = scope?.name ?? base.reportingUnit;
  const sheet: LayoutSheet<ArrearsEntry> = {
    ...base,
    sheetName: '欠交党费名单',
    title: `${who}欠交党费名单（截至${asOf.slice(0, 4)}年${Number(asOf.slice(5, 7))}月）`,
    columns: ARREARS_COLUMNS,
    rows,
    totalRow: ['合计', null, `${owing.length}人`, null, null, owing.reduce((s, r) => s + r.monthsOwed.length, 0), owing.reduce((s, r) => s + r.amountOwedFen, 0), null, null],
    notes: [
      '注：连续未交为欠交月份中最长的连续月数（经批准免交的月份不计也不中断）；连续6个月不交纳党费的，支部应研究是否有正当理由，按规定须经支部大会讨论、报上级党组织批准，本表不作任何处理决定。',
    ],
  };
  return { fileName: `${who}-${asOf}-欠交党费名单.xlsx`, sheets: [sheet] };
}

// ---------------------------------------------------------------------------------------------
// 党费交纳情况自查申报表 (docs/domain/dues.md#self-check-form): one page per member

interface FormRow {
  a: string;
  b: string;
  c: string;
  d: string;
}

export const SELF_CHECK_COLUMNS: LayoutColumn<FormRow>[] = [
  { header: '项目', width: 20, wrap: true, value: (r) => r.a },
  { header: '内容', width: 26, wrap: true, value: (r) => r.b },
  { header: '项目 ', key: '项目2', width: 20, wrap: true, value: (r) => r.c },
  { header: '内容 ', key: '内容2', width: 26, wrap: true, value: (r) => r.d },
];

export async function exportSelfCheck(ctx: ServiceContext, input: { org: number | string; member?: number | string | null }): Promise<ExportBuild> {
  const org = await resolveOrg(ctx.kysely, input.org);
  const one = input.member != null && input.member !== '' ? await resolveMember(ctx.kysely, input.member, 'member') : null;
  const today = ctx.clock.today();
  let q = ctx.kysely.selectFrom('members as m').innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.name', 'm.gender', 'm.id_number', 'm.birth_date', 'm.joined_on', 'm.work_unit', 'o.name as org']);
  q = one ? q.where('m.id', '=', one.id) : q.where('o.path', 'like', `${org.path}%`).where('m.roll', '=', '在册').orderBy('o.path').orderBy('m.name_pinyin');
  const members = await q.execute();
  const ids = members.map((m) => m.id);
  const stds = new Map<number, { category: string; base_fen: number | null; amount_fen: number }>();
  const waivers = new Set<number>();
  const owedByYear = new Map<number, Map<string, number>>();
  if (ids.length) {
    const { rows } = await sql<{ member_id: number; category: string; base_fen: number | null; amount_fen: number }>`SELECT member_id, category, base_fen, amount_fen
      FROM dues_standards WHERE member_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND from_month <= ${monthOf(today)} ORDER BY member_id, from_month`.execute(ctx.kysely);
    for (const r of rows) stds.set(r.member_id, r);
    for (const w of await ctx.kysely.selectFrom('dues_waivers').select('member_id').where('member_id', 'in', ids).where('revoked_at', 'is', null).execute()) waivers.add(w.member_id);
    const { rows: owed } = await sql<{ member_id: number; y: string; fen: number }>`SELECT member_id, substr(month, 1, 4) AS y, SUM(due_fen - paid_fen) AS fen FROM dues_months
      WHERE member_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND month <= ${monthOf(today)} AND status IN ('未交', '部分') GROUP BY member_id, y`.execute(ctx.kysely);
    for (const r of owed) {
      const m = owedByYear.get(r.member_id) ?? new Map<string, number>();
      m.set(r.y, Number(r.fen));
      owedByYear.set(r.member_id, m);
    }
  }
  const base = await common(ctx);
  const UNIT: Record<string, string> = { 在职: '机关/事业/企业（请圈选）', 离退休: '离退休' };
  const sheets: LayoutSheet<FormRow>[] = members.map((m) => {
    const s = stds.get(m.id);
    const owed = owedByYear.get(m.id);
    const owedText = owed && owed.size ? [...owed].map(([y, f]) => `${y}年 ${formatFen(f)} 元`).join('；') : '无';
    const rows: FormRow[] = [
      { a: '党员姓名', b: m.name, c: '性别', d: m.gender },
      { a: '身份证号码', b: m.id_number, c: '出生年月', d: formatPartialDate(m.birth_date.slice(0, 7), 'cn') },
      { a: '入党年月', b: formatPartialDate(m.joined_on.slice(0, 7), 'cn'), c: '收入是否年薪制', d: s?.category === '年薪制' ? '是' : '否' },
      { a: '单位分类', b: s ? (UNIT[s.category] ?? '其他') : '', c: '工作单位及职务', d: m.work_unit ?? '' },
      { a: '所在党支部', b: m.org, c: '是否经批准少交或免交党费', d: waivers.has(m.id) ? '是' : '否' },
      { a: '本人目前党费计算基数（元）', b: s?.base_fen != null ? formatFen(s.base_fen) : '', c: '本人目前每月应当交纳党费（元）', d: s ? formatFen(s.amount_fen) : '未核定' },
      { a: '需补交党费（按年度）', b: owedText, c: '合计需补交（元）', d: formatFen([...(owed?.values() ?? [])].reduce((a, b) => a + b, 0)) },
    ];
    return {
      ...base,
      sheetName: m.name,
      title: '党员党费交纳情况自查申报表',
      columns: SELF_CHECK_COLUMNS,
      rows,
      orientation: 'portrait' as const,
      notes: [
        '本人对以上填报内容的真实性负责。',
        `党员（签字）：${FULL_SPACE.repeat(5)}党支部书记（签字）或党支部（盖章）：${FULL_SPACE.repeat(4)}年${FULL_SPACE}月${FULL_SPACE}日`,
      ],
    };
  });
  const who = one ? `${one.name}` : org.name;
  return { fileName: `${who}-党费交纳情况自查申报表.xlsx`, sheets };
}
