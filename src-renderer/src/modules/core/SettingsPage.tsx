import { App, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Settings } from '../../../../src-main/modules/core/contract.ts';

// 设置: the names every export and record prints (填报单位, 填表人, 审核人, 负责人) and how dates look.

interface Values {
  reportingUnit: string;
  clerkName: string;
  clerkPhone: string;
  reviewer: string;
  principal: string;
  exportDateStyle: Settings['exportDateStyle'];
  termReminderDays: string[];
  allowA3: boolean;
}

export default function SettingsPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saving, setSaving] = useState(false);

  const load = (s: Settings) => {
    setSettings(s);
    form.setFieldsValue({
      reportingUnit: s.reportingUnit, clerkName: s.clerkName, clerkPhone: s.clerkPhone, reviewer: s.reviewer,
      principal: s.principal, exportDateStyle: s.exportDateStyle, termReminderDays: s.termReminderDays.map(String),
      allowA3: s.allowA3,
    });
  };

  useEffect(() => {
    api.settings.get({}).then(load, (e: Error) => message.error(e.message));
  }, []);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      load(await api.settings.save({
        reportingUnit: v.reportingUnit.trim(),
        clerkName: v.clerkName.trim(),
        clerkPhone: v.clerkPhone.trim(),
        reviewer: v.reviewer.trim(),
        principal: v.principal.trim(),
        exportDateStyle: v.exportDateStyle,
        termReminderDays: [...new Set(v.termReminderDays.map(Number))].sort((a, b) => b - a),
        allowA3: v.allowA3,
      }));
      message.success('设置已保存');
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  if (!settings) return <Skeleton active />;
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 860 }} data-testid="settings-form">
      <Card title="报表落款" size="small" style={{ marginBottom: 16 }}>
        <Form.Item name="reportingUnit" label="填报单位" extra={`留空时使用最上级组织的名称${settings.effectiveReportingUnit ? `（当前：${settings.effectiveReportingUnit}）` : ''}`}>
          <Input data-testid="set-unit" placeholder={settings.effectiveReportingUnit || '如：中共某某街道工作委员会'} maxLength={100} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="clerkName" label="经办人（填表人）">
              <Input data-testid="set-clerk" maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="clerkPhone" label="联系电话" rules={[{ pattern: /^[\d\s()+\-－—转]*$/, message: '联系电话只能包含数字、空格、括号和“-”' }]}>
              <Input data-testid="set-phone" maxLength={30} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="reviewer" label="审核人">
              <Input data-testid="set-reviewer" maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="principal" label="负责人">
              <Input data-testid="set-principal" maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title="导出与提醒" size="small" style={{ marginBottom: 16 }}>
        <Form.Item name="exportDateStyle" label="导出表格中的日期写法">
          <Radio.Group
            data-testid="set-date-style"
            options={[
              { value: 'dot', label: '1985.06.15 / 1985.06' },
              { value: 'iso', label: '1985-06-15 / 1985-06' },
              { value: 'cn', label: '1985年6月15日 / 1985年6月' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="termReminderDays"
          label="换届提前提醒（天）"
          extra="任期届满前多少天开始提醒，可填多个；逾期总会提醒"
          rules={[{
            validator: (_, v: string[] = []) =>
              v.every((d) => /^\d+$/.test(d) && Number(d) >= 1 && Number(d) <= 3650) && v.length <= 6
                ? Promise.resolve()
                : Promise.reject(new Error('请填写 1～3650 之间的整数天数，最多 6 个')),
          }]}
        >
          <Select data-testid="set-reminders" mode="tags" tokenSeparators={[',', '，', ' ']} style={{ maxWidth: 360 }} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item
          name="allowA3"
          valuePropName="checked"
          extra="表格在 A4 纸上一页放不下、字号会小于 8 磅时，改用 A3 横向排版；不勾选则按 A4 分页打印，并提示可去掉哪些列"
        >
          <Checkbox data-testid="set-allow-a3">宽表允许用 A3 纸打印</Checkbox>
        </Form.Item>
      </Card>
      <Button type="primary" onClick={submit} loading={saving} data-testid="settings-save">保存设置</Button>
      <Typography.Text type="secondary" style={{ marginLeft: 12 }}>保存后，新的导出表格立即使用这些信息。</Typography.Text>
    </Form>
  );
}
