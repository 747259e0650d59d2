import { App, Card, Col, InputNumber, Row, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import type { BoardDto, BoardRowDto } from '../../../../src-main/modules/orglife/contract.ts';
import { BoardChart } from './BoardChart.tsx';
import { pct, todayIso } from './format.ts';
import './orglife.css';

// 合规看板 (docs/domain/org-life.md#compliance): for a subtree and a period, every organization × month with
// the required meetings held, missing or not yet due, lagging organizations first, attendance rates,
// and a chart of the months. The same figures as `activity compliance` and the 统计表 export.

const PARTS = [
  { value: '', label: '全年' },
  { value: 'H1', label: '上半年' },
  { value: 'H2', label: '下半年' },
  { value: 'Q1', label: '第一季度' },
  { value: 'Q2', label: '第二季度' },
  { value: 'Q3', label: '第三季度' },
  { value: 'Q4', label: '第四季度' },
];
const STATE = { held: '已开展', missing: '未开展', notYetDue: '未到期' } as const;

export default function BoardPage() {
  const { message } = App.useApp();
  const { orgs } = useOrgs();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [year, setYear] = useState(Number(todayIso().slice(0, 4)));
  const [part, setPart] = useState('');
  const [board, setBoard] = useState<BoardDto | null>(null);
  const [loading, setLoading] = useState(false);
  const period = part ? `${year}-${part}` : String(year);

  useEffect(() => {
    if (orgId === null && orgs.length) setOrgId((orgs.find((o) => o.parentId === null) ?? orgs[0]).id);
  }, [orgs, orgId]);
  useEffect(() => {
    if (orgId === null) return;
    let live = true;
    setLoading(true);
    api.activity.board({ org: orgId, period }).then(
      (b) => live && setBoard(b),
      (e: Error) => message.error(e.message),
    ).finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [orgId, period, message]);

  const columns = useMemo(() => {
    if (!board) return [];
    return [
      { title: '党组织', dataIndex: 'org', width: 170, fixed: 'left' as const, ellipsis: true },
      ...board.months.map((m) => ({
        title: `${Number(m.slice(5))}月`,
        key: m,
        width: 64,
        render: (_: unknown, r: BoardRowDto) => (
          <div className="ol-board-cell">
            {(r.cells[m] ?? []).map((c) => {
              // a unit not over yet whose meeting is already held: shown as done, not counted until it ends
              const ahead = c.state === 'notYetDue' && c.count > 0;
              return (
                <Tooltip key={`${c.type}-${c.unit}`} title={`${c.type} ${c.unit}：${ahead ? '已开展（本期尚未结束）' : STATE[c.state]}${c.count > 1 ? `（${c.count} 次）` : ''}`}>
                  <span className={`ol-st ${ahead ? 'ahead' : c.state}`}>{board.types.find((t) => t.type === c.type)?.short ?? c.type}</span>
                </Tooltip>
              );
            })}
          </div>
        ),
      })),
      { title: '完成率', dataIndex: 'rate', width: 64, align: 'right' as const, render: (v: number | null) => <Typography.Text type={v !== null && v < 0.8 ? 'danger' : undefined}>{pct(v)}</Typography.Text> },
      { title: '出勤率', dataIndex: 'attendanceRate', width: 64, align: 'right' as const, render: pct },
      { title: '缺', dataIndex: 'missing', width: 42, align: 'right' as const },
    ];
  }, [board]);

  return (
    <div className="ol-page">
      <Space wrap>
        <OrgTreeSelect data-testid="board-org" orgs={orgs} value={orgId} onChange={setOrgId} style={{ width: 300 }} />
        <InputNumber data-testid="board-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} style={{ width: 90 }} />
        <Select data-testid="board-part" value={part} onChange={setPart} options={PARTS} style={{ width: 110 }} />
        <ExportButton name="org-life-compliance" input={{ org: orgId, period }} disabled={!orgId}>导出落实情况统计表</ExportButton>
        <ExportButton name="member-org-life" input={{ org: orgId, period }} disabled={!orgId}>导出党员参加情况</ExportButton>
        <ExportButton name="activity-register" input={{ org: orgId, period }} disabled={!orgId}>导出登记表</ExportButton>
      </Space>
      {board && (
        <Row gutter={12}>
          <Col span={7}>
            <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
              <Row gutter={8}>
                <Col span={12}><Statistic title="应开展（已到期）" value={board.total.required} /></Col>
                <Col span={12}><Statistic title="已开展" value={board.total.held} /></Col>
                <Col span={12}><Statistic title="完成率" value={pct(board.total.rate)} styles={{ content: { color: (board.total.rate ?? 1) < 0.9 ? '#cf1322' : '#389e0d' } }} data-testid="board-rate" /></Col>
                <Col span={12}><Statistic title="出勤率" value={pct(board.total.attendanceRate)} /></Col>
              </Row>
              <Typography.Text type="secondary" data-testid="board-lagging">{board.total.orgs} 个组织，{board.total.lagging} 个有未开展的期次</Typography.Text>
            </Card>
          </Col>
          <Col span={17}>
            <Card size="small" styles={{ body: { padding: 6 } }}><BoardChart board={board} /></Card>
          </Col>
        </Row>
      )}
      <div>
        <Typography.Text type="secondary">{board?.period.label} 各组织按完成率从低到高排列；每期在其最后一个月显示。</Typography.Text>
        <span className="ol-legend"><span className="ol-st held">已开展</span><span className="ol-st missing">未开展</span><span className="ol-st ahead">已开展（本期未结束）</span><span className="ol-st notYetDue">未到期</span></span>
      </div>
      <Table<BoardRowDto>
        data-testid="board-grid"
        rowKey="orgId"
        size="small"
        loading={loading}
        virtual
        pagination={false}
        scroll={{ x: 170 + (board?.months.length ?? 12) * 64 + 170, y: 300 }}
        dataSource={board?.rows ?? []}
        columns={columns}
      />
    </div>
  );
}
