import { z } from 'zod';
import { labelled } from '../../contract/labels.ts';
import { orgRef, period, year } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { columnChoices } from '../../services/export-columns.ts';
import {
  ASSESSMENT_COLUMNS, exportAssessment, exportPublicity, exportSummary, exportUsage, PUBLICITY_COLUMNS, SUMMARY_COLUMNS, USAGE_COLUMNS,
} from './services/exports.ts';

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
    columns: columnChoices(SUMMARY_COLUMNS, new Set(['序号', '党组织名称'])),
    build: (ctx, input) => exportSummary(ctx, input),
  }),
  defineExport({
    name: 'dues-usage',
    title: '党费使用情况明细表',
    input: z.strictObject({ org: orgRef, year: yearIn }),
    columns: columnChoices(USAGE_COLUMNS, new Set(['序号', '日期', '金额'])),
    build: (ctx, input) => exportUsage(ctx, input),
  }),
  defineExport({
    name: 'dues-assessment',
    title: '党员月交纳党费数额核定表',
    input: z.strictObject({ org: orgRef, year: yearIn }),
    // read back by the 核定表 import, which needs the ID number and the category
    columns: columnChoices(ASSESSMENT_COLUMNS, new Set(['序号', '姓名', '公民身份号码', '交纳类别'])),
    build: (ctx, input) => exportAssessment(ctx, input),
  }),
];
