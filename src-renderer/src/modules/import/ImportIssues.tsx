import { Alert, Select, Space, Typography } from 'antd';
import type { ImportFileInput, ImportPreview } from '../../../../src-main/modules/import/contract.ts';
import { DEFAULT_CATEGORIES, type DefaultCategory } from '../../../../src-main/modules/import/contract.ts';

// What the clerk must see before importing, above the rows: sheets refused or not read, columns left out
// (with why), rows whose 人员类别 the import decided (and the default to change it), and the organizations
// that would be created — with where they go, choosable.

const TOP_LEVEL = '\u0000top';

export function ImportIssues(props: {
  preview: ImportPreview;
  options: Pick<ImportFileInput, 'parent' | 'defaultCategory'>;
  orgOptions: { value: string; label: string }[];
  onDefaultCategory: (v: DefaultCategory) => void;
  onParent: (v: string | undefined) => void;
}) {
  const { preview, options } = props;
  const refused = preview.sheets.filter((s) => s.refused);
  const unread = preview.sheets.filter((s) => s.skipped && s.skipped !== '未选择');
  const columnNotes = preview.sheetIssues.filter((i) => !preview.sheets.some((s) => s.name === i.sheet && s.refused === i.message));
  const unmapped = preview.sheets.flatMap((s) => s.unmapped.map((u) => ({ sheet: s.name, ...u })));
  const items: { key: string; type: 'error' | 'warning' | 'info'; message: React.ReactNode; description?: React.ReactNode }[] = [];

  for (const s of refused) items.push({ key: `refused-${s.name}`, type: 'error', message: `工作表“${s.name}”未导入（${s.rowCount} 行）`, description: s.refused });
  if (columnNotes.length) {
    items.push({
      key: 'columns',
      type: 'warning',
      message: '按内容调整的列',
      description: (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {columnNotes.map((n, i) => <li key={i}>{preview.sheets.length > 1 ? `${n.sheet}：` : ''}{n.message}</li>)}
        </ul>
      ),
    });
  }
  if (unmapped.length) {
    items.push({
      key: 'unmapped',
      type: 'warning',
      message: `未匹配的列（不导入）：${unmapped.map((u) => `${preview.sheets.length > 1 ? `${u.sheet} ` : ''}${u.column}列${u.heading ? `“${u.heading}”` : '（无表头）'}`).join('、')}`,
      description: '如需导入，请在下方“工作表与列的对应”中为这些列选择对应的党员信息。',
    });
  }
  if (preview.categoryInferred > 0) {
    items.push({
      key: 'category',
      type: 'info',
      message: `${preview.categoryInferred} 行没有填写人员类别，已按规则确定`,
      description: (
        <Space wrap>
          <Typography.Text>有转正日期的为正式党员；没有转正日期时：</Typography.Text>
          <Select<DefaultCategory>
            size="small"
            style={{ width: 400 }}
            value={options.defaultCategory ?? '按入党时间'}
            data-testid="import-default-category"
            onChange={props.onDefaultCategory}
            options={DEFAULT_CATEGORIES.map((c) => ({
              value: c,
              label: c === '按入党时间' ? '按入党时间（满一年为正式党员，并提示补录转正日期）' : `全部按${c}导入`,
            }))}
          />
        </Space>
      ),
    });
  }
  if (preview.createOrgs.length) {
    items.push({
      key: 'orgs',
      type: 'info',
      message: `将新建 ${preview.createOrgs.length} 个党组织：${preview.createOrgs.map((o) => `${o.name}（${o.type}）`).join('、')}`,
      description: (
        <Space wrap>
          <Typography.Text>新建到：</Typography.Text>
          <Select
            size="small"
            showSearch
            optionFilterProp="label"
            style={{ width: 320 }}
            value={options.parent ?? TOP_LEVEL}
            data-testid="import-parent"
            onChange={(v) => props.onParent(v === TOP_LEVEL ? undefined : v)}
            options={[{ value: TOP_LEVEL, label: '顶级（不设上级组织）' }, ...props.orgOptions]}
          />
          <Typography.Text type="secondary">之下</Typography.Text>
        </Space>
      ),
    });
  }
  for (const s of unread) items.push({ key: `unread-${s.name}`, type: 'info', message: `工作表“${s.name}”未读取：${s.skipped}` });

  if (!items.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8} data-testid="import-issues">
      {items.map((i) => <Alert key={i.key} type={i.type} showIcon message={i.message} description={i.description} />)}
    </Space>
  );
}
