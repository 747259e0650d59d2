import { displayValue, figureTitle } from '../../../domain/figures.ts';
import type { LayoutColumn, LayoutSheet } from '../../../excel/layout.ts';
import type { ExportBuild, ExportColumnChoice, ServiceContext } from '../../../services/context.ts';
import { getSettings } from '../../../services/settings.ts';
import type { FigureDto } from '../contract.ts';
import { cnDate } from '../domain/draft.ts';
import { computeFigures, loadCatalogue } from './figures.ts';

// 基层党建工作情况统计表 (docs/domain/report.md#the-figures-table): one row per figure, the period and the
// comparison period side by side with the difference, each figure's rule beside it.

const UNIT_OF = (f: FigureDto) => (f.unit === '元' ? '元' : f.unit);
const shown = (f: FigureDto, v: number | string | null | undefined) => {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : displayValue(f.unit, v);
};
const signed = (f: FigureDto, v: number | string | null | undefined) => {
  const s = shown(f, v);
  return s !== '—' && !s.startsWith('-') && s !== '0' && s !== '0.00' ? `+${s}` : s;
};

/** the columns the clerk may choose (their headers name the periods, so the keys are fixed words) */
export const FIGURE_COLUMNS: readonly ExportColumnChoice[] = [
  { key: '序号', label: '序号', required: true },
  { key: '指标', label: '指标', required: true },
  { key: '单位', label: '单位' },
  { key: '本期', label: '统计期间的数值', required: true },
  { key: '对比期', label: '对比期间的数值' },
  { key: '增减', label: '增减' },
  { key: '计算口径', label: '计算口径' },
];

export async function exportFigures(ctx: ServiceContext, input: { org: number | string; period: string; compare?: string | null }): Promise<ExportBuild> {
  const cat = await loadCatalogue(ctx);
  const { dto } = await computeFigures(ctx, { org: input.org, period: input.period, compare: input.compare ?? null, track: false }, cat);
  const rules = new Map(cat.entries.map((e) => [e.key, e.rule]));
  const columns: LayoutColumn<FigureDto>[] = [
    { key: '序号', header: '序号', width: 5, type: 'number', value: (_r, i) => i + 1 },
    { key: '指标', header: '指标', width: 24, wrap: true, value: (r) => figureTitle(r.label, r.param) },
    { key: '单位', header: '单位', width: 5, value: UNIT_OF },
    { key: '本期', header: dto.period.label, width: 12, value: (r) => shown(r, r.value) },
  ];
  if (dto.compare) {
    columns.push(
      { key: '对比期', header: dto.compare.label, width: 12, value: (r) => shown(r, r.compareValue) },
      { key: '增减', header: '增减', width: 10, value: (r) => signed(r, r.difference) },
    );
  }
  columns.push({ key: '计算口径', header: '计算口径', width: dto.compare ? 44 : 60, wrap: true, value: (r) => rules.get(r.key) ?? '' });
  const settings = await getSettings(ctx.kysely);
  const { signaturesFrom } = await import('../../../excel/layout.ts');
  const sheet: LayoutSheet<FigureDto> = {
    sheetName: '基层党建工作情况统计表',
    title: `${dto.org}${dto.period.label}基层党建工作情况统计表`,
    reportingUnit: settings.effectiveReportingUnit,
    reportDate: ctx.clock.today(),
    signatures: signaturesFrom(settings),
    columns,
    rows: dto.figures,
    orientation: 'portrait',
    paper: { allowA3: settings.allowA3 },
    notes: [
      `注：统计范围为${dto.org}${dto.withSubOrgs ? '及其下级党组织' : ''}；党员数、党组织数为截至${cnDate(dto.asOf)}的数；金额以元计，两位小数；百分比保留两位小数。`,
    ],
  };
  return { fileName: `${dto.org}${dto.period.label}基层党建工作情况统计表.xlsx`, sheets: [sheet] };
}
