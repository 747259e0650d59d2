import { IGNORED_ALIASES, IGNORED_KEY, IMPORT_FIELDS, type MappingTarget } from '../domain/fields.ts';

// Heading normalisation (docs/domain/import.md#header-normalisation): headings are matched after removing
// every kind of whitespace (incl. U+3000 and line breaks in merged cells), required-field markers (* ※ （必填）),
// a trailing colon, unit suffixes like (元), and folding full-width characters to half-width. A heading that
// still names no field is tried again without its hints: bracketed formats and instructions (half- or
// full-width brackets), a second line, a leading item number ("4.公民身份证号" on the collection form).

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

/** bracketed parts of a heading: (…) （…） 【…】 [ … ] 〔…〕 〈…〉 <…> */
const BRACKETED = /[(（][^()（）]*[)）]|【[^【】]*】|\[[^[\]]*\]|〔[^〔〕]*〕|〈[^〈〉]*〉|<[^<>]*>/g;
/** "1." "1、" "(1)" "（一）" "一、" "①" before a label */
const NUMBERING = /^\s*(?:[(（]\s*[\d一二三四五六七八九十]{1,3}\s*[)）]|[\d]{1,2}\s*[.、．:：)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|[\u2460-\u2473])\s*/;

/**
 * The heading texts tried against the aliases, most literal first: as written, without bracketed hints, its
 * first line only, without a leading item number, and without an instruction after a colon
 * ("出生日期：如1985-06-15").
 */
export function headingVariants(raw: string): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    const n = normalizeHeading(s);
    if (n && !out.includes(n)) out.push(n);
  };
  add(raw);
  const unbracketed = raw.replace(BRACKETED, ' ');
  add(unbracketed);
  const firstLine = raw.split(/[\r\n]+/).find((l) => l.trim()) ?? '';
  add(firstLine);
  add(firstLine.replace(BRACKETED, ' '));
  for (const s of [raw, unbracketed, firstLine.replace(BRACKETED, ' ')]) {
    const m = NUMBERING.exec(s);
    if (m && s.slice(m[0].length).trim()) add(s.slice(m[0].length).replace(BRACKETED, ' '));
  }
  const colon = /^([^:：]{2,12})[:：]\s*(?:如|例|格式|填写|请|须|必|选|yyyy|YYYY)/.exec(unbracketed.trim());
  if (colon) add(colon[1]);
  return out;
}

/**
 * The format or instruction a heading carries beside its name: the bracketed parts and any further lines
 * ("入党时间\n(yyyy-MM-dd)" → "(yyyy-MM-dd)"). Used to read two-digit years where a template asks for YY-MM-DD.
 */
export function headingHint(raw: string): string {
  const parts = raw.match(BRACKETED) ?? [];
  const lines = raw.split(/[\r\n]+/).filter((l) => l.trim());
  return [...parts, ...lines.slice(1)].join(' ');
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

const cache = new Map<string, MappingTarget | null>();

/** the field one heading text names (after trying its variants), or null */
export function matchHeadingText(raw: string): MappingTarget | null {
  let t = cache.get(raw);
  if (t !== undefined) return t;
  t = null;
  for (const v of headingVariants(raw)) {
    const hit = ALIAS_TARGET.get(v);
    if (hit) {
      t = hit;
      break;
    }
  }
  if (cache.size < 10_000) cache.set(raw, t);
  return t;
}

/** the field a heading names, or null; candidates are tried in order (parent/child, then child) */
export function matchHeading(candidates: string[]): MappingTarget | null {
  for (const c of candidates) {
    const t = matchHeadingText(c);
    if (t) return t;
  }
  return null;
}
