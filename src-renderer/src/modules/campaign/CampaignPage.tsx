import { App, Button, Empty, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useOrgs } from '../../components/useOrgs.ts';
import type { CampaignDto } from '../../../../src-main/modules/campaign/contract.ts';
import { CreateCampaignModal } from './CreateCampaignModal.tsx';
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
  const [creating, setCreating] = useState(false);
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
          style={{ width: 360 }}
          value={current ?? undefined}
          placeholder="尚未建立专项工作"
          onChange={setCurrent}
          options={campaigns.map((c) => ({ value: c.id, label: `${c.name}（${c.start} 至 ${c.end}）` }))}
        />
        <Button type="primary" data-testid="campaign-new" onClick={() => setCreating(true)}>新建专项工作</Button>
        {campaign && (
          <>
            <Tag color={campaign.status === '进行中' ? 'processing' : 'default'}>{campaign.status}</Tag>
            <Typography.Text type="secondary">范围：{campaign.orgs.length ? campaign.orgs.join('、') : '全部组织'}</Typography.Text>
            <Button size="small" onClick={toggleStatus}>{campaign.status === '进行中' ? '标记为已完成' : '重新打开'}</Button>
          </>
        )}
      </Space>
      {campaign ? (
        <Tabs
          destroyOnHidden
          items={[
            { key: 'checklist', label: '排查清单', children: <Checklist campaign={campaign} orgs={orgs} version={version} onChanged={changed} /> },
            { key: 'board', label: '工作进度', children: <ProgressBoard campaign={campaign} version={version} /> },
            { key: 'letters', label: '承诺书打印', children: <LettersTab campaign={campaign} orgs={orgs} /> },
            { key: 'exports', label: '统计表导出', children: <ExportsTab campaign={campaign} /> },
          ]}
        />
      ) : (
        <Empty description="请先新建一项专项工作（如：2023年党员信教问题专项整治）" />
      )}
      <CreateCampaignModal
        open={creating}
        orgs={orgs}
        onClose={() => setCreating(false)}
        onCreated={async (id) => {
          setCreating(false);
          await reload(id);
          changed();
        }}
      />
    </Space>
  );
}
