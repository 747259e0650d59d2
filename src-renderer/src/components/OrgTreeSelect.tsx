import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgDto } from '../../../src-main/modules/core/contract.ts';
import { orgTreeOptions } from './orgTree.ts';

interface Props {
  orgs: readonly OrgDto[];
  value?: number | null;
  onChange?: (v: number | null) => void;
  disabled?: (o: OrgDto) => boolean;
  placeholder?: string;
  allowClear?: boolean;
  'data-testid'?: string;
  style?: React.CSSProperties;
  /** shown when there is no organization to choose */
  notFoundContent?: React.ReactNode;
}

/** picks one organization from the tree; searchable by full name */
export function OrgTreeSelect({ orgs, value, onChange, disabled, placeholder, allowClear, style, notFoundContent, ...rest }: Props) {
  const treeData = useMemo(() => orgTreeOptions(orgs, disabled), [orgs, disabled]);
  return (
    <TreeSelect
      data-testid={rest['data-testid']}
      style={{ width: '100%', ...style }}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as number | undefined) ?? null)}
      treeData={treeData}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={placeholder ?? '选择党组织'}
      popupMatchSelectWidth={false}
      notFoundContent={notFoundContent ?? '没有党组织'}
      styles={{ popup: { root: { minWidth: 280 } } }}
    />
  );
}
