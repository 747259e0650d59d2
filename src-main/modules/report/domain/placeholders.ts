import { SECTION_KEYS, SECTION_LABELS, type SectionKey } from './draft.ts';
import type { CatalogueEntry } from './catalogue.ts';

// The placeholders a clerk's own Word template may hold (docs/domain/report.md#the-clerks-template):
// {第一议题学习次数}, {专题学习次数:二十大精神}, {党费收缴额（万元）}, the period and the organization, the
// sections the clerk writes. Every one the app knows is listed; a template naming any other is refused.

export const META_PLACEHOLDERS = {
  单位名称: '所选党组织的全称',
  填报单位: '设置中的填报单位',
  期间: '统计期间，如 2026年上半年',
  起始日期: '统计期间的第一天，如 2026年1月1日',
  截止日期: '统计期间的最后一天，如 2026年6月30日',
  统计截止日: '党员数、组织数的统计日（期间最后一天，未到则为今天）',
  对比期间: '对比期间，如 2025年上半年（未选对比期间时为空）',
  报告日期: '生成文档的日期',
} as const;
export type MetaKey = keyof typeof META_PLACEHOLDERS;

export type PlaceholderRef =
  | { type: 'meta'; key: MetaKey }
  | { type: 'section'; key: SectionKey }
  | { type: 'figure'; key: string; param?: string; wan: boolean; compare: boolean };

export interface PlaceholderInfo {
  /** as written in the template, braces included */
  text: string;
  meaning: string;
}

/** how names are compared: full-width forms folded (（）→(), ：→:), whitespace ignored */
export const placeholderKey = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '');

const WAN = placeholderKey('（万元）');
const COMPARE = placeholderKey('（对比期间）');

/** what a placeholder names, or null when the app does not know it */
export function resolvePlaceholder(raw: string, catalogue: readonly CatalogueEntry[]): PlaceholderRef | null {
  const name = placeholderKey(raw);
  for (const key of Object.keys(META_PLACEHOLDERS) as MetaKey[]) if (placeholderKey(key) === name) return { type: 'meta', key };
  for (const key of SECTION_KEYS) if (placeholderKey(SECTION_LABELS[key]) === name) return { type: 'section', key };
  let rest = name;
  const compare = rest.endsWith(COMPARE);
  if (compare) rest = rest.slice(0, -COMPARE.length);
  const wan = rest.endsWith(WAN);
  if (wan) rest = rest.slice(0, -WAN.length);
  const colon = rest.indexOf(':');
  const label = colon < 0 ? rest : rest.slice(0, colon);
  const param = colon < 0 ? undefined : rest.slice(colon + 1);
  const entry = catalogue.find((e) => placeholderKey(e.label) === label);
  if (!entry) return null;
  if (wan && entry.unit !== '元') return null;
  if (param === '' || (param && !entry.param) || (!param && entry.param?.required)) return null;
  if (param && entry.param?.values && !entry.param.values.some((v) => placeholderKey(v) === param)) return null;
  const exact = param && entry.param?.values ? entry.param.values.find((v) => placeholderKey(v) === param) : param;
  return { type: 'figure', key: entry.key, ...(exact ? { param: exact } : {}), wan, compare };
}

/** every placeholder the app knows, with what it is replaced by (free parameters with the values in use) */
export function knownPlaceholders(catalogue: readonly CatalogueEntry[], inUse: Partial<Record<string, readonly string[]>> = {}): PlaceholderInfo[] {
  const out: PlaceholderInfo[] = [];
  for (const [k, meaning] of Object.entries(META_PLACEHOLDERS)) out.push({ text: `{${k}}`, meaning });
  for (const key of SECTION_KEYS) out.push({ text: `{${SECTION_LABELS[key]}}`, meaning: `“工作总结草稿”页填写的${SECTION_LABELS[key]}（按期间保存）` });
  for (const e of catalogue) {
    const unit = e.unit === '元' ? '元，两位小数' : e.unit;
    if (!e.param?.required) {
      out.push({ text: `{${e.label}}`, meaning: `${e.rule}（单位：${unit}）` });
      if (e.unit === '元') out.push({ text: `{${e.label}（万元）}`, meaning: `同上，以万元计，两位小数` });
    }
    if (e.param) {
      const values = e.param.values ?? inUse[e.param.kind] ?? [];
      out.push({ text: `{${e.label}:<${e.param.label}>}`, meaning: `按${e.param.label}统计的${e.label}${e.param.values ? `，${e.param.label}为：${e.param.values.join('、')}` : '，冒号后写任意一个'}${e.param.label}` });
      for (const v of values) out.push({ text: `{${e.label}:${v}}`, meaning: `${e.label}（${v}）` });
    }
  }
  out.push({ text: '{…（对比期间）}', meaning: '任一指标的名称后加“（对比期间）”，如 {党员总数（对比期间）}：对比期间的数值' });
  return out;
}
