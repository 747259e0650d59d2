import { AppError } from '../../../domain/errors.ts';
import { displayValue, figureId, figureTitle, type FigureRecord, type FigureValue } from '../../../domain/figures.ts';
import { formatFen } from '../../../domain/money.ts';
import { parsePeriod, type Period } from '../../../domain/periods.ts';
import type { FigureQuery, FigureSource, ServiceContext } from '../../../services/context.ts';
import { orgScope } from '../../../services/refs.ts';
import { membersOnRoll, type OnRoll } from '../../../services/roll.ts';
import type { ExplainDto, FigureChangeDto, FigureDto, FiguresDto, PeriodDto } from '../contract.ts';
import { findFigure, mergeDefinitions, sortFigures, type CatalogueEntry } from '../domain/catalogue.ts';

// The work report's figures (docs/domain/report.md#figures): asked of every module that contributes some
// (ctx.registry.figureSources), for one organization's subtree and a period, optionally beside a
// comparison period; each figure traceable to its records, and compared with the last run.

export interface Catalogue {
  entries: CatalogueEntry[];
  sources: Map<string, FigureSource>;
}

export async function loadCatalogue(ctx: ServiceContext): Promise<Catalogue> {
  const list = await ctx.registry.figureSources();
  return {
    entries: mergeDefinitions(list.map((s) => ({ module: s.module, definitions: s.source.definitions }))),
    sources: new Map(list.map((s) => [s.module, s.source])),
  };
}

export const periodDto = (p: Period): PeriodDto => ({ from: p.start, to: p.end, key: p.key, label: p.label });

export interface ScopeInput {
  org: number | string;
  withSubOrgs?: boolean;
  period: string;
}

export async function queryOf(ctx: ServiceContext, input: ScopeInput, period: Period, params: FigureQuery['params'] = {}): Promise<FigureQuery> {
  const scope = await orgScope(ctx.kysely, input.org, input.withSubOrgs ?? true);
  if (!scope) throw new AppError('VALIDATION', '请指定党组织', 'org');
  const today = ctx.clock.today();
  return withRoll(ctx, {
    org: { id: scope.org.id, name: scope.org.name, type: scope.org.type, path: scope.org.path },
    orgIds: scope.ids,
    period,
    asOf: period.end < today ? period.end : today,
    params,
  });
}

/** the query with its members on the roll, read on first use and shared by the sources */
export function withRoll(ctx: ServiceContext, q: Omit<FigureQuery, 'onRoll'>): FigureQuery {
  let roll: Promise<OnRoll[]> | null = null;
  return { ...q, onRoll: () => (roll ??= membersOnRoll(ctx.kysely, q.asOf, q.orgIds)) };
}

export interface Computed {
  entry: CatalogueEntry;
  param?: string;
  value: number | null;
}

/** every source's figures for one query, each kept only if its module defines it in the merged catalogue */
export async function computeAll(ctx: ServiceContext, cat: Catalogue, q: FigureQuery): Promise<Computed[]> {
  const out: Computed[] = [];
  for (const [module, source] of cat.sources) {
    const values: FigureValue[] = await source.compute(ctx, q);
    for (const v of values) {
      const entry = cat.entries.find((e) => e.key === v.key && e.module === module);
      if (entry) out.push({ entry, ...(v.param ? { param: v.param } : {}), value: v.value });
    }
  }
  return sortFigures(out.map((c) => ({ ...c, key: c.entry.key })), cat.entries);
}

/** the value as the contract carries it: money as yuan text */
const wire = (c: { entry: CatalogueEntry; value: number | null }): number | string | null =>
  c.value === null ? null : c.entry.unit === '元' ? formatFen(c.value) : c.value;

function difference(entry: CatalogueEntry, a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  const d = a - b;
  return entry.unit === '%' || entry.unit === '学时' ? Math.round(d * 100) / 100 : d;
}

