import type { StatsTableDto } from '../contract.ts';
import type { ExportBuild, ServiceContext } from '../../../services/context.ts';
import type { LayoutColumn, LayoutSheet } from '../../../excel/layout.ts';
import { getSettings } from '../../../services/settings.ts';
import { safeFileName } from '../../../services/exports.ts';
import { formatPartialDate, formatReportDate } from '../../../excel/format.ts';
import type { FiftyYearEntry, TableRow } from '../domain/tables.ts';
import type { TableName } from '../domain/names.ts';
import { getCover, statsTable } from './tables.ts';

// The statistical tables as print-ready workbooks on the shared layout helper: the cover's fields on every
// table (填报单位（盖章） above it; 填表人 / 负责人 / 联系电话 under it; 报出时间 as its date), counts as
// values, the row tree indented, and the failed checks as notes under the table. 党员数量变化情况 with a
// difference carries a second sheet naming the members behind it.

const INDENT = '\u3000';

export interface StatsExportInput {
  org?: number | string | null;
  asOf: string;
  noSubOrgs?: boolean;
}

async function page(ctx: ServiceContext, input: StatsExportInput) {
  const [settings, cover] = await Promise.all([getSettings(ctx.kysely), getCover(ctx, input)]);
  return {
    reportingUnit: cover.reportingUnit,
    reportDate: cover.reportedOn || ctx.clock.today(),
    signatures: { clerk: cover.clerk, reviewer: settings.reviewer ?? '', principal: cover.principal, phone: cover.phone },
    dateStyle: settings.exportDateStyle ?? 'dot',
  };
}

/** what a table counts, where the form leaves it to the reader (docs/domain/statistics.md) */
const NOTES: Partial<Record<TableName, string>> = {
  'stats-basic': '注：年龄按统计时点的周岁计算；少数民族不含其他、外国血统中国籍人士；按时足额交纳党费指统计时点没有未交或少交的月份。',
  'stats-party-age': '注：党龄自转为正式党员之日算起，预备党员没有党龄。',
  'stats-development': '注：年龄按入党时的周岁计算；发展党员数与党员数量变化情况中的发展党员数相同。',
  'stats-activists': '注：入党申请人含入党积极分子和发展对象，入党积极分子含发展对象；按统计时点所处阶段统计。',
  'stats-exits': '注：年龄按出党时的周岁计算；已停止党籍后出党的，在党员数量变化情况中已计入停止党籍。',
  'stats-orgs': '注：按成立、撤销日期统计统计时点存在的党委、党总支、党支部，不含党组和党小组。',
};

function reportKind(asOf: string): string {
  const md = asOf.slice(5);
  return md === '12-31' ? '年报' : md === '06-30' ? '半年报' : '报表';
}

