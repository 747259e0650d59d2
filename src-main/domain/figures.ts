import { formatFen } from './money.ts';

// The figures of the work report (docs/domain/report.md#figures): named numbers that the modules owning
// the records define once — key, Chinese label, unit, the rule in one sentence — and compute for an
// organization's subtree and a period. The report module gathers them; it never reads another module's
// tables. Pure: shared by the modules' domain/ (their definitions), the report and its pages.

/** 元 figures carry integer fen; 万元 is only a display of the same figure (docs/domain/report.md#money) */
export type FigureUnit = '次' | '人次' | '人' | '个' | '学时' | '元' | '%';

/** what a figure's parameter names (docs/domain/report.md#parameters) */
export type FigureParamKind = 'tag' | 'meetingType' | 'training' | 'orgType';

export interface FigureParam {
  kind: FigureParamKind;
  /** its Chinese name in placeholders and forms: 专题, 会议类型, 培训类别或层级, 组织类型 */
  label: string;
  /** false: the figure also exists without it (the total) */
  required: boolean;
  /** the values it takes, when it takes only these (null: free, e.g. clerk-defined 专题 tags) */
  values: readonly string[] | null;
}

/** the report's sections, in the order of the figures table and of the Word draft */
export const FIGURE_GROUPS = ['理论学习', '组织生活', '教育培训', '党员队伍', '组织建设', '党费', '专项工作'] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

export interface FigureDefinition {
  /** stable key, e.g. 'firstTopicStudies'; with a parameter the id is 'meetingsByType:支部委员会' */
  key: string;
  /** Chinese label, e.g. 第一议题学习次数: also the Word template placeholder {第一议题学习次数} */
  label: string;
  unit: FigureUnit;
  group: FigureGroup;
  /** the rule in one sentence, as the clerk reads it */
  rule: string;
  param?: FigureParam;
  /**
   * the subtree's figure is the organization's own plus the sum of its children's subtrees
   * (money, members counted once each, records that belong to one organization); false for rates,
   * averages, activities several organizations hold jointly and movements across the subtree's border
   */
  additive: boolean;
  /**
   * provided only while no other module defines the same key (a provisional definition the owning
   * module replaces when it is installed: docs/domain/report.md#sources-of-figures)
   */
  fallback?: boolean;
}

/** one computed figure: counts, hours and percentages as numbers, money in fen; null when undefined (0 ÷ 0) */
export interface FigureValue {
  key: string;
  param?: string;
  value: number | null;
}

/** one record behind a figure (--explain; the UI's list of records) */
export interface FigureRecord {
  /** what the record is: 活动, 党员, 党费, 转入 … */
  kind: string;
  id: number;
  date: string | null;
  org: string;
  title: string;
  /** money records: the amount it adds, in fen */
  amountFen?: number;
  /** how many the record adds (人次 of one activity, a training's participants); default 1 */
  weight?: number;
  /** when the record was entered or last changed (ISO timestamp): "changed since the last run" */
  recordedAt?: string | null;
}

/** 'meetingsByType:支部委员会' ↔ { key, param }; a full-width colon is read as ':' */
export function figureId(key: string, param?: string | null): string {
  return param ? `${key}:${param}` : key;
}

export function parseFigureId(id: string): { key: string; param?: string } {
  const t = id.trim().replace('：', ':');
  const i = t.indexOf(':');
  if (i < 0) return { key: t };
  const param = t.slice(i + 1).trim();
  return param ? { key: t.slice(0, i).trim(), param } : { key: t.slice(0, i).trim() };
}

/** a percentage rounded to 2 places (commitments 97 of 120 → 80.83); null when the base is 0 */
export function percent(num: number, den: number): number | null {
  return den > 0 ? Math.round((num / den) * 10_000) / 100 : null;
}

/** fen as 万元 with 2 places, rounded half up (1234567 fen = 12345.67 元 → '1.23') */
export function fenToWan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const hundredths = Math.floor((Math.abs(fen) + 5_000) / 10_000); // 1 万元 = 1,000,000 fen
  return `${sign}${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** a figure's value as the clerk reads it: '12', '12345.67', '83.33', '' for none */
export function displayValue(unit: FigureUnit, value: number | null, opts: { wan?: boolean } = {}): string {
  if (value === null) return '';
  if (unit === '元') return opts.wan ? fenToWan(value) : formatFen(value);
  if (unit === '%') return value.toFixed(2);
  if (unit === '学时') return String(Math.round(value * 10) / 10);
  return String(value);
}

/** the name of a figure with its parameter: 三会一课次数（支部委员会） */
export const figureTitle = (label: string, param?: string | null): string => (param ? `${label}（${param}）` : label);
