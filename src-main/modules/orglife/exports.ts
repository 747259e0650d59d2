import { z } from 'zod';
import { fields, labelled } from '../../contract/labels.ts';
import { orgRef, period, year } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { columnChoices } from '../../services/export-columns.ts';
import {
  exportCompliance, exportMeetingRecord, exportMemberOrgLife, exportRegister, exportTrainingStats, MEMBER_COLUMNS, REGISTER_COLUMNS,
} from './services/exports.ts';

// The organizational-life tables in the export registry (docs/domain/org-life.md#registers).

const withSub = labelled(z.boolean().optional(), '含下级组织');

export const exports = [
  defineExport({
    name: 'activity-register',
    title: '三会一课开展情况登记表',
    columns: columnChoices(REGISTER_COLUMNS, new Set(['序号', '类型', '日期'])),
    input: z.strictObject({ ...fields({ org: orgRef, period }, { org: '党组织', period: '期间' }), withSubOrgs: withSub }),
    build: (ctx, input) => exportRegister(ctx, input),
  }),
  defineExport({
    name: 'org-life-compliance',
    title: '组织生活制度落实情况统计表',
    input: z.strictObject({ ...fields({ org: orgRef.nullable().optional(), period }, { org: '党组织', period: '期间' }), withSubOrgs: withSub }),
    build: (ctx, input) => exportCompliance(ctx, input),
  }),
  defineExport({
    name: 'member-org-life',
    title: '党员参加组织生活情况统计表',
    columns: columnChoices(MEMBER_COLUMNS),
    input: z.strictObject({ ...fields({ org: orgRef, period }, { org: '党组织', period: '期间' }), withSubOrgs: withSub }),
    build: (ctx, input) => exportMemberOrgLife(ctx, input),
  }),
  defineExport({
    name: 'training-stats',
    title: '教育培训人次及学时统计表',
    input: z.strictObject({ ...fields({ org: orgRef, year }, { org: '党组织', year: '年度' }), withSubOrgs: withSub }),
    build: (ctx, input) => exportTrainingStats(ctx, input),
  }),
  defineExport({
    name: 'meeting-record',
    title: '会议记录',
    input: z.strictObject({ id: labelled(z.number().int().positive(), '活动编号') }),
    build: (ctx, input) => exportMeetingRecord(ctx, input),
  }),
];

