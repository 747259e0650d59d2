import { FIELD_BY_KEY, IGNORED_KEY, type MappingTarget } from '../domain/fields.ts';
import type { HeaderColumn } from './header.ts';
import { matchHeading, normalizeHeading } from './heading.ts';

// Column → member field. Automatic from the aliases (docs/domain/import.md#header-aliases), then the clerk's
// corrections on top (keyed by normalised heading, so a correction made for one file applies to the next file
// with the same headings). A field claimed by two columns keeps the first; the second is left unmatched and
// says why, so nothing is silently overwritten.

export interface ColumnMapping {
  index: number;
  heading: string;
  target: MappingTarget | null;
  /** true when the clerk (or a remembered correction) chose the target */
  manual: boolean;
  note?: string;
}

/** overrides: normalised heading → target (null = do not import) */
export type MappingOverrides = Record<string, MappingTarget | null>;

export function mapColumns(columns: HeaderColumn[], overrides: MappingOverrides = {}): ColumnMapping[] {
  const taken = new Map<string, string>();
  return columns.map((col) => {
    const key = normalizeHeading(col.heading);
    const manual = Object.hasOwn(overrides, key);
    let target: MappingTarget | null = manual ? overrides[key] : matchHeading(col.candidates);
    let note: string | undefined;
    if (target && target !== IGNORED_KEY) {
      const first = taken.get(target);
      if (first !== undefined) {
        note = `“${FIELD_BY_KEY.get(target)?.label}”已由“${first}”列提供，本列未导入`;
        target = null;
      } else taken.set(target, col.heading);
    }
    return { index: col.index, heading: col.heading, target, manual, note };
  });
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
