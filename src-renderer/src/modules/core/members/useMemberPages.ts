import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../../api/client.ts';
import type { MemberDto } from '../../../../../src-main/modules/core/contract.ts';
import type { MemberQuery } from './query.ts';

// The roster as a sparse list: the total comes with the first page, every other page of PAGE rows
// is fetched (paged in SQL) only when the virtual list shows one of its rows. A new query starts a
// new generation so late answers to an old query are dropped.

export const PAGE = 200;

/** a row not fetched yet: the table draws a placeholder and asks for its page */
export interface PendingRow {
  pending: true;
  index: number;
}
export type RosterRow = MemberDto | PendingRow;
export const isPending = (r: RosterRow): r is PendingRow => 'pending' in r;
export const rowKey = (r: RosterRow) => (isPending(r) ? `~${r.index}` : r.id);

export function useMemberPages(query: MemberQuery) {
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0); // bumps when a page lands
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(new Map<number, MemberDto[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const queryRef = useRef(query);

  /** `fresh`: the first page of a new generation, which replaces every page held so far */
  const fetchPage = useCallback(async (page: number, gen: number, fresh = false) => {
    if (!fresh && (inFlight.current.has(page) || pages.current.has(page))) return;
    inFlight.current.add(page);
    try {
      const q = queryRef.current;
      const res = await api.members.list({ ...q.filter, sortBy: q.sortBy, sortOrder: q.sortOrder, offset: page * PAGE, limit: PAGE });
      if (gen !== generation.current) return;
      if (fresh) pages.current = new Map();
      pages.current.set(page, res.rows);
      setTotal(res.total);
      setError(null);
      setVersion((v) => v + 1);
    } catch (e) {
      if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (gen === generation.current) inFlight.current.delete(page);
    }
  }, []);

  const refresh = useCallback(() => {
    // the old rows stay on screen until the new first page arrives (no flash of placeholders after a save)
    generation.current += 1;
    inFlight.current = new Set();
    void fetchPage(0, generation.current, true);
  }, [fetchPage]);

  const key = JSON.stringify(query);
  useEffect(() => {
    queryRef.current = query;
    setTotal(null);
    refresh();
  }, [key]);

  /** called by placeholder rows as they scroll into view */
  const ensure = useCallback((index: number) => {
    void fetchPage(Math.floor(index / PAGE), generation.current);
  }, [fetchPage]);

  // rows are looked up, never materialized: a 100,000-slot array rebuilt on every page landing
  // would cost more than everything else a scroll frame does
  const rowAt = useCallback(
    (i: number): RosterRow => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE] ?? { pending: true, index: i },
    [version],
  );
  /** the members fetched so far (what 'select all' can select) */
  const loaded = useMemo(() => [...pages.current.values()].flat(), [version]);

  return { count: total ?? 0, rowAt, loaded, total, loading: total === null && !error, error, ensure, refresh };
}
