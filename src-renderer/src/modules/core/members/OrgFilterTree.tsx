import { Tree, Typography } from 'antd';
import { useMemo } from 'react';
import type { OrgDto } from '../../../../../src-main/modules/core/contract.ts';
import { displayOrgName } from '../../../../../src-main/contract/shared.ts';
import { buildOrgTree, subtreeMemberCounts, type OrgNode } from '../../../components/orgTree.ts';
import { SELECTED_BG } from '../../../components/theme.ts';

// Left pane of the roster: choosing an organization shows it with all its sub-organizations.
export function OrgFilterTree({ orgs, value, onChange }: {
  orgs: OrgDto[];
  value: number | null;
  onChange: (id: number | null) => void;
}) {
  const totals = useMemo(() => subtreeMemberCounts(orgs), [orgs]);
  const treeData = useMemo(() => {
    const byId = new Map(orgs.map((o) => [o.id, o]));
    // what tells an organization apart (its 简称, else its name without its parent's start); the full name on hover
    const map = (n: OrgNode): { key: number; title: React.ReactNode; children?: unknown[] } => ({
      key: n.id,
      title: (
        <span data-testid={`orgfilter-${n.name}`} title={n.name}>
          {displayOrgName(n, n.parentId != null ? byId.get(n.parentId)?.name : null)}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>{totals.get(n.id) ?? 0}</Typography.Text>
        </span>
      ),
      children: n.children?.map(map),
    });
    return buildOrgTree(orgs).map(map);
  }, [orgs, totals]);
  const all = orgs.filter((o) => o.parentId == null).reduce((s, o) => s + (totals.get(o.id) ?? 0), 0);

  return (
    <div style={{ width: 220, flex: 'none', overflow: 'auto' }}>
      <div
        onClick={() => onChange(null)}
        data-testid="orgfilter-all"
        style={{
          padding: '4px 8px', marginBottom: 4, borderRadius: 6, cursor: 'pointer',
          background: value === null ? SELECTED_BG : undefined, fontWeight: value === null ? 600 : undefined,
        }}
      >
        全部组织 <Typography.Text type="secondary" style={{ fontSize: 12 }}>{all}</Typography.Text>
      </div>
      {orgs.length > 0 ? (
        <Tree
          blockNode
          defaultExpandAll
          key={orgs.length}
          selectedKeys={value === null ? [] : [value]}
          treeData={treeData as never}
          onSelect={(keys) => onChange(keys.length ? Number(keys[0]) : null)}
        />
      ) : null}
    </div>
  );
}
