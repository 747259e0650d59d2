// Which backups are kept (docs/safety.md#backups): the newest of each of the last 7 days that have a
// backup, of each of the last 4 weeks and of each of the last 12 months; always the 3 newest; and a
// backup taken before a restore for 30 days (it is how a restore is undone). Everything else goes.

export interface RetainedBackup {
  name: string;
  /** ISO timestamp */
  createdAt: string;
  reason: string;
}

export const POLICY = { days: 7, weeks: 4, months: 12, newest: 3, beforeRestoreDays: 30 } as const;

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
const monthKey = (d: Date) => `${d.getFullYear()}-${d.getMonth() + 1}`;
/** Monday of the week, as a day key */
function weekKey(d: Date): string {
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
  return dayKey(monday);
}

/** the names to delete, given every backup in one folder and the time now */
export function toDelete(backups: readonly RetainedBackup[], now: Date): string[] {
  const sorted = [...backups].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const keep = new Set<string>(sorted.slice(0, POLICY.newest).map((b) => b.name));
  const pick = (keyOf: (d: Date) => string, count: number) => {
    const seen = new Set<string>();
    for (const b of sorted) {
      const k = keyOf(new Date(b.createdAt));
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(b.name);
    }
  };
  pick(dayKey, POLICY.days);
  pick(weekKey, POLICY.weeks);
  pick(monthKey, POLICY.months);
  const restoreLimit = now.getTime() - POLICY.beforeRestoreDays * 86_400_000;
  for (const b of sorted) if (b.reason === 'before-restore' && new Date(b.createdAt).getTime() >= restoreLimit) keep.add(b.name);
  return sorted.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
