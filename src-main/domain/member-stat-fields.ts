import type { Issue } from './errors.ts';
import { compactText, normalizeBoolean } from './member-values.ts';

// The member fields the party statistics count and nothing else reads (docs/domain/members.md#record-fields,
// docs/domain/statistics.md#other-columns): 从事专业技术职务, 台湾省籍, 是否农民工, 新社会阶层类型, 生活不能自理.
// The same rules for the member form, the CLI and imports (member-rules.ts calls this).

/** 从事专业技术职务: statistics count 高级 / 中级 / 初级 (docs/domain/members.md#record-fields) */
export const PROF_TITLES = ['高级', '中级', '初级', '无'] as const;

/**
 * 新社会阶层类型 (docs/domain/members.md#new-social-stratum, U29): the six groups of the 2017 年报, two of them
 * with a 其中 group stored as its own value (counted in its parent too).
 */
export const NEW_STRATA = [
  '民营科技企业创业人员和技术人员',
  '受聘于外资企业的管理技术人员',
  '个体劳动者',
  '城镇个体劳动者',
  '私营企业主',
  '私营企业主（民营科技企业创业人员）',
  '中介组织从业人员',
  '自由职业人员',
] as const;

export interface RawStatFields {
  profTitle?: string | null;
  taiwan?: boolean | string | null;
  migrantWorker?: boolean | string | null;
  newStratum?: string | null;
  selfCareUnable?: boolean | string | null;
}

export interface StatFields {
  profTitle: string | null;
  taiwan: boolean;
  migrantWorker: boolean;
  newStratum: string | null;
  selfCareUnable: boolean;
}

export const STAT_FIELD_LABELS: Readonly<Record<keyof StatFields, string>> = {
  profTitle: '从事专业技术职务',
  taiwan: '台湾省籍',
  migrantWorker: '是否农民工',
  newStratum: '新社会阶层类型',
  selfCareUnable: '生活不能自理',
};

function profTitleOf(raw: string): string | null {
  if ((PROF_TITLES as readonly string[]).includes(raw)) return raw;
  if (/^(正高|副高|高级)/.test(raw)) return '高级';
  if (/^中级/.test(raw)) return '中级';
  if (/^(初级|助理|员级)/.test(raw)) return '初级';
  if (raw === '没有' || raw === '否') return '无';
  return null;
}

export function normalizeStatFields(input: RawStatFields): { values: StatFields; errors: Issue[] } {
  const errors: Issue[] = [];
  const flag = (field: 'taiwan' | 'migrantWorker' | 'selfCareUnable'): boolean => {
    const raw = input[field];
    if (raw == null || raw === '') return false;
    const b = normalizeBoolean(raw);
    if (b === null) errors.push({ field, message: `${STAT_FIELD_LABELS[field]}应为“是”或“否”` });
    return b ?? false;
  };
  let profTitle: string | null = null;
  const t = compactText(input.profTitle);
  if (t) {
    profTitle = profTitleOf(t);
    if (!profTitle) errors.push({ field: 'profTitle', message: `从事专业技术职务应为：${PROF_TITLES.join('、')}` });
  }
  let newStratum: string | null = null;
  const s = compactText(input.newStratum);
  if (s) {
    newStratum = (NEW_STRATA as readonly string[]).includes(s) ? s : null;
    if (!newStratum) errors.push({ field: 'newStratum', message: `新社会阶层类型“${input.newStratum}”不在列表中（如 ${NEW_STRATA.slice(0, 3).join('、')}）` });
  }
  return { values: { profTitle, taiwan: flag('taiwan'), migrantWorker: flag('migrantWorker'), newStratum, selfCareUnable: flag('selfCareUnable') }, errors };
}
