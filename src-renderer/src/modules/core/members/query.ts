import type { MemberFilter, memberSortFields } from '../../../../../src-main/modules/core/contract.ts';
import { AGE_BANDS, CATEGORIES, EDUCATIONS, ETHNICITIES, GENDERS, PARTY_AGE_BANDS, ROLLS, STATUSES } from '../../../../../src-main/contract/shared.ts';
import { toOptions } from '../../../components/options.ts';

// What the roster shows: the filter (also what 导出花名册 exports) and the sort.

export type SortField = (typeof memberSortFields)[number];

export interface MemberQuery {
  filter: MemberFilter;
  sortBy?: SortField;
  sortOrder?: 'asc' | 'desc';
}

/** the select filters of the bar, in display order; `key` is the memberFilter key */
export const SELECT_FILTERS: { key: keyof MemberFilter & string; placeholder: string; options: { value: string; label: string }[]; width: number }[] = [
  { key: 'category', placeholder: '人员类别', options: toOptions(CATEGORIES), width: 104 },
  { key: 'gender', placeholder: '性别', options: toOptions(GENDERS), width: 80 },
  { key: 'ethnicity', placeholder: '民族', options: toOptions(ETHNICITIES), width: 100 },
  { key: 'education', placeholder: '学历', options: toOptions(EDUCATIONS), width: 118 },
  { key: 'ageBand', placeholder: '年龄段', options: toOptions(AGE_BANDS.map((b) => b.label)), width: 110 },
  { key: 'partyAgeBand', placeholder: '党龄段', options: toOptions(PARTY_AGE_BANDS.map((b) => b.label)), width: 110 },
  { key: 'status', placeholder: '党籍状态', options: toOptions(STATUSES), width: 104 },
  {
    key: 'roll', placeholder: '在册情况', width: 104,
    options: [...toOptions(ROLLS), { value: 'all', label: '全部人员' }],
  },
];

export const DEFAULT_FILTER: MemberFilter = { roll: '在册', includeSubOrgs: true };
