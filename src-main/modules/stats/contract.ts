import { z } from 'zod';
import { op } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import { isoDate, orgRef } from '../../contract/refs.ts';
import type { FiftyYearEntry, HeaderColumn, TableCheck, TableRow } from './domain/tables.ts';

// Operations of the party statistics (docs/domain/statistics.md): every table as of a statistics date,
// signing a table off (refused while its checks fail, e.g. line 六 of the balance), the report's cover,
// and the clerk's confirmed codes for free-text 工作岗位.

export { TABLE_NAMES, TABLE_TITLES, type TableName } from './domain/names.ts';
export { JOB_CODES, JOB_NAME_BY_CODE, NEW_STRATA, PROF_TITLES } from './domain/codes.ts';
export type { CheckMember, FiftyYearEntry, HeaderColumn, TableCheck, TableRow } from './domain/tables.ts';

const text = z.string().max(200);
const optText = z.union([z.string().max(200), z.null()]).optional();

/** which table, for whom, as of when (the CLI: --name, --org, --no-sub-orgs, --as-of) */
export const tableQuery = fields({
  /** a registry name (stats-basic …) or a Chinese name (党员基本情况, 党龄 …) */
  name: text.min(1),
  org: orgRef.nullable().optional(),
  includeSubOrgs: z.boolean().optional(),
  asOf: isoDate,
}, { name: '统计表', org: '党组织', includeSubOrgs: '包含下级组织', asOf: '统计时点' });

export interface FinalizedDto {
  at: string;
  by: string;
}

/** a table as of its statistics date: `stats table --json` prints it */
export interface StatsTableDto {
  name: string;
  title: string;
  asOf: string;
  /** the first day of the period counted (the day after last year's 31 December) */
  periodStart: string;
  org: string;
  orgId: number | null;
  includeSubOrgs: boolean;
  bandVersion: string;
  /** leaf column labels */
  columns: string[];
  /** the same columns with the merged header above them */
  header: HeaderColumn[];
  rows: TableRow[];
  checks: TableCheck[];
  /** 光荣在党50年: the people */
  list?: FiftyYearEntry[];
  /** signed off: the table is kept as it was then */
  finalized: FinalizedDto | null;
}

export interface CoverDto {
  orgId: number | null;
  asOf: string;
  /** 填报单位（盖章） */
  reportingUnit: string;
  /** 负责人 */
  principal: string;
  /** 填表人 */
  clerk: string;
  /** 报出时间 */
  reportedOn: string;
  /** 联系电话 */
  phone: string;
}

export interface JobMappingDto {
  /** the free text as stored on members */
  text: string;
  /** members on the roll with it */
  count: number;
  /** the confirmed code, or null */
  code: string | null;
  /** what the code stands for */
  codeName: string | null;
  /** a first guess to confirm (never applied unconfirmed) */
  suggestion: string | null;
  suggestionName: string | null;
}

const COVER_LABELS = {
  org: '党组织', asOf: '统计时点', reportingUnit: '填报单位（盖章）', principal: '负责人', clerk: '填表人', reportedOn: '报出时间', phone: '联系电话',
};

export const statsOps = {
  /** the tables, their registry names and titles */
  'stats.tables': op<{ name: string; title: string }[]>()(z.strictObject({})),
  'stats.table': op<StatsTableDto>()(z.strictObject(tableQuery)),
  /** signs the table off; refused while a check fails (line 六 of 党员数量变化情况 ≠ 0 among them) */
  'stats.finalize': op<StatsTableDto>()(z.strictObject(tableQuery)),
  'stats.unfinalize': op<StatsTableDto>()(z.strictObject(tableQuery)),
  'stats.cover': op<CoverDto>()(z.strictObject(fields({ org: orgRef.nullable().optional(), asOf: isoDate }, COVER_LABELS))),
  'stats.saveCover': op<CoverDto>()(
    z.strictObject(fields({
      org: orgRef.nullable().optional(), asOf: isoDate, reportingUnit: optText, principal: optText, clerk: optText, reportedOn: optText, phone: optText,
    }, COVER_LABELS)),
  ),
  /** the free-text 工作岗位 values found, with their confirmed code or a suggestion */
  'stats.jobMappings': op<JobMappingDto[]>()(z.strictObject({})),
  /** remembers the code of a free-text 工作岗位 (the clerk's confirmation) */
  'stats.mapJob': op<JobMappingDto[]>()(
    z.strictObject(fields({ text, code: text }, { text: '原工作岗位', code: '对应的工作岗位（代码或名称）' })),
  ),
  'stats.unmapJob': op<JobMappingDto[]>()(z.strictObject({ text: labelled(text, '原工作岗位') })),
};

declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    stats: typeof statsOps;
  }
}
