// One rule for matching organization names as people type them (docs/architecture.md#references):
// Unicode NFKC (full-width letters, digits and brackets become their plain forms) and every kind of
// whitespace removed. '机关 第一党支部', '机关第一党支部' and '机关第一党支部（）' vs '机关第一党支部()' match.

export const orgNameKey = (raw: string | null | undefined): string => (raw ?? '').normalize('NFKC').replace(/\s+/gu, '');

/** the name as stored: trimmed and inner whitespace removed (official names have none), forms kept as typed */
export const cleanOrgName = (raw: string | null | undefined): string => (raw ?? '').replace(/[\s\u3000]+/g, '');
