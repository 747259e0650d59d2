import type { FigureSource } from '../../services/context.ts';
import { CORE_FIGURES } from './domain/figures.ts';
import { computeCoreFigures, explainCoreFigure } from './services/figures.ts';

// The registry's figures for the work report (docs/domain/report.md#membership-and-organizations).
export const figures: FigureSource = {
  definitions: CORE_FIGURES,
  compute: (ctx, q) => computeCoreFigures(ctx.kysely, q),
  explain: (ctx, q, f, opts) => explainCoreFigure(ctx.kysely, q, f, opts?.changedSince),
};
