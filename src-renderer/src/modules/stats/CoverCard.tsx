import { App, Button, Card, Col, Form, Input, Row } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CoverDto } from '../../../../src-main/modules/stats/contract.ts';
import { PartialDateInput } from '../../components/PartialDateInput.tsx';

// The report's cover (docs/domain/statistics.md#basics): 填报单位（盖章）, 负责人, 填表人, 报出时间, 联系电话 —
// kept per organization and statistics date, printed on every table of the report.

type Values = Omit<CoverDto, 'orgId' | 'asOf'>;

export function CoverCard({ orgId, asOf }: { orgId: number; asOf: string }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    void api.stats.cover({ org: orgId, asOf }).then((c) => form.setFieldsValue(c));
  }, [orgId, asOf, form]);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      form.setFieldsValue(await api.stats.saveCover({ org: orgId, asOf, ...v, reportedOn: v.reportedOn || null }));
      message.success('封面已保存');
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title="报表封面" style={{ marginTop: 12 }} data-testid="stats-cover"
      extra={<Button size="small" type="primary" loading={saving} onClick={save} data-testid="stats-cover-save">保存封面</Button>}>
      <Form form={form} layout="vertical" size="small">
        <Row gutter={12}>
          <Col span={8}><Form.Item name="reportingUnit" label="填报单位（盖章）"><Input data-testid="cover-unit" /></Form.Item></Col>
          <Col span={4}><Form.Item name="principal" label="负责人"><Input data-testid="cover-principal" /></Form.Item></Col>
          <Col span={4}><Form.Item name="clerk" label="填表人"><Input data-testid="cover-clerk" /></Form.Item></Col>
          <Col span={4}><Form.Item name="reportedOn" label="报出时间"><PartialDateInput data-testid="cover-reported" placeholder="YYYY-MM-DD" /></Form.Item></Col>
          <Col span={4}><Form.Item name="phone" label="联系电话"><Input data-testid="cover-phone" /></Form.Item></Col>
        </Row>
      </Form>
    </Card>
  );
}
