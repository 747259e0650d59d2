// One rule for matching organization names as people type them (docs/architecture.md#references):
// Unicode NFKC (full-width letters, digits and brackets become their plain forms) and every kind of
// whitespace removed. '机关 第一党支部', '机关第一党支部' and '机关第一党支部（）' vs '机关第一党支部()' match.

export const orgNameKey = (raw: string | null | undefined): string => (raw ?? '').normalize('NFKC').replace(/\s+/gu, '');

/** the name as stored: trimmed and inner whitespace removed (official names have none), forms kept as typed */
export const cleanOrgName = (raw: string | null | undefined): string => (raw ?? '').replace(/[\s\u3000]+/g, '');

/**
 * The name to show where space is short (docs/domain/organizations.md#organization-record): the 简称 when
 * there is one, else the full name without the start it shares with its parent's name
 * ("中共某某市统计局机关第一党支部" under "中共某某市统计局机关委员会" → "第一党支部"), so that siblings are told
 * apart by what comes first. The full name is for hover and print.
 */
export function displayOrgName(org: { name: string; shortName?: string | null }, parentName?: string | null): string {
  const short = org.shortName?.trim();
  if (short) return short;
  if (parentName) {
    let i = 0;
    while (i < org.name.length && i < parentName.length && org.name[i] === parentName[i]) i++;
    const rest = org.name.slice(i);
    if (i >= 4 && rest.length >= 2) return rest;
  }
  return org.name;
}
