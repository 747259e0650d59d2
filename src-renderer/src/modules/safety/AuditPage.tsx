import { App, DatePicker, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import type { AuditFilters, AuditRow } from '../../../../src-main/modules/safety/contract.ts';

// 操作记录: who changed what, when, on which computer; filtered by person, module and dates, and exported.

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
const PAGE = 50;

function describe(r: AuditRow): string {
  return r.summary;
}

export default function AuditPage() {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<AuditFilters | null>(null);
  const [person, setPerson] = useState<string | null>(null);
  const [module, setModule] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ rows: AuditRow[]; total: number }>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);

  const query = { person, module, from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null };
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.audit.list({ ...query, limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [person, module, range, page, message]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    api.audit.filters({}).then(setFilters, (e: Error) => message.error(e.message));
  }, [message]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder="操作人"
          style={{ width: 160 }}
          value={person}
          onChange={(v) => { setPerson(v ?? null); setPage(1); }}
          options={(filters?.people ?? []).map((p) => ({ value: p, label: p }))}
          data-testid="audit-person"
        />
        <Select
          allowClear
          placeholder="模块"
          style={{ width: 180 }}
          value={module}
          onChange={(v) => { setModule(v ?? null); setPage(1); }}
          options={(filters?.modules ?? []).map((m) => ({ value: m.name, label: m.title }))}
          data-testid="audit-module"
        />
        <DatePicker.RangePicker value={range} onChange={(v) => { setRange(v as never); setPage(1); }} data-testid="audit-range" />
        <ExportButton name="audit-log" input={query} confidential testId="export-audit-log" />
        <Typography.Text type="secondary">共 {data.total} 条</Typography.Text>
      </Space>
      <Table<AuditRow>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data.rows}
        data-testid="audit-table"
        pagination={{ current: page, pageSize: PAGE, total: data.total, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: when },
          { title: '操作人', dataIndex: 'actor', width: 100 },
          { title: '电脑', dataIndex: 'machine', width: 130 },
          { title: '模块', dataIndex: 'moduleTitle', width: 130 },
          { title: '操作', dataIndex: 'action', width: 180 },
          { title: '内容', render: (_, r) => describe(r), ellipsis: true },
        ]}
      />
    </Space>
  );
}
