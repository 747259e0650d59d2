import { App, Button, Checkbox, DatePicker, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CampaignDto, ChecklistFilter, ChecklistRow } from '../../../../src-main/modules/campaign/contract.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { NO_FINDING, SCREEN_METHODS } from '../../../../src-main/modules/campaign/contract.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgLabels } from '../../components/orgNames.tsx';
import { MemberDrawer } from './MemberDrawer.tsx';

type Filter = Omit<ChecklistFilter, 'campaignId'>;
type BulkAction = 'screenedNoFinding' | 'signed';
const PAGE = 50;
const BULK_LABELS: Record<BulkAction, string> = { screenedNoFinding: '标记已排查·未发现信教', signed: '标记已签订' };

/** the checklist: filters, paged rows, a selection (explicit rows or every row matching the filter), bulk actions */
export function Checklist({ campaign, orgs, version, onChanged }: { campaign: CampaignDto; orgs: OrgDto[]; version: number; onChanged: () => void }) {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ rows: ChecklistRow[]; total: number }>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [bulkDate, setBulkDate] = useState<Dayjs>(dayjs());
  /** 排查方式 for the bulk 已排查: only what the clerk chooses ('' = not recorded) */
  const [bulkMethod, setBulkMethod] = useState<string>('');
  const orgLabels = useOrgLabels(orgs);
  const [open, setOpen] = useState<ChecklistRow | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.campaign.checklist({ campaignId: campaign.id, ...filter, offset: (page - 1) * PAGE, limit: PAGE }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [campaign.id, filter, page, message]);
  useEffect(() => {
    void load();
  }, [load, version]);

  const setF = (patch: Filter) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
    setSelected([]);
    setAllMatching(false);
  };

  const count = allMatching ? data.total : selected.length;
  const runBulk = async () => {
    if (!bulk) return;
    try {
      const r = await api.campaign.bulk({
        campaignId: campaign.id, action: bulk, date: bulkDate.format('YYYY-MM-DD'),
        ...(bulk === 'screenedNoFinding' && bulkMethod ? { method: bulkMethod } : {}),
        ...(allMatching ? { filter } : { memberIds: selected }),
      });
      message.success(`${BULK_LABELS[bulk]}：已更新 ${r.updated} 人${count > r.updated ? `（其余 ${count - r.updated} 人已有记录，未改动）` : ''}`);
      for (const w of r.warnings) message.warning(w.message);
      setBulk(null);
      setSelected([]);
      setAllMatching(false);
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: ColumnsType<ChecklistRow> = [
    { title: '姓名', dataIndex: 'name', width: 90, render: (v: string, r) => <a onClick={() => setOpen(r)}>{v}</a> },
    { title: '所在党组织', dataIndex: 'org', width: 160, ellipsis: { showTitle: false }, render: (v: string, r) => orgLabels.render(r.orgId, v) },
    { title: '类别', dataIndex: 'category', width: 80 },
    {
      title: '标记', width: 120,
      render: (_: unknown, r) => (
        <Space size={2}>
          {r.addedLater && <Tag color="blue">期间新增</Tag>}
          {r.leftOn && <Tag>已离开 {r.leftOn}</Tag>}
          {r.isLost && <Tag color="orange">失联</Tag>}
          {r.memberStatus === '停止党籍' && <Tag color="orange">停止党籍</Tag>}
        </Space>
      ),
    },
    { title: '排查', width: 150, render: (_: unknown, r) => (r.screenStatus === '已排查' ? <span>已排查 {r.screenedOn}</span> : <Typography.Text type="warning">未排查</Typography.Text>) },
    {
      title: '情形认定', width: 150,
      render: (_: unknown, r) => (!r.finding ? '' : r.finding === NO_FINDING ? <Typography.Text type="secondary">{r.finding}</Typography.Text> : <Tag color="red">{r.finding}{r.religion ? `·${r.religion}` : ''}</Tag>),
    },
    { title: '处置', width: 120, render: (_: unknown, r) => (r.outcome ? `${r.outcome}（${r.outcomeCode}）` : '') },
    {
      title: '承诺书', width: 150,
      render: (_: unknown, r) => r.signStatus === '已签订'
        ? <span>已签订 {r.makeupSignedOn ? `补签 ${r.makeupSignedOn}` : r.signedOn}</span>
        : <Typography.Text type="warning">未签订{r.notSignedReason ? `（${r.notSignedReason}）` : ''}</Typography.Text>,
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <OrgTreeSelect data-testid="checklist-org" orgs={orgs} value={filter.orgId ?? null} onChange={(v) => setF({ orgId: v })} allowClear placeholder="全部组织" style={{ width: 260 }} />
        <Input.Search allowClear placeholder="姓名、拼音首字母或身份证号" style={{ width: 220 }} onSearch={(v) => setF({ search: v || null })} />
        <Checkbox data-testid="filter-unscreened" checked={!!filter.unscreened} onChange={(e) => setF({ unscreened: e.target.checked || undefined })}>未排查</Checkbox>
        <Checkbox data-testid="filter-unsigned" checked={!!filter.unsigned} onChange={(e) => setF({ unsigned: e.target.checked || undefined })}>未签订</Checkbox>
        <Checkbox data-testid="filter-believers" checked={!!filter.believers} onChange={(e) => setF({ believers: e.target.checked || undefined })}>信教</Checkbox>
        <Checkbox data-testid="filter-added" checked={!!filter.addedLater} onChange={(e) => setF({ addedLater: e.target.checked || undefined })}>期间新增</Checkbox>
      </Space>
      <Space wrap>
        <Typography.Text data-testid="checklist-count">共 {data.total} 人{count ? `，已选 ${count} 人` : ''}</Typography.Text>
        <Button size="small" data-testid="select-all-matching" disabled={!data.total} onClick={() => { setAllMatching(true); setSelected(data.rows.map((r) => r.memberId)); }}>
          选择全部 {data.total} 人
        </Button>
        <Button data-testid="bulk-screened" disabled={!count} onClick={() => { setBulkMethod(''); setBulk('screenedNoFinding'); }}>{BULK_LABELS.screenedNoFinding}</Button>
        <Button data-testid="bulk-signed" type="primary" disabled={!count} onClick={() => setBulk('signed')}>{BULK_LABELS.signed}</Button>
      </Space>
      <Table<ChecklistRow>
        data-testid="checklist-table"
        rowKey="memberId"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data.rows}
        // the rows take what is left of a 768-pixel screen, so the page itself never scrolls
        scroll={{ y: 'max(240px, calc(100vh - 370px))' }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => { setSelected(keys as number[]); setAllMatching(false); },
          preserveSelectedRowKeys: true,
        }}
        pagination={{ current: page, pageSize: PAGE, total: data.total, showSizeChanger: false, onChange: setPage }}
      />
      <Modal
        open={bulk !== null}
        title={bulk ? BULK_LABELS[bulk] : ''}
        onCancel={() => setBulk(null)}
        onOk={runBulk}
        okText="确定"
        okButtonProps={{ 'data-testid': 'bulk-ok' } as never}
      >
        <p>将对所选 {count} 人{bulk === 'signed' ? '登记承诺书已签订（已登记未签原因的记为补签）' : '登记已排查、未发现信教问题（已有排查记录的不改动）'}。所有修改作为一次操作保存，并记入修改历史。</p>
        <Space orientation="vertical">
          <Space>
            <span>{bulk === 'signed' ? '签订日期' : '排查日期'}</span>
            <DatePicker data-testid="bulk-date" value={bulkDate} onChange={(d) => d && setBulkDate(d)} allowClear={false} />
          </Space>
          {bulk === 'screenedNoFinding' ? (
            <Space wrap>
              <span>排查方式</span>
              <Radio.Group
                data-testid="bulk-method"
                value={bulkMethod}
                onChange={(e) => setBulkMethod(e.target.value as string)}
                options={[...SCREEN_METHODS.map((m) => ({ value: m, label: m })), { value: '', label: '不登记方式' }]}
              />
              <Typography.Text type="secondary">只登记实际采用的方式；不登记的，统计表中不计入谈心谈话或走访人次。</Typography.Text>
            </Space>
          ) : null}
        </Space>
      </Modal>
      <MemberDrawer campaign={campaign} row={open} onClose={() => setOpen(null)} onChanged={(row) => { setOpen(row); onChanged(); }} />
    </Space>
  );
}
