import { AppError } from '../../../domain/errors.ts';
import { FIGURE_GROUPS, figureTitle, parseFigureId, type FigureDefinition } from '../../../domain/figures.ts';

// The catalogue of the work report's figures (docs/domain/report.md#sources-of-figures): the definitions the modules
// contribute, merged — a provisional (fallback) definition gives way to a module that defines the same key,
// two modules defining one key is a programming error — and ordered as the report lists them.

export interface CatalogueEntry extends FigureDefinition {
  /** the module that defines and computes it */
  module: string;
}

/** the order of the figures table and of `report figures` (the report's contract order); others follow by group */
export const KEY_ORDER = [
  'firstTopicStudies', 'branchFirstTopicStudies', 'centralGroupStudies', 'topicStudies',
  'deploymentMeetings', 'meetingsByType', 'themeDays', 'partyLectures', 'secretaryLectures', 'expertLectures', 'orgLifeRate',
  'trainingAttendances', 'studyHoursPerMember',
  'members', 'probationaryMembers', 'newMembers', 'transfersIn', 'transfersOut', 'deaths', 'exits',
  'orgsByType',
  'duesCollected', 'duesRemitted', 'duesAllocated', 'duesCollectionRate',
  'screenedMembers', 'commitmentsSigned', 'commitmentRate',
] as const;

export function mergeDefinitions(sources: readonly { module: string; definitions: readonly FigureDefinition[] }[]): CatalogueEntry[] {
  const firm = new Map<string, CatalogueEntry>();
  const provisional = new Map<string, CatalogueEntry>();
  for (const s of sources) {
    for (const d of s.definitions) {
      const entry = { ...d, module: s.module };
      if (d.fallback) {
        if (!provisional.has(d.key)) provisional.set(d.key, entry);
        continue;
      }
      const other = firm.get(d.key);
      if (other) throw new AppError('INTERNAL', `指标 ${d.key} 由 ${other.module} 和 ${s.module} 两个模块重复定义`);
      firm.set(d.key, entry);
    }
  }
  for (const [key, entry] of provisional) if (!firm.has(key)) firm.set(key, entry);
  const labels = new Map<string, string>();
  for (const e of firm.values()) {
    const other = labels.get(e.label);
    if (other) throw new AppError('INTERNAL', `指标 ${other} 和 ${e.key} 的名称相同：${e.label}`);
    labels.set(e.label, e.key);
  }
  const rank = (e: CatalogueEntry) => {
    const i = (KEY_ORDER as readonly string[]).indexOf(e.key);
    return i >= 0 ? i : KEY_ORDER.length + FIGURE_GROUPS.indexOf(e.group);
  };
  return [...firm.values()].sort((a, b) => rank(a) - rank(b));
}

/** orders computed figures: catalogue order, then parameter values in their declared order (else as given) */
export function sortFigures<T extends { key: string; param?: string }>(list: T[], catalogue: readonly CatalogueEntry[]): T[] {
  const pos = new Map(catalogue.map((e, i) => [e.key, i]));
  const paramRank = (t: T) => {
    if (!t.param) return -1;
    const values = catalogue.find((e) => e.key === t.key)?.param?.values;
    const i = values ? values.indexOf(t.param) : -1;
    return i >= 0 ? i : 1_000;
  };
  return list
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (pos.get(a.t.key) ?? 9_999) - (pos.get(b.t.key) ?? 9_999) || paramRank(a.t) - paramRank(b.t) || a.i - b.i)
    .map((x) => x.t);
}

/** a figure named by key (and parameter): its definition, or a refusal naming the known keys */
export function findFigure(catalogue: readonly CatalogueEntry[], id: string): { entry: CatalogueEntry; param?: string } {
  const { key, param } = parseFigureId(id);
  const entry = catalogue.find((e) => e.key === key) ?? catalogue.find((e) => e.label === key);
  if (!entry) {
    throw new AppError('NOT_FOUND', `没有名为“${id}”的指标。可用的指标：${catalogue.map((e) => e.key).join('、')}`, 'key');
  }
  if (param && !entry.param) throw new AppError('VALIDATION', `指标“${entry.label}”不带参数（收到“${param}”）`, 'key');
  if (!param && entry.param?.required) throw new AppError('VALIDATION', `指标“${entry.label}”需要指定${entry.param.label}，如 ${entry.key}:${entry.param.values?.[0] ?? '…'}`, 'key');
  if (param && entry.param?.values && !entry.param.values.includes(param)) {
    throw new AppError('VALIDATION', `${entry.param.label}应为：${entry.param.values.join('、')}（收到“${param}”）`, 'key');
  }
  return { entry, param };
}

export const entryTitle = (e: Pick<CatalogueEntry, 'label'>, param?: string | null): string => figureTitle(e.label, param);
