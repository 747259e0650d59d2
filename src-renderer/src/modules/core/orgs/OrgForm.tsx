import { App, Button, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../../../api/client.ts';
import type { OrgDto } from '../../../../../src-main/modules/core/contract.ts';
import { DEFAULT_TERM_YEARS, ORG_TYPES, type OrgType } from '../../../../../src-main/contract/shared.ts';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect.tsx';
import { PartialDateInput } from '../../../components/PartialDateInput.tsx';
import { subtreeIds } from '../../../components/orgTree.ts';
import { toOptions } from '../../../components/options.ts';
import { FormDrawer, freshPerTarget, validated } from '../../../components/freshForm.tsx';

interface Values {
  name: string;
  shortName?: string;
  type: OrgType;
  parentId?: number | null;
  secretaryId?: number | null;
  establishedOn?: string;
  dissolvedOn?: string;
  termStart?: string;
  termYears?: number | null;
  postponedUntil?: string;
  postponementNote?: string;
  sortOrder?: number;
}

export interface OrgFormTarget {
  /** the organization being edited, or none for a new one */
  org?: OrgDto;
  /** preset parent when adding a sub-organization */
  parentId?: number | null;
}

const blank = (s: string | undefined | null) => (s && s.trim() ? s.trim() : null);

interface Props {
  target: OrgFormTarget | null;
  orgs: OrgDto[];
  onClose: () => void;
  onSaved: (org: OrgDto) => void;
}

/**
 * add / edit one organization in a drawer; server refusals land beside the field they name. Each opening is
 * a fresh form (freshPerTarget): nothing of the organization shown before can appear in it.
 */
export const OrgForm = freshPerTarget<OrgFormTarget, Props>(OrgFormDrawer);

/** the type a new sub-organization usually has under a parent of this type (docs/domain/organizations.md#vocabulary) */
function childTypeOf(parent: OrgDto | undefined): OrgType {
  if (!parent) return '党支部';
  if (parent.type === '党支部' || parent.type === '联合党支部') return '党小组';
  return '党支部';
}

function OrgFormDrawer({ target, open, orgs, onClose, onSaved }: Props & { open: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const editing = target?.org;

  const parent = target?.parentId != null ? orgs.find((o) => o.id === target.parentId) : undefined;
  const typeDefault: OrgType = target?.parentId != null ? childTypeOf(parent) : '党委';
  const o = target?.org;
  const initialValues: Partial<Values> = o
    ? {
        name: o.name, shortName: o.shortName ?? '', type: o.type as OrgType, parentId: o.parentId,
        secretaryId: o.secretaryId, establishedOn: o.establishedOn ?? '', dissolvedOn: o.dissolvedOn ?? '', termStart: o.termStart ?? '',
        termYears: o.termYears, postponedUntil: o.postponedUntil ?? '', postponementNote: o.postponementNote ?? '',
        sortOrder: o.sortOrder,
      }
    : { type: typeDefault, parentId: target?.parentId ?? null, termYears: DEFAULT_TERM_YEARS[typeDefault], sortOrder: 0 };
  /** the clerk typed a term length: changing the type no longer overwrites it */
  const termYearsTyped = useRef(false);

  // an organization cannot sit under itself or its own descendants
  const forbidden = useMemo(() => (editing ? subtreeIds(orgs, editing.id) : new Set<number>()), [orgs, editing]);
  const disableParent = useMemo(() => (o: OrgDto) => forbidden.has(o.id) || o.type === '党小组', [forbidden]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      const saved = await api.orgs.save({
        id: editing?.id,
        org: {
          name: v.name.trim(),
          shortName: blank(v.shortName),
          type: v.type,
          parentId: v.parentId ?? null,
          secretaryId: v.secretaryId ?? null,
          establishedOn: blank(v.establishedOn),
          dissolvedOn: blank(v.dissolvedOn),
          termStart: blank(v.termStart),
          termYears: v.termYears ?? null,
          postponedUntil: blank(v.postponedUntil),
          postponementNote: blank(v.postponementNote),
          sortOrder: v.sortOrder ?? 0,
        },
      });
      message.success(`已保存：${saved.name}`);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.field && e.field in (form.getFieldsValue(true) as object)) {
        form.setFields([{ name: e.field as keyof Values, errors: [e.message] }]);
      }
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDrawer
      open={open}
      form={form}
      onClose={onClose}
      size={620}
      title={editing ? `编辑组织：${editing.name}` : parent ? `新增下级组织：${parent.name}` : '新增组织'}
      actions={(close) => (
        <Space>
          <Button onClick={close} data-testid="org-cancel">取消</Button>
          <Button type="primary" loading={saving} onClick={submit} data-testid="org-save">保存</Button>
        </Space>
      )}
    >
      {target ? (
      <Form
        form={form}
        layout="vertical"
        data-testid="org-form"
        initialValues={initialValues}
        onValuesChange={(changed: Partial<Values>) => {
          if ('termYears' in changed) termYearsTyped.current = true;
        }}
      >
        <Form.Item name="name" label="组织全称" rules={[{ required: true, whitespace: true, message: '请填写组织全称' }]}>
          <Input data-testid="org-name" placeholder="如：中共某某街道工作委员会" maxLength={100} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="shortName" label="简称">
              <Input data-testid="org-short" placeholder="如：街道党工委" maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label="组织类型" rules={[{ required: true, message: '请选择组织类型' }]}
              extra="党组不含党员；党小组设在党支部下">
              <Select
                data-testid="org-type"
                options={toOptions(ORG_TYPES)}
                onChange={(t: OrgType) => {
                  // term length follows the type unless the clerk typed their own
                  if (!termYearsTyped.current) form.setFieldValue('termYears', DEFAULT_TERM_YEARS[t]);
                }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="parentId" label="上级组织">
              <OrgTreeSelect data-testid="org-parent" orgs={orgs} disabled={disableParent} allowClear placeholder="无（最上级）" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="secretaryId" label="书记">
              <MemberSelect data-testid="org-secretary" currentLabel={editing?.secretary} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="establishedOn" label="成立日期">
              <PartialDateInput data-testid="org-established" placeholder="如 2021-06-15" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="termStart" label="本届任期开始">
              <PartialDateInput data-testid="org-term-start" placeholder="如 2021-06-15" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="termYears" label="任期年限">
              <InputNumber data-testid="org-term-years" min={1} max={10} suffix="年" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="postponedUntil" label="延期换届截止" extra="经批准延期的，最长一年">
              <PartialDateInput data-testid="org-postponed" placeholder="如 2026-06-30" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="postponementNote" label="延期批准说明">
              <Input data-testid="org-postpone-note" placeholder="批准机关、文号、日期" maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="dissolvedOn" label="撤销日期" extra="已撤销的组织不再计入党内统计">
              <PartialDateInput data-testid="org-dissolved" placeholder="未撤销不填" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sortOrder" label="排序" extra="数字小的排在前面">
              <InputNumber data-testid="org-sort" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      ) : null}
    </FormDrawer>
  );
}
