// PENDING — the party statistics module's figures for the work report. NOT registered, NOT
// imported by the app: it waits here until the stats module lands, then moves into that module
// (docs/domain/report.md#sources-of-figures says how). The movements are those of its 党员数量变化情况 table
// (A3 发展党员, A7 转入, E2 出党, E4 死亡, E5 转出) at the level of the chosen organization, read by
// the module's own code and passed in (MovementReader). Once registered, these definitions replace
// the provisional ones of the core module (fallback) by themselves.
import type { FigureDefinition, FigureRecord, FigureValue } from '../../../domain/figures.ts';
import { addDays } from '../../../domain/periods.ts';
import type { FigureQuery, FigureSource, ServiceContext, Tx } from '../../../services/context.ts';

// ---- definitions: move to src-main/modules/stats/domain/figures.ts -----------------------------------

export const STATS_FIGURES: readonly FigureDefinition[] = [
  {
    key: 'newMembers', label: '发展党员数', unit: '人', group: '党员队伍', additive: true,
    rule: '期间内在范围内组织入党（党员数量变化情况表 A3 行：新发展和重新入党）的人数',
  },
  {
    key: 'transfersIn', label: '转入党员数', unit: '人', group: '党员队伍', additive: false,
    rule: '期间内转入或调整进入所选组织范围的党员人次（党员数量变化情况表 A7 行）；范围内两个组织之间的调整不计',
  },
  {
    key: 'transfersOut', label: '转出党员数', unit: '人', group: '党员队伍', additive: false,
    rule: '期间内从所选组织范围转出或调整出去的党员人次（党员数量变化情况表 E5 行）；范围内两个组织之间的调整不计',
  },
  {
    key: 'deaths', label: '死亡党员数', unit: '人', group: '党员队伍', additive: true,
    rule: '期间内在范围内组织去世的党员人数（党员数量变化情况表 E4 行）',
  },
  {
    key: 'exits', label: '出党人数', unit: '人', group: '党员队伍', additive: true,
    rule: '期间内从范围内组织出党的人数（党员数量变化情况表 E2 行）；此前已停止党籍的不再计入',
  },
];

// ---- computation: move to src-main/modules/stats/figures.ts --------------------------------------------

/** one movement of 党员数量变化情况 (stats: movementsOf(prepare(member), scope, from, to).moves) */
export interface StatsMovement {
  memberId: number;
  name: string;
  line: string;
  date: string;
  /** what was recorded: 入党, 转入, 调整, 出党 … */
  what: string;
  org: string;
  recordedAt?: string | null;
}

/** the movements within (from, to] at the level of the organizations `orgIds` */
export type MovementReader = (db: Tx, input: { orgIds: readonly number[]; from: string; to: string }) => Promise<StatsMovement[]>;

const LINE_OF: Record<string, string> = { newMembers: 'A3', transfersIn: 'A7', transfersOut: 'E5', deaths: 'E4', exits: 'E2' };

/** the statistics count (from, to]: from is the day before the period's first */
const read = (ctx: ServiceContext, q: FigureQuery, movements: MovementReader) =>
  movements(ctx.kysely, { orgIds: q.orgIds, from: addDays(q.period.start, -1), to: q.period.end });

/**
 * The source, with the statistics' own movement reading passed in. In the stats module (figures.ts):
 *   export const figures = statsFigureSource(async (db, { orgIds, from, to }) => {
 *     const scope = new Set(orgIds);
 *     const names = new Map((await readOrgs(db)).map((o) => [o.id, o.name]));
 *     return (await readMembers(db, orgIds)).map(prepare).flatMap((p) =>
 *       movementsOf(p, scope, from, to).moves.map((m) => ({ memberId: p.id, name: p.name, line: m.line, date: m.date, what: m.what, org: names.get(p.orgId) ?? '' })));
 *   });
 * and in its manifest: figures: async () => (await import('./figures.ts')).figures
 */
export function statsFigureSource(movements: MovementReader): FigureSource {
  return {
    definitions: STATS_FIGURES,
    async compute(ctx, q): Promise<FigureValue[]> {
      const moves = await read(ctx, q, movements);
      return Object.entries(LINE_OF).map(([key, line]) => ({ key, value: moves.filter((m) => m.line === line).length }));
    },
    async explain(ctx, q, f): Promise<FigureRecord[]> {
      const line = LINE_OF[f.key];
      return (await read(ctx, q, movements))
        .filter((m) => m.line === line)
        .map((m) => ({ kind: m.what, id: m.memberId, date: m.date, org: m.org, title: `${m.name} ${m.what}`, recordedAt: m.recordedAt ?? null }));
    },
  };
}
