import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { api } from '../../api/client.ts';
import type { SafetyStatus } from '../../../../src-main/modules/safety/contract.ts';

// The password screen (docs/safety.md#unlock-and-lock): clear about caps lock, a pause after several
// wrong tries (counted down), and the recovery key as the way back when the password is forgotten.

export function UnlockScreen({ status, onUnlocked }: { status: SafetyStatus; onUnlocked: (s: SafetyStatus) => void }) {
  const [password, setPassword] = useState('');
  const [caps, setCaps] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState(status.retryAfterSeconds);
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  const watchCaps = (e: KeyboardEvent) => setCaps(e.getModifierState?.('CapsLock') ?? false);

  const unlock = async () => {
    if (!password || wait > 0) return;
    setBusy(true);
    try {
      onUnlocked(await api.safety.unlock({ password }));
    } catch (e) {
      const err = e as Error & { details?: { retryAfterSeconds?: number } };
      setError(err.message);
      setWait(err.details?.retryAfterSeconds ?? 0);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 420 }} data-testid="unlock-screen">
        <Typography.Title level={4} style={{ color: '#c00000', marginTop: 0 }}>党务 · 已锁定</Typography.Title>
        {!resetting ? (
          <>
            <Typography.Paragraph type="secondary">数据已加密。请输入密码解锁。</Typography.Paragraph>
            <Input.Password
              autoFocus
              size="large"
              placeholder="密码"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              onKeyDown={watchCaps}
              onKeyUp={watchCaps}
              onPressEnter={() => void unlock()}
              disabled={wait > 0}
              data-testid="unlock-password"
            />
            {caps && <Alert style={{ marginTop: 8 }} type="warning" showIcon message="键盘的大写锁定（Caps Lock）已打开，密码区分大小写" data-testid="caps-lock" />}
            {error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={error} data-testid="unlock-error" />}
            {wait > 0 && <Alert style={{ marginTop: 8 }} type="info" showIcon message={`请 ${wait} 秒后再试`} />}
            <Space style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }}>
              <Button type="link" onClick={() => setResetting(true)} style={{ padding: 0 }} data-testid="forgot-password">
                忘记密码？用恢复密钥重置
              </Button>
              <Button type="primary" loading={busy} disabled={!password || wait > 0} onClick={() => void unlock()} data-testid="unlock-button">
                解锁
              </Button>
            </Space>
          </>
        ) : (
          <ResetForm onDone={onUnlocked} onCancel={() => setResetting(false)} />
        )}
      </Card>
    </div>
  );
}

function ResetForm({ onDone, onCancel }: { onDone: (s: SafetyStatus) => void; onCancel: () => void }) {
  const [form] = Form.useForm<{ recoveryKey: string; newPassword: string; again: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      onDone(await api.password.reset({ recoveryKey: v.recoveryKey, newPassword: v.newPassword }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={() => void submit()}>
      <Typography.Paragraph type="secondary">输入设置密码时打印的恢复密钥（40 位数字），再设一个新密码。</Typography.Paragraph>
      <Form.Item name="recoveryKey" label="恢复密钥" rules={[{ required: true, message: '请输入恢复密钥' }]}>
        <Input placeholder="12345-67890-…" data-testid="reset-recovery-key" />
      </Form.Item>
      <NewPasswordFields />
      {error && <Alert style={{ marginBottom: 8 }} type="error" showIcon message={error} />}
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Button onClick={onCancel}>返回</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="reset-submit">重置密码并解锁</Button>
      </Space>
    </Form>
  );
}

/** 新密码 twice, with the rules the main process checks too (at least 8 characters) */
export function NewPasswordFields({ prefix = '' }: { prefix?: string }) {
  return (
    <>
      <Form.Item
        name="newPassword"
        label={`${prefix}新密码`}
        rules={[{ required: true, message: '请输入新密码' }, { min: 8, message: '密码至少需要 8 个字符' }]}
        extra="至少 8 个字符。请牢记；忘记时只能用恢复密钥重置。"
      >
        <Input.Password data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="again"
        label="再输入一次"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再输入一次新密码' },
          ({ getFieldValue }) => ({
            validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
          }),
        ]}
      >
        <Input.Password data-testid="new-password-again" />
      </Form.Item>
    </>
  );
}
