import { App, Button, Empty, Popconfirm, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useOrgs } from '../../components/useOrgs.ts';
import type { CampaignDto } from '../../../../src-main/modules/campaign/contract.ts';
import { CampaignFormModal, type CampaignFormTarget } from './CampaignFormModal.tsx';
import { Checklist } from './Checklist.tsx';
import { ProgressBoard } from './ProgressBoard.tsx';
import { LettersTab } from './LettersTab.tsx';
import { ExportsTab } from './ExportsTab.tsx';

// 信教排查与承诺书 (docs/domain/religion-campaign.md): campaigns, the per-member checklist, the progress
// board, printing the commitment letters and the statistics tables. Findings are shown only here.
export default function CampaignPage() {
  const { message } = App.useApp();
  const { orgs } = useOrgs();
  const [campaigns, setCampaigns] = useState<CampaignDto[]>([]);
  const [current, setCurrent] = useState<number | null>(null);
  const [formTarget, setFormTarget] = useState<CampaignFormTarget | null>(null);
  // bumped after every change so that the other tabs reload
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);

  const reload = useCallback(async (select?: number) => {
    const list = await api.campaign.list({});
    setCampaigns(list);
    setCurrent((c) => select ?? c ?? list[0]?.id ?? null);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const campaign = campaigns.find((c) => c.id === current) ?? null;
  const remove = async () => {
    if (!campaign) return;
    try {
      const r = await api.campaign.delete({ campaignId: campaign.id });
      message.success(`已删除：${r.name}`);
      setCurrent(null);
      await reload();
      changed();
    } catch (e) {
      // refused while members have records in it: the message names them
      message.error((e as Error).message, 10);
    }
  };
  const toggleStatus = async () => {
    if (!campaign) return;
    try {
      await api.campaign.setStatus({ campaignId: campaign.id, status: campaign.status === '进行中' ? '已完成' : '进行中' });
      await reload();
      changed();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>专项工作</span>
        <Select
          data-testid="campaign-select"
          style={{ width: 420 }}
          value={current ?? undefined}
          placeholder="尚未建立专项工作"
          onChange={setCurrent}
          options={campaigns.map((c) => ({ value: c.id, label: `${c.name}（${c.start} 至 ${c.end}）` }))}
        />
        <Button type="primary" data-testid="campaign-new" onClick={() => setFormTarget({})}>新建专项工作</Button>
        {campaign && (
          <>
            <Tag color={campaign.status === '进行中' ? 'processing' : 'default'}>{campaign.status}</Tag>
            <Typography.Text type="secondary">范围：{campaign.orgs.length ? campaign.orgs.join('、') : '全部组织'}</Typography.Text>
            <Button size="small" onClick={() => setFormTarget({ campaign })} data-testid="campaign-edit">修改</Button>
            <Button size="small" onClick={toggleStatus}>{campaign.status === '进行中' ? '标记为已完成' : '重新打开'}</Button>
            <Popconfirm
              title={`删除“${campaign.name}”？`}
              description="只能删除还没有登记任何排查、处置或承诺书记录的专项工作。删除会记入修改历史。"
              okText="删除"
              okButtonProps={{ danger: true, ...({ 'data-testid': 'campaign-delete-ok' } as object) }}
              cancelText="取消"
              onConfirm={remove}
            >
              <Button size="small" danger data-testid="campaign-delete">删除</Button>
            </Popconfirm>
          </>
        )}
      </Space>
      {campaign ? (
        <Tabs
          destroyOnHidden
          items={[
            { key: 'checklist', label: '排查清单', children: <Checklist campaign={campaign} orgs={orgs} version={version} onChanged={changed} /> },
            { key: 'board', label: '工作进度', children: <ProgressBoard campaign={campaign} orgs={orgs} version={version} /> },
            { key: 'letters', label: '承诺书打印', children: <LettersTab campaign={campaign} orgs={orgs} /> },
            { key: 'exports', label: '统计表导出', children: <ExportsTab campaign={campaign} /> },
          ]}
        />
      ) : (
        <Empty description="请先新建一项专项工作（如：2023年党员信教问题专项整治）" />
      )}
      <CampaignFormModal
        target={formTarget}
        orgs={orgs}
        onClose={() => setFormTarget(null)}
        onSaved={async (id) => {
          setFormTarget(null);
          await reload(id);
          changed();
        }}
      />
    </Space>
  );
}
