import type { OrgDto } from '../../../src-main/modules/core/contract.ts';

// Pure helpers turning the flat organization list (orgs.list) into the trees antd wants.

export interface OrgNode extends OrgDto {
  children?: OrgNode[];
}

/** nests the flat list by parentId, keeping the server's order (sortOrder, then name) */
export function buildOrgTree(orgs: readonly OrgDto[]): OrgNode[] {
  const byId = new Map<number, OrgNode>();
  for (const o of orgs) byId.set(o.id, { ...o });
  const roots: OrgNode[] = [];
  for (const o of orgs) {
    const node = byId.get(o.id)!;
    const parent = o.parentId != null ? byId.get(o.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** the organization and everything below it (a parent cannot be moved under its own subtree) */
export function subtreeIds(orgs: readonly OrgDto[], rootId: number): Set<number> {
  const ids = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of orgs) {
      if (o.parentId != null && ids.has(o.parentId) && !ids.has(o.id)) {
        ids.add(o.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** members directly in each organization plus all its sub-organizations */
export function subtreeMemberCounts(orgs: readonly OrgDto[]): Map<number, number> {
  const totals = new Map<number, number>();
  const walk = (n: OrgNode): number => {
    const t = n.memberCount + (n.children ?? []).reduce((s, c) => s + walk(c), 0);
    totals.set(n.id, t);
    return t;
  };
  for (const r of buildOrgTree(orgs)) walk(r);
  return totals;
}

export interface OrgTreeOption {
  value: number;
  title: string;
  disabled?: boolean;
  children?: OrgTreeOption[];
}

/** TreeSelect data; `disabled` greys out choices that make no sense (e.g. the org's own subtree) */
export function orgTreeOptions(orgs: readonly OrgDto[], disabled?: (o: OrgDto) => boolean): OrgTreeOption[] {
  const map = (n: OrgNode): OrgTreeOption => ({
    value: n.id,
    title: n.name,
    disabled: disabled?.(n) || undefined,
    children: n.children?.map(map),
  });
  return buildOrgTree(orgs).map(map);
}
