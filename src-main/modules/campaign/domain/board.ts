// Progress-board arithmetic (docs/domain/religion-campaign.md#tables: percentage = count / base × 100, one
// decimal).

export interface ProgressCounts {
  /** members in scope who did not leave during the campaign */
  members: number;
  screened: number;
  signed: number;
  /** any finding other than 未发现问题 */
  believers: number;
  /** handling outcome 教育转化 */
  converted: number;
  /** any handling outcome recorded */
  handled: number;
}

export const COUNT_KEYS = ['members', 'screened', 'signed', 'believers', 'converted', 'handled'] as const;

export const emptyCounts = (): ProgressCounts => ({ members: 0, screened: 0, signed: 0, believers: 0, converted: 0, handled: 0 });

export function addCounts(a: ProgressCounts, b: ProgressCounts): ProgressCounts {
  const r = emptyCounts();
  for (const k of COUNT_KEYS) r[k] = a[k] + b[k];
  return r;
}

/** percentage with one decimal; 0 when the base is 0 */
export function rate(count: number, base: number): number {
  return base > 0 ? Math.round((count / base) * 1000) / 10 : 0;
}

/**
 * How far an organization is: the mean of its screening and signing rates. Organizations lagging
 * behind come first, ties broken by the larger number of members still to do, then by name.
 */
export function completion(c: ProgressCounts): number {
  return c.members > 0 ? (c.screened + c.signed) / (2 * c.members) : 1;
}

export function byLaggingFirst<T extends { org: string; counts: ProgressCounts }>(a: T, b: T): number {
  const d = completion(a.counts) - completion(b.counts);
  if (Math.abs(d) > 1e-12) return d;
  const todoA = 2 * a.counts.members - a.counts.screened - a.counts.signed;
  const todoB = 2 * b.counts.members - b.counts.screened - b.counts.signed;
  if (todoA !== todoB) return todoB - todoA;
  return a.org.localeCompare(b.org, 'zh-Hans-CN');
}
