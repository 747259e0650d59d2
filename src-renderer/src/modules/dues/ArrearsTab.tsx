import { Alert, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ArrearsEntry } from '../../../../src-main/modules/dues/contract.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { useOrgLabels } from '../../components/orgNames.tsx';
import { LEVEL_COLORS, thisMonth } from './format.ts';

/**
 * the arrears list (docs/domain/dues.md#non-payment): warn at 3, escalate at 5, flag at 6 consecutive months
 * — nobody is removed automatically
 */
export function ArrearsTab({ orgId, orgs, version }: { orgId: number | null; orgs: OrgDto[]; version: number }) {
  // short names where the column is narrow, the full name on hover
  const orgLabels = useOrgLabels(orgs);
  const [asOf, setAsOf] = useState(thisMonth());
  const [rows, setRows] = useState<ArrearsEntry[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    if (!/^\d{4}-\d{2}$/.test(asOf)) return;
    setLoading(true);
    setError(null);
    try {
      setRows(await api.dues.arrears({ asOf, orgId }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [asOf, orgId]);
  useEffect(() => {
    void load();
  }, [load, version]);
  const risky = rows.filter((r) => r.risk).length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <span>截至月份</span>
        <Input data-testid="arrears-asof" value={asOf} onChange={(e) => setAsOf(e.target.value)} style={{ width: 110 }} placeholder="YYYY-MM" />
        <Typography.Text data-testid="arrears-count">欠交党员 {rows.length} 名{risky ? `，其中连续6个月以上 ${risky} 名` : ''}</Typography.Text>
      </Space>
      {error && <Alert type="error" title={error} />}
      {risky > 0 && <Alert type="warning" showIcon title="连续6个月不交纳党费的，支部应研究是否有正当理由（按《党章》规定可视为自行脱党，须经支部大会讨论、报上级批准；本程序不会自动处理任何人）。" />}
      <Table<ArrearsEntry>
        data-testid="arrears-table"
        rowKey="memberId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: '党组织', dataIndex: 'org', width: 180, ellipsis: { showTitle: false }, render: (v: string, r) => orgLabels.render(r.orgId, v) },
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '交至年月', dataIndex: 'paidThrough', width: 90, render: (v: string | null) => (v ? v.replace('-', '.') : '—') },
          { title: '欠交月数', key: 'n', width: 80, align: 'right', render: (_: unknown, r) => r.monthsOwed.length },
          { title: '欠交金额', dataIndex: 'amountOwed', width: 100, align: 'right' },
          { title: '连续未交', dataIndex: 'consecutiveMonths', width: 80, align: 'right' },
          { title: '提醒', key: 'level', render: (_: unknown, r) => (r.level === 'none' ? '' : <Tag color={LEVEL_COLORS[r.level]}>{r.levelText}</Tag>) },
        ]}
      />
    </Space>
  );
}
