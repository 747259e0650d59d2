import type { FigureSource } from '../../services/context.ts';
import { DUES_FIGURES } from './domain/figures.ts';
import { computeDuesFigures, explainDuesFigure } from './services/figures.ts';

// The dues figures of the work report (docs/domain/report.md#dues).
export const figures: FigureSource = {
  definitions: DUES_FIGURES,
  compute: (ctx, q) => computeDuesFigures(ctx.kysely, q),
  explain: (ctx, q, f, opts) => explainDuesFigure(ctx.kysely, q, f, opts?.changedSince),
};
