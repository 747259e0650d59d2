import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useDebouncedCallback } from './useDebouncedCallback.ts';

interface Props {
  value?: number | null;
  onChange?: (v: number | null) => void;
  /** label for the current value before any search (e.g. the org's 书记 name) */
  currentLabel?: string | null;
  /** restrict to members of this organization's subtree */
  orgId?: number | null;
  placeholder?: string;
  'data-testid'?: string;
}

interface Option {
  value: number;
  label: string;
}

/** finds a member on the roll by name, pinyin initials or ID fragment (members.list, 20 at a time) */
export function MemberSelect({ value, onChange, currentLabel, orgId, placeholder, ...rest }: Props) {
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);

  const search = useDebouncedCallback(async (text: string) => {
    setLoading(true);
    try {
      const { rows } = await api.members.list({ search: text || null, orgId: orgId ?? null, limit: 20 });
      setOptions(rows.map((m) => ({ value: m.id, label: `${m.name}（${m.org}）` })));
    } catch {
      setOptions([]);
    } finally {
      setLoading(false);
    }
  }, 250);

  useEffect(() => {
    search('');
  }, [search, orgId]);

  const withCurrent =
    value != null && currentLabel && !options.some((o) => o.value === value)
      ? [{ value, label: currentLabel }, ...options]
      : options;

  return (
    <Select
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as number | undefined) ?? null)}
      options={withCurrent}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      placeholder={placeholder ?? '输入姓名、拼音首字母或身份证号查找'}
      notFoundContent={loading ? <Spin size="small" /> : '没有找到'}
    />
  );
}
