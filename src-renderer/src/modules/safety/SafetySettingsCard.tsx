import { App, Button, Card, Form, Input, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useSafety } from './SafetyGate.tsx';

// 安全设置: minutes without activity before the app locks, and the second backup folder (a USB stick or
// a network drive). Shown on 设置 and on 备份与恢复.

export function SafetySettingsCard() {
  const { message } = App.useApp();
  const { status, refresh } = useSafety();
  const [form] = Form.useForm<{ idleMinutes: number; backupFolder: string }>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (status) form.setFieldsValue({ idleMinutes: status.idleMinutes, backupFolder: status.backupFolder ?? '' });
  }, [status, form]);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.safety.saveOptions({ idleMinutes: v.idleMinutes, backupFolder: v.backupFolder.trim() || null });
      message.success('安全设置已保存');
      await refresh();
    } catch (e) {
      message.error((e as Error).message, 8);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title="安全设置" data-testid="safety-settings">
      <Form form={form} layout="vertical" style={{ maxWidth: 640 }}>
        <Form.Item name="idleMinutes" label="无操作多少分钟后自动锁定" extra="0 表示不自动锁定（不建议）。正在进行的导入、导出会先做完再锁定。">
          <InputNumber min={0} max={1440} addonAfter="分钟" data-testid="idle-minutes" />
        </Form.Item>
        <Form.Item name="backupFolder" label="第二备份文件夹" extra="U 盘或网络盘上的文件夹。每次备份都会复制一份过去；找不到或空间不足时，本机备份照常进行并提醒您。">
          <Input placeholder="例如 E:\党务备份" data-testid="backup-folder" />
        </Form.Item>
        <Space>
          <Button type="primary" onClick={() => void save()} loading={saving} data-testid="save-safety">保存</Button>
        </Space>
      </Form>
    </Card>
  );
}
