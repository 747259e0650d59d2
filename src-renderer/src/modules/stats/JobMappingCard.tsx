import { App, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { JOB_CODES, type JobMappingDto } from '../../../../src-main/modules/stats/contract.ts';

// Free-text 工作岗位 of older rosters, each mapped once to a code of the national list with the clerk's
// confirmation (docs/domain/statistics.md#occupation-rows); the app suggests, never applies unconfirmed.

export function JobMappingCard({ onChanged }: { onChanged: () => void }) {
  const { message } = App.useApp();
  const [list, setList] = useState<JobMappingDto[]>([]);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const load = useCallback(async () => setList(await api.stats.jobMappings({})), []);
  useEffect(() => {
    void load();
  }, [load]);
  const options = useMemo(() => Object.entries(JOB_CODES).map(([name, code]) => ({ value: code, label: `${code} ${name}` })), []);
  const pending = list.filter((j) => !j.code);
  if (!list.length) return null;
  const confirm = async (text: string, code: string | undefined) => {
    if (!code) return void message.warning('请选择对应的工作岗位');
    setList(await api.stats.mapJob({ text, code }));
    message.success(`已确认：${text}`);
    onChanged();
  };
  return (
    <Card size="small" style={{ marginTop: 12 }} data-testid="stats-jobs"
      title={<Space>工作岗位对应统计行{pending.length ? <Tag color="red">{pending.length} 项待确认</Tag> : <Tag color="green">已全部确认</Tag>}</Space>}>
      <Table
        size="small"
        pagination={false}
        rowKey="text"
        dataSource={list}
        columns={[
          { title: '名册中的写法', dataIndex: 'text', width: 200 },
          { title: '人数', dataIndex: 'count', width: 60, align: 'right' },
          {
            title: '对应的工作岗位',
            render: (_v, j) => j.code
              ? <span>{j.code} {j.codeName}</span>
              : (
                <Select
                  data-testid={`job-map-${j.text}`}
                  style={{ width: 320 }}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={options}
                  value={choice[j.text] ?? j.suggestion ?? undefined}
                  onChange={(v) => setChoice((c) => ({ ...c, [j.text]: v }))}
                  placeholder="选择工作岗位"
                />
              ),
          },
          {
            title: '',
            width: 100,
            render: (_v, j) => j.code
              ? <Tag color="green">已确认</Tag>
              : <Button size="small" type="primary" data-testid={`job-confirm-${j.text}`} onClick={() => confirm(j.text, choice[j.text] ?? j.suggestion ?? undefined)}>确认</Button>,
          },
        ]}
      />
    </Card>
  );
}
