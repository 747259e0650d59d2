import { sql } from 'kysely';
import type { FigureRecord, FigureValue } from '../../../domain/figures.ts';
import { addDays } from '../../../domain/periods.ts';
import { orgOnDate } from '../../../domain/roll.ts';
import type { FigureQuery, FigureSource, ServiceContext } from '../../../services/context.ts';
import { movementsOf } from '../domain/balance.ts';
import { STATS_FIGURE_LINES, STATS_FIGURES } from '../domain/figures.ts';
import { dayBefore, firstDayOf } from '../domain/roster.ts';
import { membersMovedWithin } from './read.ts';

// The party statistics' figures of the work report (docs/domain/report.md#membership-and-organizations):
// the movements of 党员数量变化情况 within the report's period at the level of the chosen organization,
// counted member by member by the same rule as the table (domain/balance.ts movementsOf), so that for a
// period starting on 1 January each figure equals its line of the table as of the period's last day.

/** one movement of 党员数量变化情况 */
export interface StatsMovement {
  /** the event recorded (转入, 调整, 死亡 …), or the member for an entry onto the roll (入党) */
  id: number;
  memberId: number;
  name: string;
  /** A3, A7, E2, E4, E5 … */
  line: string;
  date: string;
  /** what was recorded: 入党, 转入, 调整, 出党 … */
  what: string;
  /** the organization it counted in: the one entered (A lines) or left (E lines) */
  org: string;
  recordedAt?: string | null;
}

/**
 * the movements within (from, to] at the level of the organizations `orgIds`; `records`: with their
 * records' organization names and times (for the list of records; the counts need only the lines)
 */
export type MovementReader = (ctx: ServiceContext, input: { orgIds: readonly number[]; from: string; to: string; records?: boolean }) => Promise<StatsMovement[]>;

/**
 * The statistics' own reading: the members with an entry or an event in the window (read.ts), their
 * movements by movementsOf; each with its record — the event, or the member for an entry onto the roll —
 * and when that was entered or last changed, for "changed since the last run".
 */
export const periodMovements: MovementReader = async (ctx, { orgIds, from, to, records = true }) => {
  const scope = new Set(orgIds);
  const moved = membersMovedWithin(ctx.db.sqlite, from, to);
  const found: (Omit<StatsMovement, 'id' | 'org' | 'recordedAt'> & { orgId: number | null })[] = [];
  for (const p of moved) {
    for (const m of movementsOf(p, scope, from, to).moves) {
      const isIncrease = m.line[0] === 'A';
      const orgId = orgOnDate(p.spans, isIncrease ? firstDayOf(m.date) : dayBefore(m.date)) ?? p.orgId;
      found.push({ memberId: p.id, name: p.name, line: m.line, date: m.date, what: m.what, orgId });
    }
  }
  if (!records) return found.map(({ orgId: _, ...m }) => ({ id: 0, ...m, org: '' }));
  if (!found.length) return [];
  const ids = JSON.stringify([...new Set(found.map((m) => m.memberId))]);
  const [orgs, events, members] = await Promise.all([
    ctx.kysely.selectFrom('orgs').select(['id', 'name']).execute(),
    sql<{ member_id: number; type: string; date: string; id: number; at: string }>`
      SELECT member_id, type, date, max(id) AS id, max(recorded_at) AS at FROM member_events
      WHERE member_id IN (SELECT value FROM json_each(${ids})) AND date > ${from} AND date <= ${to}
      GROUP BY member_id, type, date`.execute(ctx.kysely),
    sql<{ id: number; at: string }>`
      SELECT id, max(created_at, updated_at) AS at FROM members WHERE id IN (SELECT value FROM json_each(${ids}))`.execute(ctx.kysely),
  ]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const eventOf = new Map(events.rows.map((e) => [`${e.member_id}\u0000${e.type}\u0000${e.date}`, e]));
  const memberAt = new Map(members.rows.map((m) => [m.id, m.at]));
  return found.map(({ orgId, ...m }) => {
    const e = eventOf.get(`${m.memberId}\u0000${m.what}\u0000${m.date}`);
    return { id: e?.id ?? m.memberId, ...m, org: orgId === null ? '' : (names.get(orgId) ?? ''), recordedAt: e?.at ?? memberAt.get(m.memberId) ?? null };
  });
};

const LINE_OF: Record<string, string> = STATS_FIGURE_LINES;

/** the statistics count (from, to]: from is the day before the period's first */
const read = (ctx: ServiceContext, q: FigureQuery, movements: MovementReader, records: boolean) =>
  movements(ctx, { orgIds: q.orgIds, from: addDays(q.period.start, -1), to: q.period.end, records });

/** the source, with the statistics' movements passed in (figures.ts) */
export function statsFigureSource(movements: MovementReader): FigureSource {
  return {
    definitions: STATS_FIGURES,
    async compute(ctx, q): Promise<FigureValue[]> {
      const moves = await read(ctx, q, movements, false);
      return Object.entries(LINE_OF).map(([key, line]) => ({ key, value: moves.filter((m) => m.line === line).length }));
    },
    async explain(ctx, q, f): Promise<FigureRecord[]> {
      const line = LINE_OF[f.key];
      return (await read(ctx, q, movements, true))
        .filter((m) => m.line === line)
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id))
        .map((m) => ({ kind: m.what, id: m.id, date: m.date, org: m.org, title: `${m.name} ${m.what}`, recordedAt: m.recordedAt ?? null }));
    },
  };
}
