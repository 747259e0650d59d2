import { Alert, App, Button, Form, Input, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, saveFile } from '../../api/client.ts';
import type { SectionKey, SectionsDto, TemplateDto } from '../../../../src-main/modules/report/contract.ts';
import { SECTION_KEYS, SECTION_LABELS } from '../../../../src-main/modules/report/contract.ts';
import type { ReportScope } from './scope.ts';

const HINTS: Record<SectionKey, string> = {
  intro: '不填时使用默认开头语',
  extra: '写入“一、主要工作情况”最后一部分',
  problems: '每段一行，如：一是……',
  plans: '每段一行，如：一是……',
};

/**
 * 工作总结草稿: the parts the clerk writes, kept per period (the last period's text offered to start from),
 * and the Word draft — built in, or from one of the clerk's templates
 */
export function DraftTab({ scope }: { scope: ReportScope }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<SectionKey, string>>();
  const [sections, setSections] = useState<SectionsDto | null>(null);
  const [templates, setTemplates] = useState<TemplateDto[]>([]);
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [busy, setBusy] = useState<'save' | 'docx' | null>(null);
  // typed since the last save (or the text is the last period's, not yet saved for this one)
  const [dirty, setDirty] = useState(false);

  const load = useCallback(async () => {
    try {
      const s = await api.report.sections({ org: scope.orgId, period: scope.period });
      setSections(s);
      form.setFieldsValue(s.sections);
      setDirty(false);
    } catch (e) {
      setSections(null);
      message.error((e as Error).message);
    }
  }, [scope.orgId, scope.period, form, message]);
  useEffect(() => {
    const t = setTimeout(() => void load(), 350);
    return () => clearTimeout(t);
  }, [load]);
  useEffect(() => {
    void api.report.templates({}).then(setTemplates);
  }, []);

  const store = async () => {
    const s = await api.report.saveSections({ org: scope.orgId, period: scope.period, sections: form.getFieldsValue() });
    setSections(s);
    setDirty(false);
    return s;
  };

  const save = async () => {
    setBusy('save');
    try {
      const s = await store();
      message.success(`已保存${s.period.label}的工作总结内容`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    setBusy('docx');
    try {
      // what is on the screen is what goes into the draft: kept for this period first
      if (sections?.carriedFrom || dirty) await store();
      const file = await api.report.docx({ org: scope.orgId, period: scope.period, compare: scope.compare, withSubOrgs: scope.withSubOrgs, templateId });
      saveFile(file);
    } catch (e) {
      message.error((e as Error).message, 8);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 900 }}>
      {sections?.carriedFrom && (
        <Alert
          type="info"
          showIcon
          data-testid="sections-carried"
          message={`${sections.period.label}尚未填写，下面是${sections.carriedFrom.label}的内容，可在此基础上修改后保存。`}
        />
      )}
      <Form form={form} layout="vertical" onValuesChange={() => setDirty(true)}>
        {SECTION_KEYS.map((key) => (
          <Form.Item key={key} name={key} label={SECTION_LABELS[key]} extra={HINTS[key]}>
            <Input.TextArea data-testid={`section-${key}`} autoSize={{ minRows: key === 'problems' || key === 'plans' ? 4 : 2, maxRows: 12 }} />
          </Form.Item>
        ))}
      </Form>
      <Space wrap>
        <Button onClick={save} loading={busy === 'save'} data-testid="sections-save">保存</Button>
        <span>Word 文档</span>
        <Select
          data-testid="draft-template"
          style={{ width: 260 }}
          value={templateId ?? 0}
          onChange={(v) => setTemplateId(v || null)}
          options={[{ value: 0, label: '内置工作总结草稿' }, ...templates.map((t) => ({ value: t.id, label: `我的模板：${t.fileName}` }))]}
        />
        <Button type="primary" onClick={download} loading={busy === 'docx'} data-testid="draft-download">下载 Word 文档</Button>
        <Typography.Text type="secondary">数字按“各项指标”的统计期间和党组织自动填入</Typography.Text>
      </Space>
    </Space>
  );
}
