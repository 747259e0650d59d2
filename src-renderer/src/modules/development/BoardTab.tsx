import { Card, Col, Empty, Row, Statistic, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { DevBoardDto } from '../../../../src-main/modules/development/contract.ts';

// How many people are at each stage in each branch, and who is due for what this month
// (docs/domain/development.md#reminders).

const LEVEL = { error: { color: 'red', text: '逾期' }, warning: { color: 'orange', text: '待办' }, info: { color: 'blue', text: '提示' } } as const;

export function BoardTab({ orgId, version }: { orgId: number | null; version: number }) {
  const [board, setBoard] = useState<DevBoardDto | null>(null);
  useEffect(() => {
    if (orgId) void api.dev.board({ org: orgId }).then(setBoard);
  }, [orgId, version]);
  if (!board) return <Empty description="请选择党组织" />;
  const sum = (k: 'applicants' | 'activists' | 'candidates' | 'probationary') => board.branches.reduce((s, b) => s + b[k], 0);
  return (
    <div data-testid="dev-board">
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={6}><Card size="small"><Statistic title="入党申请人" value={sum('applicants')} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="入党积极分子" value={sum('activists')} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="发展对象" value={sum('candidates')} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="预备党员" value={sum('probationary')} /></Card></Col>
      </Row>
      <Row gutter={12}>
        <Col span={11}>
          <Card size="small" title="各支部发展情况">
            <Table
              size="small"
              pagination={false}
              scroll={{ y: 300 }}
              rowKey="orgId"
              data-testid="dev-board-branches"
              dataSource={board.branches}
              columns={[
                { title: '党支部', dataIndex: 'org', ellipsis: true },
                { title: '申请人', dataIndex: 'applicants', width: 70, align: 'right' },
                { title: '积极分子', dataIndex: 'activists', width: 80, align: 'right' },
                { title: '发展对象', dataIndex: 'candidates', width: 80, align: 'right' },
                { title: '预备党员', dataIndex: 'probationary', width: 80, align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col span={13}>
          <Card size="small" title={`本月待办（截至 ${board.asOf}）`}>
            <Table
              size="small"
              pagination={false}
              scroll={{ y: 300 }}
              rowKey={(d) => `${d.idNumber}-${d.kind}`}
              data-testid="dev-board-due"
              dataSource={board.due}
              locale={{ emptyText: '本月没有待办' }}
              columns={[
                { title: '', dataIndex: 'level', width: 60, render: (l: keyof typeof LEVEL) => <Tag color={LEVEL[l].color}>{LEVEL[l].text}</Tag> },
                { title: '日期', dataIndex: 'due', width: 100 },
                { title: '姓名', dataIndex: 'name', width: 80 },
                { title: '阶段', dataIndex: 'stage', width: 100 },
                { title: '事项', dataIndex: 'message' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
