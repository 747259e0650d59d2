import { App, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { validated } from '../../components/freshForm.tsx';
import type { SetupStepProps } from '../setup.ts';

// First-run step: the clerk's name, recorded beside every change and printed as 填表人 on every table
// (docs/domain/members.md#operator). It may be left for later: changes are then recorded as 未填写 with the
// computer's name, never under a made-up name.
export function ClerkNameStep({ settings, next, back, last }: SetupStepProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ clerkName: string; clerkPhone: string }>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      await api.settings.save({ clerkName: v.clerkName.trim(), clerkPhone: (v.clerkPhone ?? '').trim() });
      next();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="setup-clerk">
      <Typography.Paragraph>
        请填写您的姓名。每次新增、修改、导入都会记下是谁做的；导出的表格也会把您写为“填表人”。以后可以在“设置”中修改。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ clerkName: settings.clerkName, clerkPhone: settings.clerkPhone }} onFinish={save}>
        <Form.Item name="clerkName" label="经办人姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名，或点“暂不填写”' }]}>
          <Input data-testid="setup-clerk-name" maxLength={20} autoFocus placeholder="如：王芳" />
        </Form.Item>
        <Form.Item name="clerkPhone" label="联系电话（可不填）" rules={[{ pattern: /^[\d\s()+\-－—转]*$/, message: '联系电话只能包含数字、空格、括号和“-”' }]}>
          <Input data-testid="setup-clerk-phone" maxLength={30} />
        </Form.Item>
        <Space>
          {back ? <Button onClick={back}>上一步</Button> : null}
          <Button onClick={next} data-testid="setup-clerk-skip">暂不填写</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="setup-clerk-next">{last ? '完成' : '下一步'}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          暂不填写时，修改记录中的经办人显示为“未填写”，并记下这台电脑的名称。
        </Typography.Paragraph>
      </Form>
    </div>
  );
}
