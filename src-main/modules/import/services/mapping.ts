import { FIELD_BY_KEY, IGNORED_KEY, type ImportFieldKey, type MappingTarget } from '../domain/fields.ts';
import { ENUM_FIELDS, fitOf } from '../domain/values.ts';
import type { HeaderColumn } from './header.ts';
import { matchHeading, normalizeHeading } from './heading.ts';

// Column → member field (docs/domain/import.md#ambiguous-headers). From the heading first (the aliases of
// docs/domain/import.md#header-aliases), then checked against the column's values: a column whose values fit
// another field better goes there (党籍状态 holding 正式党员/预备党员 → 人员类别, 职务 holding 支部书记 → 党内职务,
// 联系电话 holding area codes → 固定电话), and a column whose values fit no field is left out with a warning
// (人员类别 holding 普通编制) — never an error on every row. The clerk's corrections (keyed by normalised heading,
// so a correction made for one file applies to the next with the same headings) win over both. A field claimed
// by two columns keeps the first; the second is left out and says why, so nothing is silently overwritten.

export interface ColumnMapping {
  index: number;
  /** the column's lowest heading text */
  heading: string;
  /** every header level, "基本情况/联系电话" */
  path: string;
  target: MappingTarget | null;
  /** true when the clerk (or a remembered correction) chose the target */
  manual: boolean;
  note?: string;
  /** the note is a warning: the heading named a field its values do not fit */
  warning?: boolean;
}

/** overrides: normalised heading → target (null = do not import) */
export type MappingOverrides = Record<string, MappingTarget | null>;

const label = (t: MappingTarget) => FIELD_BY_KEY.get(t as ImportFieldKey)?.label ?? t;
const examples = (values: string[]) => values.slice(0, 3).map((v) => (v.length > 12 ? `${v.slice(0, 12)}…` : v)).join('、');

/** the override for a column: by its full path first, then by its lowest heading */
function overrideOf(col: HeaderColumn, overrides: MappingOverrides): { hit: boolean; target: MappingTarget | null } {
  for (const k of [normalizeHeading(col.path), normalizeHeading(col.heading)]) {
    if (Object.hasOwn(overrides, k)) return { hit: true, target: overrides[k] };
  }
  return { hit: false, target: null };
}

/**
 * @param samples distinct non-empty texts of each column's first data rows, by column index (value checks
 *   are skipped without them)
 */
export function mapColumns(columns: HeaderColumn[], overrides: MappingOverrides = {}, samples?: Map<number, string[]>): ColumnMapping[] {
  const out: (ColumnMapping & { rank: number })[] = columns.map((col) => {
    const o = overrideOf(col, overrides);
    const target = o.hit ? o.target : matchHeading(col.candidates);
    return { index: col.index, heading: col.heading, path: col.path, target, manual: o.hit, rank: o.hit ? 0 : 1 };
  });

  if (samples) {
    for (const m of out) {
      if (m.manual || !m.target || m.target === IGNORED_KEY) continue;
      const values = samples.get(m.index) ?? [];
      if (!values.length) continue;
      const t = m.target as ImportFieldKey;
      const moveTo = (to: ImportFieldKey, why: string) => {
        m.target = to;
        m.rank = 2;
        m.note = why;
      };
      if (t === 'status' && fitOf('status', values) < 0.5 && fitOf('category', values) >= 0.8) {
        moveTo('category', `“${m.heading}”列填的是正式党员/预备党员，按人员类别导入`);
      } else if (t === 'workUnit' && fitOf('partyPost', values) >= 0.6) {
        moveTo('partyPost', `“${m.heading}”列填的是党内职务（${examples(values)}），按党内职务导入`);
      } else if (t === 'phone' && fitOf('phone', values) < 0.5 && fitOf('landline', values) >= 0.6) {
        moveTo('landline', `“${m.heading}”列填的是带区号的固定电话，按固定电话导入`);
      } else if (ENUM_FIELDS.includes(t) && fitOf(t, values) < 0.5) {
        const other = ENUM_FIELDS.find((f) => f !== t && fitOf(f, values) >= 0.8);
        if (other) moveTo(other, `“${m.heading}”列填的是${label(other)}（${examples(values)}），按${label(other)}导入`);
        else {
          m.target = null;
          m.warning = true;
          m.note = `“${m.heading}”列的内容（${examples(values)}）不是${label(t)}，本列未导入`;
        }
      }
    }
  }

  // one column per field: the clerk's choice, then a heading's, then a value check's, each in column order
  const taken = new Map<string, string>();
  for (const m of [...out].sort((a, b) => a.rank - b.rank || a.index - b.index)) {
    if (!m.target || m.target === IGNORED_KEY) continue;
    const first = taken.get(m.target);
    if (first !== undefined) {
      m.note = m.rank === 2
        ? `${m.note?.replace(/，按.*导入$/, '') ?? ''}，但“${label(m.target)}”已由“${first}”列提供，本列未导入`
        : `“${label(m.target)}”已由“${first}”列提供，本列未导入`;
      m.warning = m.rank === 2 || undefined;
      m.target = null;
    } else taken.set(m.target, m.heading);
  }
  return out.map(({ rank: _rank, ...m }) => m);
}

/** the key under which a file's corrections are remembered: its normalised headings in order */
export const headingSignature = (columns: { heading: string }[]): string => columns.map((c) => normalizeHeading(c.heading)).join('|');

/** the clerk's corrections relative to the automatic mapping (what gets remembered) */
export function correctionsOf(columns: HeaderColumn[], mapping: ColumnMapping[]): MappingOverrides {
  const auto = mapColumns(columns);
  const out: MappingOverrides = {};
  for (const m of mapping) {
    const a = auto.find((x) => x.index === m.index);
    if (m.manual && a?.target !== m.target) out[normalizeHeading(m.heading)] = m.target;
  }
  return out;
}
