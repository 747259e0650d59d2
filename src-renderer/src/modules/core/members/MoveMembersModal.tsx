import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { OrgDto } from '../../../../../src-main/modules/core/contract.ts';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect.tsx';
import { useFreshTarget } from '../../../components/freshForm.tsx';

type Props = { ids: number[] | null; orgs: OrgDto[]; onClose: () => void; onDone: () => void };

// 批量调整组织: moves the selected members to another organization in one transaction (members.move), as a
// dated 调整 event for each (docs/domain/members.md#lifecycle-events): the dues months after the move follow.
// A fresh choice for each selection (components/freshForm.tsx).

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function MoveMembersModal(props: Props) {
  const { key, shown } = useFreshTarget(props.ids);
  return <MoveModal key={key} {...props} ids={shown} open={props.ids !== null} />;
}

function MoveModal({ ids, open, orgs, onClose, onDone }: Props & { open: boolean }) {
  const { message } = App.useApp();
  const [orgId, setOrgId] = useState<number | null>(null);
  // empty: the server's today
  const [date, setDate] = useState('');
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!ids || orgId == null) return;
    setSaving(true);
    try {
      const { moved } = await api.members.move({ ids, orgId, date: date || null });
      message.success(`已将 ${moved} 名党员调整到 ${orgs.find((o) => o.id === orgId)?.name ?? ''}`);
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title="批量调整组织"
      onCancel={onClose}
      onOk={submit}
      okText="调整"
      okButtonProps={{ disabled: orgId == null }}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph>将选中的 {ids?.length ?? 0} 名党员调整到：</Typography.Paragraph>
      <Form.Item style={{ marginBottom: 8 }}>
        <OrgTreeSelect data-testid="move-target" orgs={orgs} value={orgId} onChange={setOrgId} disabled={(o) => o.type === '党组'} />
      </Form.Item>
      <Form.Item label="调整日期" style={{ marginBottom: 8 }} extra="调整当月的党费仍由原组织收缴，以后各月转到新组织">
        <Input data-testid="move-date" value={date} onChange={(e) => setDate(e.target.value.trim())} style={{ width: 160 }} placeholder={`今天（${today()}）`} />
      </Form.Item>
    </Modal>
  );
}
