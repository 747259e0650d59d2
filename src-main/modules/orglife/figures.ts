import { computeCompliance } from './services/compliance.ts';
import { orglifeFigureSource } from './services/figures.ts';

// The organizational-life figures of the work report (docs/domain/report.md#organizational-life-and-training),
// 组织生活落实率 from the module's own compliance board.
export const figures = orglifeFigureSource(async (db, i) => (await computeCompliance(db, i)).entries);
