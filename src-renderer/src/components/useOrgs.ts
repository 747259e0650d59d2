import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { OrgDto } from '../../../src-main/modules/core/contract.ts';

/** the organization list, loaded once per page and reloaded after every change */
export function useOrgs(): { orgs: OrgDto[]; loading: boolean; reload: () => Promise<void> } {
  const [orgs, setOrgs] = useState<OrgDto[]>([]);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setOrgs(await api.orgs.list({}));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { orgs, loading, reload };
}
