import { z } from 'zod';
import { labelled } from '../../contract/labels.ts';
import { isoDate, memberRef, orgRef, period, year } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { columnChoices } from '../../services/export-columns.ts';
import {
  ARREARS_COLUMNS, ASSESSMENT_COLUMNS, exportArrears, exportAssessment, exportPublicity, exportRegister, exportRemittance, exportSelfCheck, exportSummary,
  exportUsage, PUBLICITY_COLUMNS, REGISTER_COLUMNS, REMITTANCE_COLUMNS, SELF_CHECK_COLUMNS, SUMMARY_COLUMNS, USAGE_COLUMNS,
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
      publicFrom: labelled(isoDate.nullable().optional(), '公示期开始'),
      publicTo: labelled(isoDate.nullable().optional(), '公示期结束'),
      phone: labelled(z.string().max(40).nullable().optional(), '监督电话'),
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
  defineExport({
    name: 'dues-register',
    title: '党费收缴登记表',
    input: z.strictObject({ org: orgRef, year: yearIn }),
    columns: columnChoices(REGISTER_COLUMNS),
    build: (ctx, input) => exportRegister(ctx, input),
  }),
  defineExport({
    name: 'dues-remittance',
    title: '党费上缴汇总表',
    input: z.strictObject({ org: orgRef, period: labelled(period, '上缴期间') }),
    columns: columnChoices(REMITTANCE_COLUMNS, new Set(['序号', '党支部'])),
    build: (ctx, input) => exportRemittance(ctx, input),
  }),
  defineExport({
    name: 'dues-arrears',
    title: '欠交党费名单',
    input: z.strictObject({ org: orgRef.nullable().optional(), asOf: labelled(z.string().max(20).nullable().optional(), '截至月份') }),
    columns: columnChoices(ARREARS_COLUMNS),
    build: (ctx, input) => exportArrears(ctx, input),
  }),
  defineExport({
    name: 'dues-self-check',
    title: '党费交纳情况自查申报表',
    input: z.strictObject({ org: orgRef, member: memberRef.nullable().optional() }),
    // a form of item/answer pairs: every column is part of it
    columns: columnChoices(SELF_CHECK_COLUMNS, new Set(SELF_CHECK_COLUMNS.map((c) => String(c.header)))),
    build: (ctx, input) => exportSelfCheck(ctx, input),
  }),
];
