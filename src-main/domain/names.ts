// Member names (docs/domain/members.md#record-fields: as on the ID card; minority names keep the middle dot ·).

const MIDDLE_DOT = '\u00B7';
/** look-alikes typed for the middle dot: • ・ ． . ‧ ･ ⋅ ∙ · (Greek ano teleia) ᐧ */
const DOT_LOOKALIKES = /[\u2022\u30FB\uFF0E.\u2027\uFF65\u22C5\u2219\u0387\u1427\u00B7]/g;
const SPACES = /[\s\u3000\u00A0\u2000-\u200B\u202F\u205F\uFEFF]+/g;
const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z]/;

export const NAME_MAX_LENGTH = 50;

/**
 * Trims the name; in Chinese names removes inner spaces (`张　三` → `张三`: clerks pad two-character
 * names to line up columns) and folds middle-dot look-alikes to U+00B7 (`阿卜杜•热合曼` →
 * `阿卜杜·热合曼`), also dropping spaces around the dot. Names in Latin letters keep single spaces.
 * Characters outside the BMP (rare Han characters) are kept as they are.
 */
export function normalizeName(raw: string | null | undefined): string {
  if (raw == null) return '';
  // most names: two to four common Han characters, nothing to fold
  if (typeof raw === 'string' && /^[\u4e00-\u9fa5]{2,4}$/.test(raw)) return raw;
  let s = String(raw).normalize('NFC').replace(SPACES, ' ').trim();
  if (!s) return '';
  if (HAN.test(s) && !LATIN.test(s)) {
    s = s.replace(/ /g, '').replace(DOT_LOOKALIKES, MIDDLE_DOT);
    // a dot at either end is punctuation noise, not part of the name
    s = s.replace(/^·+|·+$/g, '').replace(/·{2,}/g, MIDDLE_DOT);
  }
  return s;
}

/** length the clerk sees: code points, so a non-BMP character counts once */
export const nameLength = (name: string): number => (/[\uD800-\uDFFF]/.test(name) ? [...name].length : name.length);
