import { AutoComplete, Button, Checkbox, Form, Select, Space, Tabs, Tooltip } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useOrgs } from '../../components/useOrgs.ts';
import type { CatalogueDto } from '../../../../src-main/modules/report/contract.ts';
import { DraftTab } from './DraftTab.tsx';
import { FiguresTab } from './FiguresTab.tsx';
import { TemplatesTab } from './TemplatesTab.tsx';
import { defaultPeriod, periodOptions, yearBefore, type ReportScope } from './scope.ts';

// 工作总结 (docs/domain/report.md): the figures of a period for an organization and its subtree, each
// traceable to its records and beside a comparison period; the sections the clerk writes; the Word draft
// and the clerk's own templates.
export default function ReportPage() {
  const { orgs } = useOrgs();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [period, setPeriod] = useState(() => defaultPeriod(new Date()));
  const [compare, setCompare] = useState('');
  const [withSubOrgs, setWithSubOrgs] = useState(true);
  const [tags, setTags] = useState<string[]>([]);
  const [catalogue, setCatalogue] = useState<CatalogueDto | null>(null);
  const options = useMemo(() => periodOptions(new Date()), []);

  useEffect(() => {
    if (orgId === null && orgs.length) setOrgId((orgs.find((o) => o.parentId === null && o.type !== '党组') ?? orgs[0]).id);
  }, [orgs, orgId]);
  useEffect(() => {
    void api.report.catalogue({}).then(setCatalogue);
  }, []);

  const tagValues = useMemo(() => {
    const list = catalogue?.placeholders.filter((p) => /^\{[^:]+:[^<…]+\}$/.test(p.text) && catalogue.figures.some((f) => f.param?.kind === 'tag' && p.text.startsWith(`{${f.label}:`)));
    return [...new Set((list ?? []).map((p) => p.text.slice(p.text.indexOf(':') + 1, -1)))];
  }, [catalogue]);
  const scope: ReportScope | null = orgId === null || !period.trim() ? null : { orgId, period: period.trim(), compare: compare.trim() || null, withSubOrgs, tags };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Form layout="inline" style={{ rowGap: 8 }}>
        <Form.Item label="党组织">
          <OrgTreeSelect data-testid="report-org" orgs={orgs} value={orgId} onChange={setOrgId} style={{ width: 300 }} />
        </Form.Item>
        <Form.Item label="含下级组织">
          <Checkbox data-testid="report-sub-orgs" checked={withSubOrgs} onChange={(e) => setWithSubOrgs(e.target.checked)} />
        </Form.Item>
        <Form.Item label="统计期间" tooltip="可选，也可直接输入：2026、2026-H1、2026-Q3、2026-07 或 2026-03-01..2026-05-31">
          <AutoComplete data-testid="report-period" style={{ width: 210 }} value={period} onChange={setPeriod} options={options} placeholder="如 2026-H1" />
        </Form.Item>
        <Form.Item label="对比期间">
          <Space.Compact>
            <AutoComplete data-testid="report-compare" style={{ width: 170 }} value={compare} onChange={setCompare} options={options} placeholder="不对比" allowClear />
            <Tooltip title="与上年同期对比">
              <Button data-testid="report-compare-last-year" onClick={() => setCompare(yearBefore(period))}>同比</Button>
            </Tooltip>
          </Space.Compact>
        </Form.Item>
        <Form.Item label="专题">
          <Select
            data-testid="report-tags"
            mode="tags"
            style={{ minWidth: 230 }}
            value={tags}
            onChange={setTags}
            placeholder="按专题统计（可输入）"
            options={tagValues.map((t) => ({ value: t, label: t }))}
          />
        </Form.Item>
      </Form>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'figures', label: '各项指标', children: scope && catalogue ? <FiguresTab scope={scope} catalogue={catalogue} /> : null },
          { key: 'draft', label: '工作总结草稿', children: scope ? <DraftTab scope={scope} /> : null },
          { key: 'templates', label: '我的模板', children: catalogue ? <TemplatesTab catalogue={catalogue} scope={scope} /> : null },
        ]}
      />
    </Space>
  );
}