/** parameter values found in the main period, asked of the comparison period too */
function paramsOf(list: readonly Computed[], base: FigureQuery['params']): FigureQuery['params'] {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(base)) out[k] = [...(v ?? [])];
  for (const c of list) {
    if (!c.param || !c.entry.param) continue;
    const kind = c.entry.param.kind;
    (out[kind] ??= []).includes(c.param) || out[kind].push(c.param);
  }
  return out;
}

export interface FiguresInput extends ScopeInput {
  compare?: string | null;
  tags?: string[];
  track?: boolean;
}

export interface FiguresResult {
  dto: FiguresDto;
  computed: Computed[];
  compared: Computed[] | null;
  query: FigureQuery;
}

export async function computeFigures(ctx: ServiceContext, input: FiguresInput, cat?: Catalogue): Promise<FiguresResult> {
  const catalogue = cat ?? (await loadCatalogue(ctx));
  const period = parsePeriod(input.period, 'period');
  const comparePeriod = input.compare ? parsePeriod(input.compare, 'compare') : null;
  const q = await queryOf(ctx, input, period, input.tags?.length ? { tag: input.tags } : {});
  const computed = await computeAll(ctx, catalogue, q);
  let compared: Computed[] | null = null;
  if (comparePeriod) {
    const { onRoll: _, ...base } = q;
    const cq = withRoll(ctx, { ...base, period: comparePeriod, asOf: comparePeriod.end < ctx.clock.today() ? comparePeriod.end : ctx.clock.today(), params: paramsOf(computed, q.params) });
    compared = await computeAll(ctx, catalogue, cq);
    // a parameter value only the comparison period has: shown with 0 (counts) in the main period
    for (const c of compared) {
      if (c.param && !computed.some((m) => m.entry.key === c.entry.key && m.param === c.param)) {
        computed.push({ entry: c.entry, param: c.param, value: c.entry.unit === '%' ? null : 0 });
      }
    }
  }
  const ordered = sortFigures(computed.map((c) => ({ ...c, key: c.entry.key })), catalogue.entries);
  const changes = input.track === false ? new Map<string, FigureChangeDto>() : await track(ctx, catalogue, q, input.withSubOrgs ?? true, ordered);
  const figures: FigureDto[] = ordered.map((c) => {
    const f: FigureDto = {
      key: c.entry.key,
      ...(c.param ? { param: c.param } : {}),
      label: c.entry.label,
      unit: c.entry.unit,
      value: wire(c),
      group: c.entry.group,
      module: c.entry.module,
    };
    if (c.entry.unit === '元') f.valueFen = c.value;
    if (compared) {
      const other = compared.find((x) => x.entry.key === c.entry.key && x.param === c.param);
      const ov = other ? other.value : c.entry.unit === '%' ? null : 0;
      f.compareValue = ov === null ? null : c.entry.unit === '元' ? formatFen(ov) : ov;
      const d = difference(c.entry, c.value, ov);
      f.difference = d === null ? null : c.entry.unit === '元' ? formatFen(d) : d;
      if (c.entry.unit === '元') {
        f.compareValueFen = ov;
        f.differenceFen = d;
      }
    }
    const ch = changes.get(figureId(c.entry.key, c.param));
    if (ch) f.changed = ch;
    return f;
  });
  return {
    dto: {
      period: periodDto(period),
      ...(comparePeriod ? { compare: periodDto(comparePeriod) } : {}),
      org: q.org.name,
      orgId: q.org.id,
      withSubOrgs: input.withSubOrgs ?? true,
      asOf: q.asOf,
      figures,
    },
    computed: ordered,
    compared,
    query: q,
  };
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * "Changed since the last run" (docs/domain/report.md#traceability): each figure's value is kept per
 * organization, scope and period; when it differs, the records of the figure entered or changed since
 * that run say why.
 */
async function track(ctx: ServiceContext, cat: Catalogue, q: FigureQuery, sub: boolean, list: Computed[]): Promise<Map<string, FigureChangeDto>> {
  const now = ctx.clock.now();
  const prev = await ctx.kysely
    .selectFrom('report_runs')
    .select(['figure', 'value', 'run_at'])
    .where('org_id', '=', q.org.id)
    .where('sub_orgs', '=', sub ? 1 : 0)
    .where('period', '=', q.period.key)
    .execute();
  const before = new Map(prev.map((r) => [r.figure, r]));
  const out = new Map<string, FigureChangeDto>();
  for (const c of list) {
    const id = figureId(c.entry.key, c.param);
    const p = before.get(id);
    if (!p) continue;
    const old = p.value === null ? null : (JSON.parse(p.value) as number | null);
    if (old === c.value) continue;
    const records = await cat.sources.get(c.entry.module)!.explain(ctx, q, { key: c.entry.key, ...(c.param ? { param: c.param } : {}) }, { changedSince: p.run_at });
    const added = records.filter((r) => r.recordedAt && r.recordedAt > p.run_at);
    const unit = c.entry.unit === '元' ? '元' : c.entry.unit === '%' ? '个百分点' : c.entry.unit;
    const delta = old === null || c.value === null ? null : c.value - old;
    const amount = delta === null ? '' : c.entry.unit === '元' ? formatFen(Math.abs(delta)) : c.entry.unit === '%' ? (Math.round(Math.abs(delta) * 100) / 100).toFixed(2) : String(Math.abs(delta));
    const change = delta === null ? `由 ${old === null ? '无' : displayValue(c.entry.unit, old)} 变为 ${c.value === null ? '无' : displayValue(c.entry.unit, c.value)}` : `${delta > 0 ? '增加' : '减少'} ${amount} ${unit}`;
    const titles = added.slice(0, 5).map((r) => r.title);
    const why = added.length
      ? `其间新录入或修改的记录 ${added.length} 条（${titles.join('；')}${added.length > titles.length ? ' 等' : ''}）`
      : '其间没有新录入的记录（有记录被删除，或经修改不再计入）';
    out.set(id, {
      previous: old === null ? null : c.entry.unit === '元' ? formatFen(old) : old,
      previousAt: p.run_at,
      added: added.length,
      reason: `与上次计算（${localTime(p.run_at)}）相比${change}：${why}`,
    });
  }
  await ctx.kysely.transaction().execute(async (trx) => {
    for (const c of list) {
      const value = JSON.stringify(c.value);
      await trx
        .insertInto('report_runs')
        .values({ org_id: q.org.id, sub_orgs: sub ? 1 : 0, period: q.period.key, figure: figureId(c.entry.key, c.param), value, run_at: now })
        .onConflict((oc) => oc.columns(['org_id', 'sub_orgs', 'period', 'figure']).doUpdateSet({ value, run_at: now }))
        .execute();
    }
  });
  return out;
}

export async function explainFigure(ctx: ServiceContext, input: ScopeInput & { key: string; limit?: number }): Promise<ExplainDto> {
  const cat = await loadCatalogue(ctx);
  const { entry, param } = findFigure(cat.entries, input.key);
  const period = parsePeriod(input.period, 'period');
  const q = await queryOf(ctx, input, period, param && entry.param ? { [entry.param.kind]: [param] } : {});
  const source = cat.sources.get(entry.module)!;
  const [values, records] = await Promise.all([source.compute(ctx, q), source.explain(ctx, q, { key: entry.key, ...(param ? { param } : {}) })]);
  const v = values.find((x) => x.key === entry.key && (x.param ?? undefined) === param);
  const value = v ? v.value : entry.unit === '%' ? null : 0;
  const list: FigureRecord[] = input.limit ? records.slice(0, input.limit) : records;
  return {
    key: entry.key,
    ...(param ? { param } : {}),
    label: figureTitle(entry.label, param),
    unit: entry.unit,
    value: value === null ? null : entry.unit === '元' ? formatFen(value) : value,
    rule: entry.rule,
    total: records.length,
    records: list.map((r) => ({
      kind: r.kind,
      id: r.id,
      date: r.date,
      org: r.org,
      title: r.title,
      ...(r.amountFen !== undefined ? { amount: formatFen(r.amountFen) } : {}),
    })),
  };
}
