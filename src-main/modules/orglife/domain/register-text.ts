// Reading a clerk's own 三会一课登记表 (docs/domain/org-life.md#batch-entry): the cell texts of the
// absentee column and of dates and times, as clerks write them. Pure.

import type { AbsenceKind } from './attendance.ts';

export interface ParsedAbsentee {
  name: string;
  kind: AbsenceKind;
  reason: string | null;
}

/** the kind a written reason implies: 病 → 病假; 出差/公务/会议/培训… → 因公; none, 无故 → 缺席; other → 请假 */
export function kindOfReason(reason: string | null): AbsenceKind {
  const r = (reason ?? '').trim();
  if (!r || /无故|旷|未请假|缺席/u.test(r)) return '缺席';
  if (/病|住院|就医/u.test(r)) return '病假';
  if (/因公|出差|公务|会议|培训|执勤|值班|下乡|外派|学习/u.test(r)) return '因公';
  return '请假';
}

/**
 * "张三（出差）、李四(病假)，王五" → three absentees. "无", "—", "全到" → none. A kind named outright
 * (张三（请假：家中有事）) is taken as written.
 */
export function parseAbsentees(text: string | null | undefined): ParsedAbsentee[] {
  const t = (text ?? '').normalize('NFKC').trim();
  if (!t || /^(无|没有|全到|全部到会|-+|—+|\/)$/u.test(t)) return [];
  const out: ParsedAbsentee[] = [];
  // split on separators that are not inside brackets
  let depth = 0;
  let cur = '';
  const parts: string[] = [];
  for (const ch of t) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、,;；\s]/u.test(ch)) {
      if (cur.trim()) parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  for (const p of parts) {
    const m = /^([^()[\]:]+?)\s*(?:[([](.*)[)\]]|[:](.*))?$/u.exec(p);
    if (!m) continue;
    const name = m[1].trim();
    const inner = (m[2] ?? m[3] ?? '').trim();
    let kind: AbsenceKind | null = null;
    let reason: string | null = inner || null;
    const named = /^(请假|因公|病假|缺席)(?:[:：\s]+(.*))?$/u.exec(inner);
    if (named) {
      kind = named[1] as AbsenceKind;
      reason = named[2]?.trim() || (kind === '缺席' ? null : named[1]);
    }
    out.push({ name, kind: kind ?? kindOfReason(reason), reason });
  }
  return out;
}

/** "9:00-11:30", "9：00—11：30", "09:00至11:30" → start and end as HH:MM (nulls when absent) */
export function parseTimeRange(text: string | null | undefined): { start: string | null; end: string | null } {
  const t = (text ?? '').normalize('NFKC');
  const times = [...t.matchAll(/(\d{1,2})[:点时](\d{2})?/gu)].map((m) => `${m[1].padStart(2, '0')}:${m[2] ?? '00'}`);
  return { start: times[0] ?? null, end: times[1] ?? null };
}

export const isHhMm = (s: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

/** "2026.3.5", "2026/03/05", "2026年3月5日", "2026-3-5" → 2026-03-05; null when not a full date */
export function parseDayText(text: string | null | undefined): string | null {
  const t = (text ?? '').normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?/u.exec(t);
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}
