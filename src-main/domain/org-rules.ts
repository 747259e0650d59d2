import type { Issue } from './errors.ts';
import { DEFAULT_TERM_YEARS, ORG_TYPES, type OrgType } from './enums.ts';
import { addYears, dateRange, daysBetween, certainlyAfter, type PartialDate } from './partial-date.ts';

// Organization tree rules (docs/domain/organizations.md#vocabulary, docs/domain/organizations.md#size-rules,
// docs/domain/org-life.md#terms-and-elections, V26).

export const isOrgType = (t: string): t is OrgType => (ORG_TYPES as readonly string[]).includes(t);

/** 党委 5 years, 党总支 / 党支部 3 years; 党小组 and 党组 have no elected term */
export const defaultTermYears = (type: OrgType): number | null => DEFAULT_TERM_YEARS[type];

/** term_end = term start + term years, at the start's precision */
export function termEnd(termStart: PartialDate | null, termYears: number | null): PartialDate | null {
  if (!termStart || !termYears) return null;
  return addYears(termStart, termYears);
}

/** 党组 is appointed leadership, not a base-level organization: it holds no members */
export const holdsMembers = (type: string): boolean => type !== '党组';

/**
 * Where an organization may sit: a 党小组 is a subdivision of a branch, and nothing sits
 * under a 党小组. Returns the problems with a Chinese message naming the field.
 */
export function checkPlacement(type: string, parentType: string | null): Issue[] {
  const issues: Issue[] = [];
  if (!isOrgType(type)) {
    issues.push({ field: 'type', message: `组织类型“${type}”不正确，应为：${ORG_TYPES.join('、')}` });
    return issues;
  }
  if (type === '党小组' && parentType !== '党支部' && parentType !== '联合党支部') {
    issues.push({ field: 'parent', message: '党小组只能设在党支部（或联合党支部）之下，请选择上级党支部' });
  }
  if (parentType === '党小组') {
    issues.push({ field: 'parent', message: '党小组之下不能再设组织' });
  }
  return issues;
}

/**
 * A postponement (延期换届) is approved by the higher committee and moves the deadline at most one
 * year past the term end.
 */
export function checkPostponement(end: PartialDate | null, postponedUntil: PartialDate | null): Issue[] {
  if (!postponedUntil) return [];
  if (!end) return [{ field: 'postponedUntil', message: '延期换届须先填写本届任期开始日期和任期年限' }];
  if (!certainlyAfter(postponedUntil, end)) {
    return [{ field: 'postponedUntil', message: '延期换届截止日期应晚于本届任期届满日期' }];
  }
  if (certainlyAfter(postponedUntil, addYears(end, 1))) {
    return [{ field: 'postponedUntil', message: '延期换届一般不超过一年：截止日期不能晚于任期届满后一年' }];
  }
  return [];
}

export type TermReminderLevel = 'ok' | 'overdue' | 'none' | `due${number}`;

/**
 * V26: reminders at the configured lead times (default 180 / 90 / 30 days) and once overdue. A month-only
 * deadline counts to the last day of its month. The level names the smallest lead time already reached
 * (`due30` inside the last 30 days).
 */
export function termReminder(
  deadline: PartialDate | null,
  today: string,
  reminderDays: readonly number[],
): { level: TermReminderLevel; daysLeft: number | null } {
  if (!deadline) return { level: 'none', daysLeft: null };
  const daysLeft = daysBetween(today, dateRange(deadline).last);
  if (daysLeft < 0) return { level: 'overdue', daysLeft };
  const reached = [...reminderDays].sort((a, b) => a - b).find((d) => daysLeft <= d);
  return { level: reached === undefined ? 'ok' : `due${reached}`, daysLeft };
}
