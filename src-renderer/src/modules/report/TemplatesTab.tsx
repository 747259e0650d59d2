import { Alert, App, Button, Form, Input, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CatalogueDto, TemplateDto } from '../../../../src-main/modules/report/contract.ts';
import type { ReportScope } from './scope.ts';

/**
 * 我的模板: the clerk's own Word templates with placeholders such as {第一议题学习次数}; each is checked when
 * uploaded (an unknown placeholder refuses it, naming it) and kept in the app. Every placeholder the app
 * knows is listed here.
 */
export function TemplatesTab({ catalogue }: { catalogue: CatalogueDto; scope: ReportScope | null }) {
  const { message } = App.useApp();
  const [templates, setTemplates] = useState<TemplateDto[]>([]);
  const [refused, setRefused] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const reload = useCallback(async () => setTemplates(await api.report.templates({})), []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const placeholders = useMemo(
    () => catalogue.placeholders.filter((p) => !search.trim() || p.text.includes(search.trim()) || p.meaning.includes(search.trim())),
    [catalogue, search],
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        在自己的 Word 文档中需要填数字的地方写上占位符（如 <Typography.Text code>{'{党员总数}'}</Typography.Text>、
        <Typography.Text code>{'{专题学习次数:二十大精神}'}</Typography.Text>），上传后在“工作总结草稿”中选择该模板下载，数字会按所选党组织和期间自动填入。
      </Typography.Paragraph>
      <Space wrap>
        <Upload
          accept=".docx"
          showUploadList={false}
          beforeUpload={async (file) => {
            try {
              const bytes = new Uint8Array(await file.arrayBuffer());
              const t = await api.report.saveTemplate({ fileName: file.name, bytes });
              setRefused(null);
              message.success(`已保存模板“${t.fileName}”，含 ${t.placeholders.length} 个占位符`);
              await reload();
            } catch (e) {
              setRefused((e as Error).message);
            }
            return Upload.LIST_IGNORE;
          }}
        >
          <Button type="primary" data-testid="template-upload">上传 Word 模板（.docx）</Button>
        </Upload>
      </Space>
      {refused && <Alert type="error" showIcon closable onClose={() => setRefused(null)} message={refused} data-testid="template-refused" />}
      <div data-testid="template-list">
        <Table<TemplateDto>
          size="small"
          rowKey="id"
          pagination={false}
          locale={{ emptyText: '尚未上传模板' }}
          dataSource={templates}
          columns={[
            { title: '模板', dataIndex: 'fileName' },
            { title: '占位符', dataIndex: 'placeholders', render: (p: string[]) => <Typography.Text type="secondary">{p.join(' ')}</Typography.Text> },
            { title: '上传时间', dataIndex: 'uploadedAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            {
              title: '',
              key: 'delete',
              width: 70,
              render: (_: unknown, t: TemplateDto) => (
                <Popconfirm title={`删除模板“${t.fileName}”？`} okText="删除" cancelText="取消" onConfirm={async () => {
                  await api.report.deleteTemplate({ id: t.id });
                  await reload();
                }}>
                  <Button type="link" size="small" danger>删除</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </div>
      <Form layout="inline">
        <Form.Item label="查找占位符">
          <Input data-testid="placeholder-search" allowClear value={search} onChange={(e) => setSearch(e.target.value)} placeholder="如 党费" style={{ width: 220 }} />
        </Form.Item>
      </Form>
      <div data-testid="placeholder-list">
        <Table
          size="small"
          rowKey="text"
          dataSource={placeholders}
          pagination={{ pageSize: 12, showSizeChanger: false, hideOnSinglePage: true }}
          columns={[
            { title: '占位符', dataIndex: 'text', width: 300, render: (v: string) => <Typography.Text copyable code>{v}</Typography.Text> },
            { title: '填入的内容', dataIndex: 'meaning' },
          ]}
        />
      </div>
    </Space>
  );
}
