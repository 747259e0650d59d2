import { IGNORED_ALIASES, IGNORED_KEY, IMPORT_FIELDS, type MappingTarget } from '../domain/fields.ts';

// Heading normalisation (docs/domain/import.md#header-normalisation): headings are matched after removing
// every kind of whitespace (incl. U+3000 and line breaks in merged cells), required-field markers (* ※ （必填）),
// a trailing colon, unit suffixes like (元), and folding full-width characters to half-width.

export function normalizeHeading(raw: unknown): string {
  if (raw == null) return '';
  return String(raw)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00A0\u200B-\u200D\uFEFF]+/g, '')
    .replace(/[*※]/g, '')
    .replace(/\(必填\)|\(选填\)/g, '')
    .replace(/[:：]+$/, '')
    .replace(/\((元|人|岁|年|月|个)\)$/, '')
    .toUpperCase();
}

const ALIAS_TARGET = new Map<string, MappingTarget>();
for (const field of IMPORT_FIELDS) {
  for (const alias of field.aliases) {
    const k = normalizeHeading(alias);
    if (!ALIAS_TARGET.has(k)) ALIAS_TARGET.set(k, field.key);
  }
}
for (const alias of IGNORED_ALIASES) {
  const k = normalizeHeading(alias);
  if (!ALIAS_TARGET.has(k)) ALIAS_TARGET.set(k, IGNORED_KEY);
}

/** the field a heading names, or null; candidates are tried in order (parent/child, then child) */
export function matchHeading(candidates: string[]): MappingTarget | null {
  for (const c of candidates) {
    const t = ALIAS_TARGET.get(normalizeHeading(c));
    if (t) return t;
  }
  return null;
}
