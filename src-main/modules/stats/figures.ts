import { periodMovements, statsFigureSource } from './services/figures.ts';

// The party statistics' figures of the work report (docs/domain/report.md#membership-and-organizations):
// the movements of 党员数量变化情况, read by the statistics' own code.
export const figures = statsFigureSource(periodMovements);