export async function exportStatsTable(ctx: ServiceContext, name: TableName, input: StatsExportInput): Promise<ExportBuild> {
  const t = await statsTable(ctx, { name, org: input.org ?? null, includeSubOrgs: !input.noSubOrgs, asOf: input.asOf });
  const p = await page(ctx, input);
  const title = `${t.title}（${formatReportDate(t.asOf)}）`;
  const notes = [
    `统计范围：${t.org}${t.orgId !== null && !t.includeSubOrgs ? '（不含下级组织）' : ''}；统计时点：${formatReportDate(t.asOf)}${t.periodStart <= t.asOf && name !== 'stats-50-years' ? `；期间自${formatReportDate(t.periodStart)}起` : ''}。`,
    ...(NOTES[name] ? [NOTES[name]!] : []),
    ...t.checks.filter((c) => !c.ok).map((c) => `注：校验未通过：${c.rule}${c.members?.length ? `（涉及 ${c.members.length} 名，详见党内统计页）` : ''}`),
    ...(t.finalized ? [`已于 ${t.finalized.at.slice(0, 10)} 上报（${t.finalized.by}）。`] : []),
  ];
  const base = { reportingUnit: p.reportingUnit, reportDate: p.reportDate, signatures: p.signatures, marking: `党内统计${reportKind(t.asOf)}` };
  const fileName = `${safeFileName(t.org)}-${t.asOf}-${t.title}.xlsx`;
  if (name === 'stats-50-years') return { fileName, sheets: [fiftySheet(t, base, title, notes, p.dateStyle)] };

  const labelWidth = name === 'stats-change' ? 44 : name === 'stats-party-age' || name === 'stats-confirmation' ? 30 : 26;
  const columns: LayoutColumn<TableRow>[] = [
    { header: '项目', width: labelWidth, wrap: true, titleColumn: true, value: (r) => `${INDENT.repeat(r.level)}${r.label}` },
  ];
  if (name === 'stats-change') columns.push({ header: '代码', width: 10, type: 'text', titleColumn: true, value: (r) => r.code ?? '' });
  const width = t.header.length > 10 ? 7 : t.header.length > 5 ? 9 : name === 'stats-change' ? 18 : 12;
  t.header.forEach((h, i) => columns.push({ header: h.group ? [h.group, h.label] : h.label, width, type: 'number', value: (r) => r.values[i] }));
  // a narrow table reads best upright (the layout keeps portrait only when it fits at the minimum print size)
  const orientation = columns.reduce((w, c) => w + (c.width ?? 10), 0) <= 90 ? 'portrait' : 'landscape';
  const sheets: LayoutSheet<any>[] = [{ ...base, sheetName: t.title, title, unitNote: '单位：人', columns, rows: t.rows, notes, orientation }];
  if (name === 'stats-change') {
    const six = t.checks.find((c) => c.rule.startsWith('六') && !c.ok);
    if (six?.members?.length) {
      const members = six.members;
      sheets.push({
        ...base,
        sheetName: '实有数与应有数差额说明',
        title: `${t.title}：实有数与应有数差额说明`,
        columns: [
          { header: '序号', width: 6, type: 'number', value: (_r: (typeof members)[number], i: number) => i + 1 },
          { header: '姓名', width: 10, value: (r: (typeof members)[number]) => r.name },
          { header: '公民身份号码', width: 20, type: 'text', value: (r: (typeof members)[number]) => r.idNumber },
          { header: '所在党组织', width: 16, wrap: true, value: (r: (typeof members)[number]) => r.org },
          { header: '差额及原因', width: 36, wrap: true, value: (r: (typeof members)[number]) => r.reason ?? '' },
        ],
        orientation: 'portrait',
        rows: members,
        notes: ['注：差额为该党员使本年底实有数与应有数之差增减的人数；按原因补记或改正变动记录后重新统计。'],
      });
    }
  }
  return { fileName, sheets };
}

/** 光荣在党50年 (dates in the clerk's export style) */
export const FIFTY_COLUMNS: LayoutColumn<FiftyYearEntry>[] = [
  { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '性别', width: 6, value: (r) => r.gender },
  { header: '出生日期', width: 12, value: (r) => r.birthDate },
  { header: '入党日期', width: 12, value: (r) => r.joinedOn },
  { header: '转正日期', width: 12, value: (r) => r.confirmedOn },
  { header: '党龄（年）', width: 8, type: 'number', value: (r) => r.partyAge },
  { header: '所在党组织', width: 28, wrap: true, value: (r) => r.org },
  { header: '备注', width: 12, value: (r) => (r.newThisYear ? '本年新达到' : '') },
];

const DATE_COLUMNS = new Set(['出生日期', '入党日期', '转正日期']);

function fiftySheet(t: StatsTableDto, base: Omit<LayoutSheet<unknown>, 'sheetName' | 'title' | 'columns' | 'rows'>, title: string, notes: string[], style: 'dot' | 'iso' | 'cn'): LayoutSheet<FiftyYearEntry> {
  const list = t.list ?? [];
  return {
    ...base,
    sheetName: '光荣在党50年',
    title,
    columns: FIFTY_COLUMNS.map((c) => (DATE_COLUMNS.has(c.header as string) ? { ...c, value: (r: FiftyYearEntry, i: number) => formatPartialDate(c.value(r, i) as string, style) } : c)),
    rows: list,
    notes: [`合计：${list.length} 名，其中本年新达到 ${list.filter((x) => x.newThisYear).length} 名。`, ...notes],
  };
}
