import { App, Button, Checkbox, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { api } from '../../api/client.ts';
import type { CampaignDto, LetterPage as Page } from '../../../../src-main/modules/campaign/contract.ts';
import type { OrgDto } from '../../../../src-main/modules/core/contract.ts';
import { PLACEHOLDERS, type LetterTemplate } from '../../../../src-main/modules/campaign/contract.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { LetterPage } from './LetterPage.tsx';
import { validated } from '../../components/freshForm.tsx';
import './campaign.css';

const PREVIEW_PAGES = 3;

/**
 * Printing the commitment letters (docs/domain/religion-campaign.md#commitment-letter): one A4 page per
 * member of a branch, from the versioned template the clerk can edit here. Printing uses the print stylesheet
 * (campaign.css): in the browser the print dialog (save as PDF there), in Electron the same window.print().
 */
export function LettersTab({ campaign, orgs }: { campaign: CampaignDto; orgs: OrgDto[] }) {
  const { message } = App.useApp();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [unsignedOnly, setUnsignedOnly] = useState(false);
  const [data, setData] = useState<{ template: LetterTemplate; year: number; pages: Page[] } | null>(null);
  const [form] = Form.useForm<{ title: string; body: string }>();

  const load = useCallback(async () => {
    try {
      const r = await api.campaign.letters({ campaignId: campaign.id, orgId, includeSigned: !unsignedOnly });
      setData(r);
      form.setFieldsValue({ title: r.template.title, body: r.template.body });
    } catch (e) {
      message.error((e as Error).message);
    }
  }, [campaign.id, orgId, unsignedOnly, form, message]);
  useEffect(() => {
    void load();
  }, [load]);

  const saveTemplate = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      const t = await api.campaign.saveTemplate(v);
      message.success(`已保存承诺书模板（第 ${t.version} 版）`);
      await load();
    } catch (e) {
      if (e instanceof Error) message.error(e.message);
    }
  };

  return (
    <Row gutter={16}>
      <Col span={9}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <OrgTreeSelect data-testid="letters-org" orgs={orgs} value={orgId} onChange={setOrgId} allowClear placeholder="全部组织" style={{ width: 240 }} />
            <Checkbox checked={unsignedOnly} onChange={(e) => setUnsignedOnly(e.target.checked)}>只打印未签订的</Checkbox>
          </Space>
          <Space>
            <Button type="primary" data-testid="letters-print" disabled={!data?.pages.length} onClick={() => window.print()}>
              打印 {data?.pages.length ?? 0} 份承诺书
            </Button>
            <Typography.Text type="secondary">每人一页 A4；可在打印对话框中另存为 PDF</Typography.Text>
          </Space>
          <Form form={form} layout="vertical">
            <Form.Item name="title" label="承诺书标题" rules={[{ required: true, message: '请填写标题' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="body" label={`正文（段落之间空一行；可用 ${PLACEHOLDERS.join(' ')}）`} rules={[{ required: true, message: '请填写正文' }]}>
              <Input.TextArea rows={12} maxLength={20000} />
            </Form.Item>
            <Space>
              <Button onClick={saveTemplate}>保存为新版本</Button>
              {data && <Typography.Text type="secondary">当前为第 {data.template.version} 版{data.template.version === 1 ? '（程序自带的通用文本，请按上级要求修改）' : ''}</Typography.Text>}
            </Space>
          </Form>
        </Space>
      </Col>
      <Col span={15}>
        <div className="letters-preview" data-testid="letters-preview">
          {data?.pages.length ? (
            <div style={{ zoom: 0.55 }}>
              {data.pages.slice(0, PREVIEW_PAGES).map((p) => <LetterPage key={p.memberId} template={data.template} year={data.year} page={p} />)}
            </div>
          ) : (
            <Typography.Text type="secondary">所选范围内没有需要打印的党员</Typography.Text>
          )}
          {data && data.pages.length > PREVIEW_PAGES && <Typography.Text type="secondary">……共 {data.pages.length} 页，预览前 {PREVIEW_PAGES} 页</Typography.Text>}
        </div>
      </Col>
      {data && createPortal(
        <div className="letters-print" data-testid="letters-print-area">
          {data.pages.map((p) => <LetterPage key={p.memberId} template={data.template} year={data.year} page={p} />)}
        </div>,
        document.body,
      )}
    </Row>
  );
}
