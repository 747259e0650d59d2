import { z } from 'zod';
import { op, type FileResult } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import { orgRef, period } from '../../contract/refs.ts';
import type { FigureGroup, FigureParam, FigureUnit } from '../../domain/figures.ts';
import { SECTION_KEYS, SECTION_LABELS, type SectionKey } from './domain/draft.ts';
import type { PlaceholderInfo } from './domain/placeholders.ts';

// Operations of the work report (docs/domain/report.md): figures for any period and subtree with the
// records behind each, a comparison period, the sections the clerk writes, the Word draft and the clerk's
// own templates. Money crosses the contract as yuan text with fen beside it.

const text = z.string().max(20_000);
const scope = {
  org: orgRef,
  withSubOrgs: labelled(z.boolean().optional(), '含下级组织'),
  period: labelled(period, '统计期间'),
};
const compare = labelled(period.nullable().optional(), '对比期间');
const bytes = labelled(z.instanceof(Uint8Array), '文件内容');
const fileName = labelled(z.string().min(1).max(260), '文件名');

export interface PeriodDto {
  /** first and last day */
  from: string;
  to: string;
  /** 2026-H1 */
  key: string;
  /** 2026年上半年 */
  label: string;
}

export interface FigureChangeDto {
  /** the value of the last run (money as yuan text) */
  previous: number | string | null;
  previousAt: string;
  /** records of the figure entered or changed since that run */
  added: number;
  /** 与上次计算（…）相比增加 2 次：其间新录入的记录 2 条（…） */
  reason: string;
}

export interface FigureDto {
  key: string;
  param?: string;
  label: string;
  unit: FigureUnit;
  /** counts, hours and percentages (2 places) as numbers; money as yuan text '12345.67'; null when undefined */
  value: number | string | null;
  /** money figures: the value in fen */
  valueFen?: number | null;
  /** with a comparison period */
  compareValue?: number | string | null;
  compareValueFen?: number | null;
  /** value − compareValue (money as yuan text; percentages in points) */
  difference?: number | string | null;
  differenceFen?: number | null;
  /** present when the value differs from the last run for the same organization, scope and period */
  changed?: FigureChangeDto;
  group: FigureGroup;
  module: string;
}

export interface FiguresDto {
  period: PeriodDto;
  compare?: PeriodDto;
  org: string;
  orgId: number;
  withSubOrgs: boolean;
  /** the day members and organizations are counted on */
  asOf: string;
  figures: FigureDto[];
}

export interface FigureRecordDto {
  kind: string;
  id: number;
  date: string | null;
  org: string;
  title: string;
  /** money records: yuan text */
  amount?: string;
}

export interface ExplainDto {
  key: string;
  param?: string;
  label: string;
  unit: FigureUnit;
  value: number | string | null;
  rule: string;
  /** all records (the list may be cut to `limit`) */
  total: number;
  records: FigureRecordDto[];
}

export interface CatalogueFigureDto {
  key: string;
  label: string;
  unit: FigureUnit;
  group: FigureGroup;
  rule: string;
  param?: FigureParam;
  additive: boolean;
  module: string;
}

export interface CatalogueDto {
  figures: CatalogueFigureDto[];
  placeholders: PlaceholderInfo[];
  sections: { key: SectionKey; label: string }[];
}

export interface SectionsDto {
  orgId: number;
  period: PeriodDto;
  sections: Record<SectionKey, string>;
  /** nothing saved for this period yet: the text is the latest earlier period's, to re-use */
  carriedFrom: PeriodDto | null;
  updatedAt: string | null;
}

export interface TemplateDto {
  id: number;
  fileName: string;
  placeholders: string[];
  uploadedAt: string;
}

const sectionShape = Object.fromEntries(SECTION_KEYS.map((k) => [k, labelled(text.optional(), SECTION_LABELS[k])])) as Record<SectionKey, z.ZodOptional<z.ZodString>>;

export const reportOps = {
  /** every figure the installed modules define, the template placeholders, the clerk's sections */
  'report.catalogue': op<CatalogueDto>()(z.strictObject({})),
  'report.figures': op<FiguresDto>()(
    z.strictObject({
      ...scope,
      compare,
      tags: labelled(z.array(z.string().min(1).max(100)).max(50).optional(), '专题'),
      /** compare with the last run and remember this one (default true; exports and drafts do not) */
      track: labelled(z.boolean().optional(), '记录本次计算'),
    }),
  ),
  'report.explain': op<ExplainDto>()(
    z.strictObject(fields({ ...scope, key: z.string().min(1).max(200), limit: z.number().int().min(1).max(1_000_000).optional() }, { key: '指标', limit: '最多列出条数' })),
  ),
  'report.sections': op<SectionsDto>()(z.strictObject({ org: orgRef, period: labelled(period, '统计期间') })),
  'report.saveSections': op<SectionsDto>()(
    z.strictObject({ org: orgRef, period: labelled(period, '统计期间'), sections: labelled(z.strictObject(sectionShape), '工作总结内容') }),
  ),
  /** the Word draft: the built-in 工作总结, or a template (stored, or given) with its placeholders filled */
  'report.docx': op<FileResult>()(
    z.strictObject({
      ...scope,
      compare,
      templateId: labelled(z.number().int().positive().nullable().optional(), '我的模板'),
      template: labelled(z.strictObject({ fileName, bytes }).nullable().optional(), '模板文件'),
    }),
  ),
  'report.templates': op<TemplateDto[]>()(z.strictObject({})),
  /** keeps a template after checking every placeholder in it (an unknown one refuses it, naming it) */
  'report.saveTemplate': op<TemplateDto>()(z.strictObject({ fileName, bytes })),
  'report.deleteTemplate': op<{ deleted: true }>()(z.strictObject({ id: labelled(z.number().int().positive(), '模板') })),
};

declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    report: typeof reportOps;
  }
}

// pure code the report pages show (the renderer's door: docs/architecture.md#layers)
export { SECTION_KEYS, SECTION_LABELS, type SectionKey } from './domain/draft.ts';
export { displayValue, fenToWan, figureTitle, FIGURE_GROUPS, type FigureGroup, type FigureUnit } from '../../domain/figures.ts';
