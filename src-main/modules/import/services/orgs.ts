import type { OrgType } from '../../../domain/enums.ts';
import { orgNameKey } from '../../../domain/org-names.ts';

// Organizations named in a file (docs/domain/import.md#value-normalisation): matched by full name, then by
// short name; a sheet named after a branch is that branch; unknown names may be created with the type their
// ending says.

export interface OrgRef {
  id: number;
  name: string;
  shortName: string | null;
  type: string;
  path: string;
}

export class OrgIndex {
  private readonly byName = new Map<string, OrgRef>();
  private readonly byShort = new Map<string, OrgRef | 'ambiguous'>();

  constructor(orgs: OrgRef[]) {
    for (const o of orgs) this.byName.set(compact(o.name), o);
    for (const o of orgs) {
      if (!o.shortName) continue;
      const k = compact(o.shortName);
      this.byShort.set(k, this.byShort.has(k) ? 'ambiguous' : o);
    }
  }

  /** full name first, then a unique short name; 'ambiguous' when a short name names several */
  find(name: string): OrgRef | 'ambiguous' | null {
    const k = compact(name);
    return this.byName.get(k) ?? this.byShort.get(k) ?? null;
  }

  add(o: OrgRef): void {
    this.byName.set(compact(o.name), o);
  }
}

/** names compared by the one rule (domain/org-names.ts) */
const compact = orgNameKey;

/** the sheet name is a branch when it ends like one (a generic name such as Sheet1 is not) */
export const looksLikeOrgName = (name: string): boolean => /(支部|总支|党委|小组)$/.test(compact(name));

/** type from the name's ending (…党委, …党总支, …党支部, …党小组); 党支部 otherwise */
export function orgTypeFromName(name: string): OrgType {
  const n = compact(name);
  if (n.endsWith('联合党支部')) return '联合党支部';
  if (n.endsWith('党委') || n.endsWith('委员会')) return '党委';
  if (n.endsWith('总支') || n.endsWith('总支部')) return '党总支';
  if (n.endsWith('小组')) return '党小组';
  return '党支部';
}
