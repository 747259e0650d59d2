import { Alert, Button, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ReminderDto, ReminderLevel } from '../../../../src-main/contract/reminders.ts';
import { useNavigation } from '../../components/navigation.tsx';

// 工作台, the first page: what is due (reminders.list — every module contributes through its manifest's
// `reminders`), grouped by module, most urgent first, each with a link to the page that deals with it. Any
// reminder is shown the same way, whatever module raised it and whatever its kind.

const LEVEL: Record<ReminderLevel, { color: string; text: string }> = {
  error: { color: 'red', text: '逾期' },
  warning: { color: 'orange', text: '将到期' },
  info: { color: 'blue', text: '提示' },
};

interface Group {
  module: string;
  title: string;
  items: ReminderDto[];
}

function groupByModule(list: ReminderDto[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of list) {
    let g = groups.get(r.module);
    if (!g) groups.set(r.module, (g = { module: r.module, title: r.moduleTitle || r.module, items: [] }));
    g.items.push(r);
  }
  // the group with the most urgent reminder first (the list arrives errors first, then by due date)
  return [...groups.values()];
}

export default function HomePage() {
  const { navigate, pages } = useNavigation();
  const pageLabel = (key: string | undefined) => pages.find((p) => p.key === key)?.label;
  /** a reminder that names no page links to its module's first page */
  const firstPageOf = (module: string) => pages.find((p) => p.module === module && p.key !== 'home')?.key;
  const [list, setList] = useState<ReminderDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setList(await api.reminders.list({}));
    } catch (e) {
      setError((e as Error).message);
      setList([]);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (!list) return <Skeleton active />;
  const groups = groupByModule(list);
  const urgent = list.filter((r) => r.level === 'error').length;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, maxWidth: 1100 }} data-testid="home">
      <Space align="baseline" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>待办事项</Typography.Title>
        <Typography.Text type="secondary" data-testid="home-count">
          {list.length ? `共 ${list.length} 项${urgent ? `，其中 ${urgent} 项已逾期` : ''}` : '目前没有需要处理的事项'}
        </Typography.Text>
        <Button size="small" onClick={() => void load()}>刷新</Button>
      </Space>
      {error ? <Alert type="error" showIcon title="待办事项读取失败" description={error} /> : null}
      {groups.length === 0 && !error ? (
        <Card>
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="没有到期或逾期的事项。换届、党费欠交、预备期满等提醒会显示在这里。"
          >
            <Space>
              <Button onClick={() => navigate('orgs')}>组织架构</Button>
              <Button onClick={() => navigate('members')}>党员花名册</Button>
            </Space>
          </Empty>
        </Card>
      ) : null}
      {groups.map((g) => (
        <Card key={g.module} size="small" title={`${g.title}（${g.items.length}）`} data-testid={`home-group-${g.module}`}>
          <List<ReminderDto>
            size="small"
            dataSource={g.items}
            renderItem={(r) => {
              const page = r.page ?? firstPageOf(r.module);
              const look = LEVEL[r.level] ?? LEVEL.info;
              return (
                <List.Item
                  data-testid="home-reminder"
                  actions={page ? [
                    <Button key="go" type="link" size="small" onClick={() => navigate(page, { orgId: r.orgId, memberId: r.memberId, kind: r.kind })}>
                      去{pageLabel(page) ?? '处理'}
                    </Button>,
                  ] : []}
                >
                  <Space align="start">
                    <Tag color={look.color} style={{ minWidth: 52, textAlign: 'center' }}>{look.text}</Tag>
                    <span>
                      <Typography.Text>{r.message}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[r.org, r.member, r.due ? `期限 ${r.due}` : ''].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </span>
                  </Space>
                </List.Item>
              );
            }}
          />
        </Card>
      ))}
    </div>
  );
}
