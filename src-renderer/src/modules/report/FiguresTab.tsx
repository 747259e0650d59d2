import { Alert, Button, Descriptions, Drawer, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import type { CatalogueDto, ExplainDto, FigureChangeDto, FigureDto, FiguresDto } from '../../../../src-main/modules/report/contract.ts';
import { displayValue, fenToWan, figureTitle } from '../../../../src-main/modules/report/contract.ts';
import type { ReportScope } from './scope.ts';

const idOf = (f: { key: string; param?: string }) => (f.param ? `${f.key}:${f.param}` : f.key);

function shown(f: FigureDto, v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const s = typeof v === 'string' ? v : displayValue(f.unit, v);
  return f.unit === '%' ? `${s}%` : s;
}

function signed(f: FigureDto, v: number | string | null | undefined): string {
  const s = shown(f, v);
  return s === '—' || s.startsWith('-') || /^0(\.0+)?%?$/.test(s) ? s : `+${s}`;
}

interface Row extends FigureDto {
  id: string;
  /** rows of its group (on the first row of each group), 0 on the others */
  span: number;
}

/** 各项指标: every figure of the period (and the comparison period), its records a click away */
export function FiguresTab({ scope, catalogue }: { scope: ReportScope; catalogue: CatalogueDto }) {
  const [data, setData] = useState<FiguresDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [explaining, setExplaining] = useState<FigureDto | null>(null);
  // what changed since the last run stays shown while the page is open (each run compares with the one before)
  const changes = useRef(new Map<string, Map<string, FigureChangeDto>>());
  const scopeKey = `${scope.orgId}|${scope.withSubOrgs}|${scope.period}`;

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const r = await api.report.figures({ org: scope.orgId, period: scope.period, compare: scope.compare, withSubOrgs: scope.withSubOrgs, tags: scope.tags });
      const kept = changes.current.get(scopeKey) ?? new Map<string, FigureChangeDto>();
      for (const f of r.figures) if (f.changed) kept.set(idOf(f), f.changed);
      changes.current.set(scopeKey, kept);
      setData({ ...r, figures: r.figures.map((f) => (kept.has(idOf(f)) ? { ...f, changed: kept.get(idOf(f)) } : f)) });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [scope.orgId, scope.period, scope.compare, scope.withSubOrgs, scope.tags, scopeKey]);

  useEffect(() => {
    const t = setTimeout(() => void load(), 350); // typing a period: wait for the clerk to pause
    return () => clearTimeout(t);
  }, [load]);

  const rules = useMemo(() => new Map(catalogue.figures.map((f) => [f.key, f.rule])), [catalogue]);
  const rows: Row[] = useMemo(() => {
    const list = data?.figures ?? [];
    return list.map((f, i) => {
      const first = i === 0 || list[i - 1].group !== f.group;
      const span = first ? list.slice(i).findIndex((x) => x.group !== f.group) : 0;
      return { ...f, id: idOf(f), span: first ? (span < 0 ? list.length - i : span) : 0 };
    });
  }, [data]);

  const columns = [
    { title: '分类', dataIndex: 'group', width: 90, onCell: (r: Row) => ({ rowSpan: r.span }) },
    {
      title: '指标',
      key: 'label',
      render: (_: unknown, r: Row) => (
        <Space size={4}>
          <span>{figureTitle(r.label, r.param)}</span>
          <Tooltip title={rules.get(r.key)}>
            <Typography.Text type="secondary" style={{ cursor: 'help' }}>ⓘ</Typography.Text>
          </Tooltip>
          {r.changed && (
            <Tooltip title={r.changed.reason}>
              <Tag color="orange" data-testid={`changed-${r.id}`}>有变化</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: data?.period.label ?? '本期',
      key: 'value',
      width: 170,
      align: 'right' as const,
      render: (_: unknown, r: Row) => (
        <span data-testid={`value-${r.id}`}>
          {shown(r, r.value)}
          {r.unit !== '%' && r.value !== null ? ` ${r.unit}` : ''}
          {r.unit === '元' && r.valueFen != null ? <Typography.Text type="secondary">（{fenToWan(r.valueFen)} 万元）</Typography.Text> : null}
        </span>
      ),
    },
    ...(data?.compare
      ? [
          { title: data.compare.label, key: 'compare', width: 130, align: 'right' as const, render: (_: unknown, r: Row) => <span data-testid={`compare-${r.id}`}>{shown(r, r.compareValue)}</span> },
          { title: '增减', key: 'diff', width: 110, align: 'right' as const, render: (_: unknown, r: Row) => <span data-testid={`diff-${r.id}`}>{signed(r, r.difference)}</span> },
        ]
      : []),
    {
      title: '记录',
      key: 'explain',
      width: 80,
      render: (_: unknown, r: Row) => (
        <Button type="link" size="small" data-testid={`explain-${r.id}`} onClick={() => setExplaining(r)}>明细</Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => void load()} loading={loading} data-testid="report-refresh">重新计算</Button>
        <ExportButton name="report-figures" input={{ org: scope.orgId, period: scope.period, compare: scope.compare }} disabled={!data} columns>导出统计表</ExportButton>
        {data && (
          <Typography.Text type="secondary" data-testid="report-caption">
            {data.org}{data.withSubOrgs ? '及下级组织' : ''}，{data.period.label}；党员数、组织数截至 {data.asOf}
          </Typography.Text>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error} data-testid="report-error" />}
      <div data-testid="report-figures">
        <Table<Row>
          size="small"
          bordered
          rowKey="id"
          loading={loading && !data}
          pagination={false}
          columns={columns}
          dataSource={rows}
        />
      </div>
      <ExplainDrawer scope={scope} figure={explaining} onClose={() => setExplaining(null)} />
    </Space>
  );
}

const LIMIT = 2000;

/** the records that make one figure */
function ExplainDrawer({ scope, figure, onClose }: { scope: ReportScope; figure: FigureDto | null; onClose: () => void }) {
  const [data, setData] = useState<ExplainDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    if (!figure) return;
    api.report
      .explain({ org: scope.orgId, period: scope.period, withSubOrgs: scope.withSubOrgs, key: idOf(figure), limit: LIMIT })
      .then(setData, (e: Error) => setError(e.message));
  }, [figure, scope.orgId, scope.period, scope.withSubOrgs]);
  const money = data?.unit === '元';
  return (
    <Drawer open={figure !== null} onClose={onClose} size={760} title={figure ? `${figureTitle(figure.label, figure.param)}：记录明细` : ''} data-testid="explain-drawer">
      {error && <Alert type="error" showIcon message={error} />}
      {figure?.changed && <Alert type="warning" showIcon message={figure.changed.reason} style={{ marginBottom: 12 }} />}
      {data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="数值">
              <span data-testid="explain-value">{data.value === null ? '—' : data.unit === '%' ? `${data.value}%` : `${data.value} ${data.unit}`}</span>
            </Descriptions.Item>
            <Descriptions.Item label="记录数"><span data-testid="explain-total">{data.total}</span></Descriptions.Item>
            <Descriptions.Item label="计算口径" span={2}>{data.rule}</Descriptions.Item>
          </Descriptions>
          {data.total > data.records.length && <Typography.Text type="secondary">共 {data.total} 条，列出前 {data.records.length} 条；全部记录可用命令 report figures --explain 导出。</Typography.Text>}
          <div data-testid="explain-records">
            <Table
              size="small"
              rowKey={(r) => `${r.kind}-${r.id}`}
              dataSource={data.records}
              pagination={{ pageSize: 15, showSizeChanger: false, hideOnSinglePage: true }}
              columns={[
                { title: '日期', dataIndex: 'date', width: 100, render: (v: string | null) => v ?? '—' },
                { title: '类别', dataIndex: 'kind', width: 90 },
                { title: '党组织', dataIndex: 'org', width: 180, ellipsis: true },
                { title: '内容', dataIndex: 'title' },
                ...(money ? [{ title: '金额（元）', dataIndex: 'amount', width: 100, align: 'right' as const }] : []),
              ]}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}
