import { z } from 'zod';
import { labelled } from '../../contract/labels.ts';
import { orgRef, period } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { exportFigures, FIGURE_COLUMNS } from './services/exports.ts';

// The work report's figures as a table of the export registry (docs/domain/report.md#the-figures-table).
export const exports = [
  defineExport({
    name: 'report-figures',
    title: '基层党建工作情况统计表',
    input: z.strictObject({
      org: orgRef,
      period: labelled(period, '统计期间'),
      compare: labelled(period.nullable().optional(), '对比期间'),
    }),
    columns: FIGURE_COLUMNS,
    build: (ctx, input) => exportFigures(ctx, input),
  }),
];
