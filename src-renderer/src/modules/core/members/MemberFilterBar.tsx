import { Button, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { MemberFilter } from '../../../../../src-main/modules/core/contract.ts';
import { useDebouncedCallback } from '../../../components/useDebouncedCallback.ts';
import { DEFAULT_FILTER, SELECT_FILTERS } from './query.ts';

// Search box (姓名 / 拼音首字母 / 身份证号片段, searched as the clerk types) and the select filters.
export function MemberFilterBar({ filter, onChange }: { filter: MemberFilter; onChange: (f: MemberFilter) => void }) {
  const [text, setText] = useState(filter.search ?? '');
  const push = useDebouncedCallback((s: string) => onChange({ ...filter, search: s.trim() || null }), 250);
  useEffect(() => setText(filter.search ?? ''), [filter.search]);
  const active = SELECT_FILTERS.some((f) => filter[f.key] != null && filter[f.key] !== DEFAULT_FILTER[f.key]);

  return (
    <Space wrap size={[8, 8]}>
      <Input.Search
        data-testid="member-search"
        allowClear
        style={{ width: 260 }}
        placeholder="姓名、拼音首字母或身份证号"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          push(e.target.value);
        }}
        onSearch={(v) => onChange({ ...filter, search: v.trim() || null })}
      />
      {SELECT_FILTERS.map((f) => (
        <Select
          key={f.key}
          data-testid={`filter-${f.key}`}
          style={{ width: f.width }}
          placeholder={f.placeholder}
          allowClear={f.key !== 'roll'}
          value={(filter[f.key] as string | null | undefined) ?? undefined}
          options={f.options}
          showSearch={f.options.length > 10 ? { optionFilterProp: 'label' } : undefined}
          popupMatchSelectWidth={false}
          onChange={(v: string | undefined) => onChange({ ...filter, [f.key]: v ?? null })}
        />
      ))}
      {active ? (
        <Button type="link" onClick={() => onChange({ ...DEFAULT_FILTER, orgId: filter.orgId, search: filter.search })}>清除筛选</Button>
      ) : null}
    </Space>
  );
}
