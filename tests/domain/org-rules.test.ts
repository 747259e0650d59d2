import { describe, expect, it } from 'vitest';
import { checkPlacement, checkPostponement, defaultTermYears, holdsMembers, termEnd, termReminder } from '../../src-main/domain/org-rules.ts';

describe('organization rules (types, terms)', () => {
  it('default term lengths by type', () => {
    expect(defaultTermYears('党委')).toBe(5);
    expect(defaultTermYears('党总支')).toBe(3);
    expect(defaultTermYears('党支部')).toBe(3);
    expect(defaultTermYears('党小组')).toBeNull();
  });
  it('term end = start + years, at the start precision', () => {
    expect(termEnd('2022-06-15', 3)).toBe('2025-06-15');
    expect(termEnd('2022-06', 5)).toBe('2027-06');
    expect(termEnd(null, 3)).toBeNull();
  });
  it('a 党小组 only under a 党支部; nothing under a 党小组', () => {
    expect(checkPlacement('党小组', '党支部')).toEqual([]);
    expect(checkPlacement('党小组', '党委')[0]).toMatchObject({ field: 'parent' });
    expect(checkPlacement('党支部', '党小组')[0].message).toMatch(/党小组之下/);
    expect(checkPlacement('支部', null)[0]).toMatchObject({ field: 'type' });
  });
  it('党组 holds no members', () => {
    expect(holdsMembers('党组')).toBe(false);
    expect(holdsMembers('党支部')).toBe(true);
  });
  it('postponement at most one year past the term end', () => {
    expect(checkPostponement('2025-06-15', '2026-06-15')).toEqual([]);
    expect(checkPostponement('2025-06-15', '2026-06-16')[0].message).toMatch(/不超过一年/);
    expect(checkPostponement('2025-06-15', '2025-06-01')[0].message).toMatch(/应晚于/);
    expect(checkPostponement(null, '2025-06-01')).toHaveLength(1);
  });
  it('reminders at 180 / 90 / 30 days and overdue', () => {
    const days = [180, 90, 30];
    expect(termReminder('2025-12-31', '2025-01-01', days)).toEqual({ level: 'ok', daysLeft: 364 });
    expect(termReminder('2025-06-30', '2025-01-01', days).level).toBe('due180');
    expect(termReminder('2025-03-01', '2025-01-01', days).level).toBe('due90');
    expect(termReminder('2025-01-31', '2025-01-01', days).level).toBe('due30');
    expect(termReminder('2024-12-31', '2025-01-01', days)).toEqual({ level: 'overdue', daysLeft: -1 });
    expect(termReminder('2025-01', '2025-01-20', days).level).toBe('due30');
    expect(termReminder(null, '2025-01-01', days).level).toBe('none');
    expect(termReminder('2025-02-10', '2025-01-01', [60]).level).toBe('due60');
  });
});
