import { z } from 'zod';
import { labelled } from '../../contract/labels.ts';
import { orgRef, period, year } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { columnChoices } from '../../services/export-columns.ts';
import { exportAssessment, exportPublicity, exportSummary, exportUsage, PUBLICITY_COLUMNS } from './services/exports.ts';

// The dues tables in the export registry (docs/domain/dues.md#dues-sheets).

const yearIn = labelled(year, '年度');

export const exports = [
  defineExport({
    name: 'dues-publicity',
    title: '党费收缴情况公示表',
    input: z.strictObject({
      org: orgRef,
      period: labelled(period, '公示期间'),
      includeBase: labelled(z.boolean().optional(), '列出计算基数'),
    }),
    columns: columnChoices(PUBLICITY_COLUMNS),
    build: (ctx, input) => exportPublicity(ctx, input),
  }),
  defineExport({
    name: 'dues-summary',
    title: '党费收缴情况统计表',
    input: z.strictObject({ year: yearIn, org: orgRef.nullable().optional() }),
    build: (ctx, input) => exportSummary(ctx, input),
  }),
  defineExport({
    name: 'dues-usage',
    title: '党费使用情况明细表',
    input: z.strictObject({ org: orgRef, year: yearIn }),
    build: (ctx, input) => exportUsage(ctx, input),
  }),
  defineExport({
    name: 'dues-assessment',
    title: '党员月交纳党费数额核定表',
    input: z.strictObject({ org: orgRef, year: yearIn }),
    build: (ctx, input) => exportAssessment(ctx, input),
  }),
];
