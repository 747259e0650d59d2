import { Alert, App, Button, Empty, Input, Menu, Popconfirm, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import { TABLE_NAMES, TABLE_TITLES, type StatsTableDto, type TableCheck, type TableRow } from '../../../../src-main/modules/stats/contract.ts';
import { CoverCard } from './CoverCard.tsx';
import { JobMappingCard } from './JobMappingCard.tsx';
import './stats.css';

// 党内统计 (docs/domain/statistics.md): every table as of a statistics date for an organization and its
// subtree; its checks (line 六 of the balance with the members behind a difference), signing off (上报),
// the export, the report's cover, and the clerk's codes for free-text 工作岗位.

const INDENT = '\u3000';

/** 12-31 and 06-30 of the last years, newest first */
function presetDates(today: Date): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  const y = today.getFullYear();
  const mid = new Date(y, 5, 30) <= today;
  for (let year = y; year >= y - 3; year--) {
    if (year < y || mid) out.push({ value: `${year}-06-30`, label: `${year}年半年报（${year}年6月30日）` });
    if (year < y) out.push({ value: `${year}-12-31`, label: `${year}年年报（${year}年12月31日）` });
  }
  return out.sort((a, b) => (a.value < b.value ? 1 : -1));
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

export default function StatsPage() {
  const { message, modal } = App.useApp();
  const { orgs } = useOrgs();
  const presets = useMemo(() => presetDates(new Date()), []);
  const [orgId, setOrgId] = useState<number | null>(null);
  const [asOf, setAsOf] = useState(presets[0]?.value ?? '');
  const [custom, setCustom] = useState('');
  const [name, setName] = useState<string>('stats-basic');
  const [table, setTable] = useState<StatsTableDto | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  // the whole registry's top organization until the clerk picks one
  useEffect(() => {
    if (orgId === null && orgs.length) setOrgId(orgs.find((o) => o.parentId === null && o.type !== '党组')?.id ?? orgs[0].id);
  }, [orgs, orgId]);

  const load = useCallback(async () => {
    if (!orgId || !isDay(asOf)) return;
    setLoading(true);
    setError(null);
    try {
      setTable(await api.stats.table({ name, org: orgId, asOf }));
    } catch (e) {
      setTable(null);
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [name, orgId, asOf]);
  useEffect(() => {
    void load();
  }, [load, version]);

  const finalize = async () => {
    try {
      await api.stats.finalize({ name, org: orgId!, asOf });
      message.success('已上报');
      setVersion((v) => v + 1);
    } catch (e) {
      if (e instanceof ApiError) {
        modal.error({ title: '不能上报', width: 640, content: <div data-testid="finalize-refusal" style={{ whiteSpace: 'pre-wrap' }}>{e.message}</div> });
      } else throw e;
    }
  };
  const unfinalize = async () => {
    await api.stats.unfinalize({ name, org: orgId!, asOf });
    message.success('已撤销上报');
    setVersion((v) => v + 1);
  };

  return (
    <div className="stats-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <span>党组织</span>
        <OrgTreeSelect data-testid="stats-org" orgs={orgs} value={orgId} onChange={setOrgId} style={{ width: 300 }} disabled={(o) => o.type === '党组'} />
        <span>统计时点</span>
        <Select data-testid="stats-asof" style={{ width: 260 }} value={presets.some((p) => p.value === asOf) ? asOf : undefined} options={presets} onChange={setAsOf} placeholder="选择年报或半年报" />
        <Input
          data-testid="stats-asof-custom"
          style={{ width: 150 }}
          placeholder="其他日期 YYYY-MM-DD"
          value={custom}
          onChange={(e) => setCustom(e.target.value)}
          onPressEnter={() => (isDay(custom.trim()) ? setAsOf(custom.trim()) : message.warning('请按 YYYY-MM-DD 填写日期'))}
        />
      </Space>
      <div className="stats-body">
        <Menu
          className="stats-menu"
          mode="inline"
          selectedKeys={[name]}
          onClick={(e) => setName(e.key)}
          items={TABLE_NAMES.map((n) => ({ key: n, label: <span data-testid={`stats-tab-${n}`} title={TABLE_TITLES[n]}>{n === 'stats-50-years' ? '光荣在党50年名单' : TABLE_TITLES[n]}</span> }))}
        />
        <div className="stats-main">
          {error ? <Alert type="error" showIcon title={error} /> : null}
          {loading && !table ? <Spin /> : null}
          {table ? (
            <>
              <div className="stats-head">
                <Space align="center" wrap>
                  <Typography.Title level={5} style={{ margin: 0 }} data-testid="stats-title">{table.title}</Typography.Title>
                  <Typography.Text type="secondary">{table.org}，统计时点 {table.asOf}{PERIOD.has(table.name) ? `（期间自 ${table.periodStart} 起）` : ''}</Typography.Text>
                  {table.finalized ? <Tag color="green" data-testid="stats-finalized">已上报 {table.finalized.at.slice(0, 10)}</Tag> : <Tag>未上报</Tag>}
                </Space>
                <Space>
                  {table.finalized ? (
                    <Popconfirm title="撤销上报后将按现有数据重新统计，确定撤销？" onConfirm={unfinalize} okText="撤销" cancelText="取消">
                      <Button data-testid="stats-unfinalize">撤销上报</Button>
                    </Popconfirm>
                  ) : (
                    <Button type="primary" onClick={finalize} data-testid="stats-finalize">上报</Button>
                  )}
                  <ExportButton name={table.name} input={{ org: orgId, asOf }} columns testId="stats-export" />
                </Space>
              </div>
              {table.name === 'stats-change' ? <BalanceStrip table={table} /> : null}
              <Checks checks={table.checks} />
              {table.list ? <FiftyList table={table} /> : <CountTable table={table} />}
            </>
          ) : null}
          {!table && !loading && !error ? <Empty description="请选择党组织和统计时点" /> : null}
          <div className="stats-side">
            {orgId && isDay(asOf) ? <CoverCard orgId={orgId} asOf={asOf} /> : null}
            {name === 'stats-basic' || name === 'stats-join-time' || name === 'stats-education' || name === 'stats-development' ? (
              <JobMappingCard onChanged={() => setVersion((v) => v + 1)} />
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

const PERIOD = new Set(['stats-change', 'stats-confirmation', 'stats-development', 'stats-exits']);

/** 党员数量变化情况 at a glance: the year-end counts and line 六 */
function BalanceStrip({ table }: { table: StatsTableDto }) {
  const v = (code: string | null) => table.rows.find((r) => r.code === code)?.values[0] ?? 0;
  const six = v(null);
  return (
    <div className={`stats-balance ${six === 0 ? 'ok' : 'bad'}`} data-testid="stats-balance">
      <span>一、上年底总数 <b>{v('A1')}</b></span>
      <span>二、增加 <b>{v('A2')}</b></span>
      <span>三、减少 <b>{v('E1')}</b></span>
      <span>四、应有数 <b>{v('E7')}</b></span>
      <span>五、实有数 <b>{v('E8')}</b></span>
      <span className="six">六、实有数与应有数之差 <b>{six > 0 ? `+${six}` : six}</b>{six === 0 ? ' ✓' : '（须查明，见下列党员）'}</span>
    </div>
  );
}

/** the table's checks: passed ones in one line, failed ones with the members behind them */
function Checks({ checks }: { checks: TableCheck[] }) {
  const failed = checks.filter((c) => !c.ok);
  const info = checks.filter((c) => c.ok && c.level === 'info');
  return (
    <div data-testid="stats-checks" style={{ marginBottom: 8 }}>
      {failed.map((c) => (
        <Alert
          key={c.rule}
          type="error"
          showIcon
          style={{ marginBottom: 6 }}
          title={c.rule}
          description={c.members?.length ? <MemberList members={c.members} /> : null}
          data-testid="stats-check-failed"
        />
      ))}
      {info.map((c) => (
        <Alert key={c.rule} type="info" showIcon style={{ marginBottom: 6 }} title={c.rule} description={c.members?.length ? <MemberList members={c.members} /> : null} />
      ))}
      {!failed.length && checks.some((c) => c.level === 'error') ? (
        <Typography.Text type="success" data-testid="stats-checks-ok">✓ 校验通过：{checks.filter((c) => c.level === 'error').map((c) => c.rule).join('；')}</Typography.Text>
      ) : null}
    </div>
  );
}

function MemberList({ members }: { members: NonNullable<TableCheck['members']> }) {
  return (
    <Table
      size="small"
      pagination={members.length > 8 ? { pageSize: 8, size: 'small' } : false}
      rowKey={(m) => `${m.idNumber}-${m.reason ?? ''}`}
      dataSource={members}
      columns={[
        { title: '姓名', dataIndex: 'name', width: 90 },
        { title: '公民身份号码', dataIndex: 'idNumber', width: 180 },
        { title: '所在党组织', dataIndex: 'org', width: 200, ellipsis: true },
        { title: '原因', dataIndex: 'reason' },
      ]}
    />
  );
}

/** a count table: the row tree indented, the grouped header of the form */
function CountTable({ table }: { table: StatsTableDto }) {
  const columns = useMemo(() => {
    const cols: ColumnsType<TableRow & { key: number }> = [
      { title: '项目', dataIndex: 'label', fixed: 'left', width: table.name === 'stats-party-age' || table.name === 'stats-confirmation' ? 300 : 230, render: (_v, r) => <span className={r.level === 0 ? 'stats-top' : undefined}>{INDENT.repeat(r.level)}{r.label}</span> },
    ];
    if (table.name === 'stats-change') cols.push({ title: '代码', dataIndex: 'code', width: 60, align: 'center' });
    const groups = new Map<string, ColumnsType<TableRow & { key: number }>>();
    table.header.forEach((h, i) => {
      const col = { title: h.label, key: `c${i}`, align: 'right' as const, width: table.header.length > 10 ? 66 : 96, render: (_v: unknown, r: TableRow) => r.values[i] };
      if (!h.group) return void cols.push(col);
      let g = groups.get(h.group);
      if (!g) {
        g = [];
        groups.set(h.group, g);
        cols.push({ title: h.group, children: g });
      }
      g.push(col);
    });
    return cols;
  }, [table]);
  return (
    <Table
      data-testid="stats-table"
      className="stats-table"
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 'max-content', y: 420 }}
      rowKey="key"
      dataSource={table.rows.map((r, key) => ({ ...r, key }))}
      columns={columns}
      rowClassName={(r) => (r.code === null && table.name === 'stats-change' ? (r.values[0] === 0 ? 'stats-six-ok' : 'stats-six-bad') : '')}
    />
  );
}

function FiftyList({ table }: { table: StatsTableDto }) {
  return (
    <Table
      data-testid="stats-table"
      size="small"
      bordered
      pagination={{ pageSize: 50, size: 'small' }}
      scroll={{ y: 420 }}
      rowKey="idNumber"
      dataSource={table.list}
      columns={[
        { title: '姓名', dataIndex: 'name', width: 100 },
        { title: '性别', dataIndex: 'gender', width: 60 },
        { title: '出生日期', dataIndex: 'birthDate', width: 110 },
        { title: '入党日期', dataIndex: 'joinedOn', width: 110 },
        { title: '转正日期', dataIndex: 'confirmedOn', width: 110 },
        { title: '党龄（年）', dataIndex: 'partyAge', width: 90, align: 'right' },
        { title: '所在党组织', dataIndex: 'org', ellipsis: true },
        { title: '备注', dataIndex: 'newThisYear', width: 110, render: (v: boolean) => (v ? <Tag color="red">本年新达到</Tag> : null) },
      ]}
    />
  );
}
