import { Card, InputNumber, Select, Space, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ROUNDING_LABELS, ROUNDING_MODES, type RoundingMode } from '../../../../src-main/modules/dues/contract.ts';

/**
 * rounding (U5), the advance-payment limit (U8) and the organization's remittance share
 * (docs/domain/dues.md#remittance)
 */
export function DuesSettingsCard({ orgId }: { orgId: number | null }) {
  const [rounding, setRounding] = useState<RoundingMode>('half-up');
  const [advance, setAdvance] = useState<number | null>(null);
  const [share, setShare] = useState<number | null>(null);
  useEffect(() => {
    void api.dues.getConfig({}).then((c) => setRounding(c.rounding));
  }, []);
  useEffect(() => {
    if (orgId == null) return;
    void api.dues.getOrgSettings({ orgId }).then((s) => {
      setAdvance(s.advanceLimit);
      setShare(s.remitShareBp == null ? null : s.remitShareBp / 100);
    });
  }, [orgId]);
  const save = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success('已保存');
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card size="small" title="党费设置">
      <Space wrap>
        <span>计算取整</span>
        <Select value={rounding} style={{ width: 150 }} options={ROUNDING_MODES.map((m) => ({ value: m, label: ROUNDING_LABELS[m] }))}
          onChange={(v) => { setRounding(v); void save(() => api.dues.saveConfig({ rounding: v })); }} />
        <Typography.Text type="secondary">（全国未作统一规定，默认四舍五入；只影响此后核定的标准）</Typography.Text>
      </Space>
      {orgId != null && (
        <Space wrap style={{ marginTop: 8 }}>
          <span>本组织预交上限（月）</span>
          <InputNumber min={0} max={24} value={advance} onChange={(v) => setAdvance(v)} onBlur={() => save(() => api.dues.saveOrgSettings({ orgId, advanceLimit: advance }))} />
          <span>上缴比例（%）</span>
          <InputNumber min={0} max={100} step={0.5} value={share} onChange={(v) => setShare(v)}
            onBlur={() => save(() => api.dues.saveOrgSettings({ orgId, remitShareBp: share == null ? null : Math.round(share * 100) }))} />
        </Space>
      )}
    </Card>
  );
}
