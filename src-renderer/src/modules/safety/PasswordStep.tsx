import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import type { PasswordSetResult } from '../../../../src-main/modules/safety/contract.ts';
import type { SetupStepProps } from '../setup.ts';
import { RecoveryKeyModal, SetPasswordModal } from './BackupPage.tsx';
import { useSafety } from './SafetyGate.tsx';

// First-run step after the clerk's name: an optional password, which encrypts the database and every
// backup (docs/safety.md). Skipping it is allowed; the app then shows its warning banner until one is set.
export function PasswordStep({ next, back, last }: SetupStepProps) {
  const { status, refresh } = useSafety();
  const [setting, setSetting] = useState(false);
  const [result, setResult] = useState<PasswordSetResult | null>(null);
  if (status?.encrypted && !result) {
    return (
      <div data-testid="setup-password">
        <Typography.Paragraph>数据库已设置密码并加密。</Typography.Paragraph>
        <Space>
          {back ? <Button onClick={back}>上一步</Button> : null}
          <Button type="primary" onClick={next}>{last ? '完成' : '下一步'}</Button>
        </Space>
      </div>
    );
  }
  return (
    <div data-testid="setup-password">
      <Typography.Paragraph>
        建议设置一个密码：设置后，数据库和所有备份都会加密，别人拿到这台电脑或 U 盘上的文件也打不开；离开电脑一段时间后程序会自动锁定。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">设置密码时会显示一个恢复密钥，请打印或抄写后放入保险柜：忘记密码时只有它能重设密码。</Typography.Paragraph>
      <Space>
        {back ? <Button onClick={back}>上一步</Button> : null}
        <Button onClick={next} data-testid="setup-password-skip">暂不设置</Button>
        <Button type="primary" onClick={() => setSetting(true)} data-testid="setup-password-set">设置密码</Button>
      </Space>
      {setting && (
        <SetPasswordModal
          onClose={() => setSetting(false)}
          onDone={(r) => {
            setSetting(false);
            setResult(r);
          }}
        />
      )}
      {result && (
        <RecoveryKeyModal
          result={result}
          onClose={() => {
            setResult(null);
            void refresh().then(next);
          }}
        />
      )}
    </div>
  );
}
