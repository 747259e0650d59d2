import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { BackupDto, PasswordSetResult, RestorePreview } from '../../../../src-main/modules/safety/contract.ts';
import { useSafety } from './SafetyGate.tsx';
import { SafetySettingsCard } from './SafetySettingsCard.tsx';
import { NewPasswordFields } from './UnlockScreen.tsx';

// 备份与恢复 (docs/safety.md): the password (set / change), the backups with date, size, member count and
// 最后操作, a backup now, verify, and restore with its preview, a backup of the current state first,
// and undo.

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
const size = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

export default function BackupPage() {
  const { message } = App.useApp();
  const { status, refresh } = useSafety();
  const [rows, setRows] = useState<BackupDto[]>([]);
  const [loading, setLoading] = useState(true);
  const [working, setWorking] = useState(false);
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [undoFile, setUndoFile] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<PasswordSetResult | null>(null);
  const [settingPassword, setSettingPassword] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows(await api.backup.list({}));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [message]);
  useEffect(() => {
    void load();
  }, [load]);

  const backupNow = async () => {
    setWorking(true);
    try {
      const r = await api.backup.create({});
      message.success(`备份完成（${r.seconds.toFixed(1)} 秒）`);
      if (r.secondCopy) message.success(`已复制到第二备份文件夹：${r.secondCopy}`);
      if (r.secondFolderError) message.warning(r.secondFolderError, 10);
      await Promise.all([load(), refresh()]);
    } catch (e) {
      message.error((e as Error).message, 8);
    } finally {
      setWorking(false);
    }
  };

  const verify = async (b: BackupDto) => {
    try {
      const r = await api.backup.verify({ file: b.file });
      message.success(r.message, 6);
    } catch (e) {
      message.error((e as Error).message, 8);
    }
  };

  const askRestore = async (b: BackupDto) => {
    try {
      setPreview(await api.backup.preview({ file: b.file }));
    } catch (e) {
      message.error((e as Error).message, 8);
    }
  };

  const restore = async (file: string, undo = false) => {
    setWorking(true);
    try {
      const r = await api.backup.restore({ file });
      setPreview(null);
      setUndoFile(undo ? null : r.undoFile);
      message.success(undo ? '已撤销恢复，数据回到恢复之前' : `已恢复到 ${when(r.restored.createdAt)} 的备份`);
      await Promise.all([load(), refresh()]);
    } catch (e) {
      message.error((e as Error).message, 8);
    } finally {
      setWorking(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 1100 }} size={16}>
      {undoFile && (
        <Alert
          type="success"
          showIcon
          message="已从备份恢复。恢复前的数据已自动备份。"
          action={<Button size="small" onClick={() => void restore(undoFile, true)} loading={working} data-testid="undo-restore">撤销恢复</Button>}
          closable
          onClose={() => setUndoFile(null)}
        />
      )}
      <Card size="small" title="密码与加密">
        {status?.encrypted ? (
          <Space>
            <Tag color="green" data-testid="encrypted-tag">数据库已加密</Tag>
            <Button onClick={() => setChangingPassword(true)} data-testid="change-password">修改密码</Button>
            <Typography.Text type="secondary">离开座位时按 Ctrl+L 或点右上角“锁定”。</Typography.Text>
          </Space>
        ) : (
          <Space direction="vertical">
            <Typography.Text type="danger">还没有设置密码：数据库没有加密，任何人复制数据文件即可看到全部党员信息。</Typography.Text>
            <Button type="primary" onClick={() => setSettingPassword(true)} data-testid="set-password">设置密码并加密数据库</Button>
          </Space>
        )}
      </Card>

      <Card
        size="small"
        title="备份"
        extra={
          <Button type="primary" onClick={() => void backupNow()} loading={working} data-testid="backup-now">
            立即备份
          </Button>
        }
      >
        <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="最近一次备份">{status?.lastBackupAt ? when(status.lastBackupAt) : '还没有'}</Descriptions.Item>
          <Descriptions.Item label="最近一次复制到数据文件夹以外">{status?.lastOutsideCopyAt ? when(status.lastOutsideCopyAt) : '还没有'}</Descriptions.Item>
          <Descriptions.Item label="保留规则">每天 1 份保留 7 天，每周 1 份保留 4 周，每月 1 份保留 12 个月</Descriptions.Item>
        </Descriptions>
        <Table<BackupDto>
          size="small"
          rowKey="file"
          loading={loading}
          dataSource={rows}
          data-testid="backup-list"
          pagination={{ pageSize: 10 }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', width: 170, render: when },
            { title: '类型', dataIndex: 'reasonLabel', width: 130 },
            { title: '位置', dataIndex: 'location', width: 90, render: (l: string) => (l === 'local' ? '本机' : '第二文件夹') },
            { title: '大小', dataIndex: 'size', width: 90, render: size },
            { title: '党员人数', dataIndex: 'members', width: 90 },
            { title: '最后操作', render: (_, b) => (b.lastAction ? `${when(b.lastAction.at)} ${b.lastAction.actor} ${b.lastAction.action}` : '—'), ellipsis: true },
            { title: '加密', dataIndex: 'encrypted', width: 70, render: (e: boolean, b) => (b.foreign ? <Tag color="orange">其他数据库</Tag> : e ? <Tag color="green">是</Tag> : <Tag>否</Tag>) },
            {
              title: '操作',
              width: 150,
              render: (_, b) => (
                <Space size={4}>
                  <Button size="small" onClick={() => void verify(b)} data-testid="verify-backup">校验</Button>
                  <Button size="small" danger onClick={() => void askRestore(b)} data-testid="restore-backup">恢复</Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <SafetySettingsCard />

      {preview && (
        <Modal
          open
          title={`恢复到 ${when(preview.backup.createdAt)} 的备份？`}
          okText="恢复"
          okButtonProps={{ danger: true, loading: working, 'data-testid': 'confirm-restore' } as never}
          cancelText="取消"
          onOk={() => void restore(preview.backup.file)}
          onCancel={() => setPreview(null)}
          width={640}
        >
          <Typography.Paragraph>恢复前会先自动备份当前的数据，恢复后可以撤销。</Typography.Paragraph>
          <Table
            size="small"
            rowKey="module"
            pagination={false}
            dataSource={preview.changes}
            data-testid="restore-changes"
            columns={[
              { title: '模块', dataIndex: 'title' },
              { title: '现在（条）', dataIndex: 'current' },
              { title: '恢复后（条）', dataIndex: 'backup' },
            ]}
          />
          {preview.lostActions.length > 0 && (
            <>
              <Typography.Paragraph strong style={{ marginTop: 12 }}>备份之后的这些操作将被撤销：</Typography.Paragraph>
              <ul style={{ maxHeight: 160, overflow: 'auto' }} data-testid="restore-lost">
                {preview.lostActions.map((a, i) => (
                  <li key={i}>{`${when(a.at)} ${a.actor} ${a.action}`}</li>
                ))}
              </ul>
            </>
          )}
        </Modal>
      )}

      {settingPassword && (
        <SetPasswordModal
          onClose={() => setSettingPassword(false)}
          onDone={async (r) => {
            setSettingPassword(false);
            setRecovery(r);
            await Promise.all([load(), refresh()]);
          }}
        />
      )}
      {changingPassword && <ChangePasswordModal onClose={() => setChangingPassword(false)} />}
      {recovery && <RecoveryKeyModal result={recovery} onClose={() => setRecovery(null)} />}
    </Space>
  );
}

/** the first password: the database is encrypted in place (also what the first-run wizard calls) */
export function SetPasswordModal({ onClose, onDone }: { onClose: () => void; onDone: (r: PasswordSetResult) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string; again: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      onDone(await api.password.set({ newPassword: v.newPassword }));
    } catch (e) {
      message.error((e as Error).message, 8);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="设置密码" okText="设置并加密" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={busy} okButtonProps={{ 'data-testid': 'set-password-ok' } as never}>
      <Typography.Paragraph type="secondary">设置后，数据库和备份都会加密；打开程序、离开后回来都要输入密码。</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <NewPasswordFields />
      </Form>
    </Modal>
  );
}

function ChangePasswordModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; newPassword: string; again: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.password.change({ password: v.password, newPassword: v.newPassword });
      message.success('密码已修改');
      onClose();
    } catch (e) {
      message.error((e as Error).message, 8);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="修改密码" okText="修改" cancelText="取消" onOk={() => void submit()} onCancel={onClose} confirmLoading={busy}>
      <Form form={form} layout="vertical">
        <Form.Item name="password" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password />
        </Form.Item>
        <NewPasswordFields />
      </Form>
    </Modal>
  );
}

