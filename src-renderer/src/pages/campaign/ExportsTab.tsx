import { App, Button, Card, Checkbox, Col, Row, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, saveFile } from '../../api/client.ts';
import type { CampaignDto, FileResult } from '../../../../src-main/contract/campaign.ts';
import { CAMPAIGN_TABLES, TABLE_TITLES, type CampaignTable } from '../../../../src-main/domain/campaign/columns.ts';
import { useJobRunner } from '../../components/useJobRunner.tsx';

interface Cols {
  available: { key: string; label: string }[];
  chosen: string[];
}

/** which columns, in which order: ticked columns are exported in the listed order; arrows move them */
function ColumnChooser({ table, onSaved }: { table: CampaignTable; onSaved: () => void }) {
  const { message } = App.useApp();
  const [cols, setCols] = useState<Cols | null>(null);
  useEffect(() => {
    void api.campaign.columns({ table }).then(setCols);
  }, [table]);
  if (!cols) return null;
  const label = new Map(cols.available.map((c) => [c.key, c.label]));
  const rest = cols.available.filter((c) => !cols.chosen.includes(c.key)).map((c) => c.key);
  const order = [...cols.chosen, ...rest];
  const set = (chosen: string[]) => setCols({ ...cols, chosen });
  const move = (key: string, d: -1 | 1) => {
    const i = cols.chosen.indexOf(key);
    const j = i + d;
    if (i < 0 || j < 0 || j >= cols.chosen.length) return;
    const next = [...cols.chosen];
    [next[i], next[j]] = [next[j], next[i]];
    set(next);
  };
  const save = async () => {
    try {
      await api.campaign.saveColumns({ table, columns: cols.chosen });
      message.success('已保存列设置，以后导出都按此设置');
      onSaved();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div style={{ maxHeight: 260, overflow: 'auto', border: '1px solid #f0f0f0', padding: 6 }}>
        {order.map((key) => {
          const on = cols.chosen.includes(key);
          return (
            <div key={key} style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
              <Checkbox checked={on} onChange={(e) => set(e.target.checked ? [...cols.chosen, key] : cols.chosen.filter((k) => k !== key))}>{label.get(key)}</Checkbox>
              {on && (
                <span style={{ marginLeft: 'auto' }}>
                  <Button size="small" type="text" onClick={() => move(key, -1)} aria-label="上移">↑</Button>
                  <Button size="small" type="text" onClick={() => move(key, 1)} aria-label="下移">↓</Button>
                </span>
              )}
            </div>
          );
        })}
      </div>
      <Space>
        <Button size="small" onClick={save} disabled={!cols.chosen.length}>保存列设置</Button>
        <Button size="small" onClick={() => set(cols.available.map((c) => c.key))}>恢复默认</Button>
      </Space>
    </Space>
  );
}

/** the three tables: 推进情况统计表, 排查出的党员信教情况统计表 (内部资料), 承诺书签订台账 */
export function ExportsTab({ campaign }: { campaign: CampaignDto }) {
  const { message } = App.useApp();
  const [run, modal] = useJobRunner();
  const [, setSaved] = useState(0);
  const exportTable = async (table: CampaignTable) => {
    try {
      const file = await run<FileResult>(`导出${TABLE_TITLES[table]}`, () => api.campaign.export({ campaignId: campaign.id, table }));
      saveFile(file);
      for (const w of file.warnings ?? []) message.warning(w, 10); // e.g. too wide for one page: which columns to drop
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <>
      <Typography.Paragraph type="secondary">
        填报单位、填表人、审核人、负责人和联系电话取自“设置”。上级下发的表样各不相同：可勾选并排列各表的列，保存后每次导出都按此设置。
      </Typography.Paragraph>
      <Row gutter={12}>
        {CAMPAIGN_TABLES.map((t) => (
          <Col span={8} key={t}>
            <Card size="small" title={TABLE_TITLES[t]} extra={t === 'findings' ? <Typography.Text type="danger">内部资料</Typography.Text> : null}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Button type="primary" data-testid={`export-${t}`} onClick={() => exportTable(t)}>导出 Excel</Button>
                <ColumnChooser table={t} onSaved={() => setSaved((n) => n + 1)} />
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      {modal}
    </>
  );
}
