import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ActivityRowDto } from '../../../../src-main/modules/orglife/contract.ts';

// The register as a sparse list: the total comes with the first page; every other page of PAGE rows is
// fetched (paged in SQL, newest first) only when the virtual list shows one of its rows. A new query
// starts a new generation so that late answers to an old query are dropped.

export const PAGE = 100;

export interface ListQuery {
  org: number | null;
  period: string | null;
  type: string | null;
  tag: string | null;
  search: string | null;
}

export function useActivityPages(query: ListQuery, version: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(new Map<number, ActivityRowDto[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const queryRef = useRef(query);

  const fetchPage = useCallback(async (page: number, gen: number, fresh = false) => {
    if (!fresh && (inFlight.current.has(page) || pages.current.has(page))) return;
    inFlight.current.add(page);
    try {
      const q = queryRef.current;
      const res = await api.activity.list({ org: q.org, period: q.period, type: q.type, tag: q.tag, search: q.search, offset: page * PAGE, limit: PAGE });
      if (gen !== generation.current) return;
      if (fresh) pages.current = new Map();
      pages.current.set(page, res.rows);
      setTotal(res.total);
      setError(null);
      setTick((v) => v + 1);
    } catch (e) {
      if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (gen === generation.current) inFlight.current.delete(page);
    }
  }, []);

  const key = JSON.stringify(query);
  useEffect(() => {
    queryRef.current = query;
    generation.current += 1;
    inFlight.current = new Set();
    void fetchPage(0, generation.current, true);
  }, [key, version, fetchPage]);

  const ensure = useCallback((index: number) => void fetchPage(Math.floor(index / PAGE), generation.current), [fetchPage]);
  const rowAt = useCallback((i: number): ActivityRowDto | null => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE] ?? null, [tick]);
  return { count: total ?? 0, total, rowAt, ensure, error };
}