/** shown once: the recovery key, to print and keep in the safe */
export function RecoveryKeyModal({ result, onClose }: { result: PasswordSetResult; onClose: () => void }) {
  const print = () => {
    const w = window.open('', '_blank', 'width=600,height=400');
    if (!w) return;
    w.document.title = '党务恢复密钥';
    const p = w.document.createElement('div');
    p.style.cssText = 'font-family:sans-serif;padding:32px';
    p.innerHTML = '<h2>党务 · 恢复密钥</h2><p>忘记密码时，只有这个密钥能重置密码。请锁进保险柜，不要与电脑放在一起。</p>';
    const k = w.document.createElement('p');
    k.style.cssText = 'font-size:22px;font-family:monospace;letter-spacing:2px';
    k.textContent = result.recoveryKey;
    p.appendChild(k);
    w.document.body.appendChild(p);
    w.print();
  };
  return (
    <Modal open title="请打印恢复密钥" closable={false} mask={{ closable: false }} footer={<Space><Button onClick={print}>打印</Button><Button type="primary" onClick={onClose} data-testid="recovery-done">我已打印并妥善保管</Button></Space>}>
      <Alert type="warning" showIcon message="恢复密钥只显示这一次" description="忘记密码时，只有它能重置密码。请打印后锁进保险柜，不要与电脑放在一起。" />
      <Typography.Paragraph copyable style={{ fontSize: 20, fontFamily: 'monospace', margin: '16px 0' }} data-testid="recovery-key">
        {result.recoveryKey}
      </Typography.Paragraph>
      {(result.backupsEncrypted > 0 || result.backupsDeleted > 0) && (
        <Typography.Paragraph type="secondary">
          原有的未加密备份：已加密 {result.backupsEncrypted} 份{result.backupsDeleted ? `，无法读取而删除 ${result.backupsDeleted} 份` : ''}。
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
