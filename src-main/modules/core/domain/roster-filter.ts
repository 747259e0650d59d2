// What a roster filter narrows, in words (docs/domain/printing.md#roster-layout): a filtered roster says so in its
// title (党员花名册（筛选：预备党员、女）), so that a partial list is never taken for the whole roll.

export interface RosterFilterWords {
  search?: string | null;
  includeSubOrgs?: boolean;
  category?: string | null;
  gender?: string | null;
  ethnicity?: string | null;
  education?: string | null;
  ageBand?: string | null;
  partyAgeBand?: string | null;
  status?: string | null;
  roll?: string | null;
}

const given = (v: string | null | undefined): v is string => v != null && v.trim() !== '';

/** the filter's conditions in the screen's order; empty when the whole roll (of the chosen organization) is listed */
export function describeRosterFilter(f: RosterFilterWords): string[] {
  const parts: string[] = [];
  if (given(f.search)) parts.push(`搜索“${f.search.trim()}”`);
  for (const v of [f.category, f.gender, f.ethnicity, f.education]) if (given(v)) parts.push(v.trim());
  if (given(f.ageBand)) parts.push(`年龄${f.ageBand.trim()}`);
  if (given(f.partyAgeBand)) parts.push(`党龄${f.partyAgeBand.trim()}`);
  if (given(f.status)) parts.push(`党籍${f.status.trim()}`);
  if (given(f.roll) && f.roll !== '在册') parts.push(f.roll === 'all' ? '含不在册人员' : f.roll.trim());
  if (f.includeSubOrgs === false) parts.push('不含下级组织');
  return parts;
}

/** the title with the filter appended: 中共××党员花名册（筛选：预备党员、女） */
export function filteredTitle(title: string, f: RosterFilterWords): string {
  const parts = describeRosterFilter(f);
  return parts.length ? `${title}（筛选：${parts.join('、')}）` : title;
}
