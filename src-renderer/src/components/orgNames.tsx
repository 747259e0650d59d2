import { useMemo } from 'react';
import type { OrgDto } from '../../../src-main/modules/core/contract.ts';
import { displayOrgName } from '../../../src-main/contract/shared.ts';

// Organization names where space is short (the roster, the checklist, the board, the arrears list): what
// tells an organization apart — its 简称, else its name without the start it shares with its parent — with
// the full name on hover. Printed tables keep the full name (docs/domain/printing.md#conventions).

export interface OrgLabels {
  /** the short form of an organization's name (the full name when the organization is not known) */
  short: (orgId: number | null | undefined, fullName: string) => string;
  /** the short form in a span whose title is the full name */
  render: (orgId: number | null | undefined, fullName: string) => React.ReactNode;
}

export function useOrgLabels(orgs: readonly OrgDto[]): OrgLabels {
  return useMemo(() => {
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const shortOf = new Map<number, string>();
    for (const o of orgs) shortOf.set(o.id, displayOrgName(o, o.parentId != null ? byId.get(o.parentId)?.name : null));
    const short = (id: number | null | undefined, full: string) => (id != null ? shortOf.get(id) : undefined) ?? full;
    return {
      short,
      render: (id, full) => (
        <span title={full} data-testid="org-short">
          {short(id, full)}
        </span>
      ),
    };
  }, [orgs]);
}
