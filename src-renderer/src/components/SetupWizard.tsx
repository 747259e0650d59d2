import { App, Modal, Steps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { Settings } from '../../../src-main/modules/core/contract.ts';
import { SETUP_STEPS } from '../modules/setup.ts';

// The first-run wizard: on a database where it has not been gone through, the steps that have something to
// do (src-renderer/src/modules/setup.ts) one after another; after the last one it is marked done in the
// settings and never shown again. It cannot be closed by Esc or a click outside: each step has its own way
// on (下一步, or 暂不填写 when the step is optional).
export function SetupWizard({ onDone }: { onDone?: () => void }) {
  const { message } = App.useApp();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [index, setIndex] = useState(0);
  const [done, setDone] = useState(false);

  useEffect(() => {
    api.settings.get({}).then(setSettings, (e: Error) => message.error(e.message));
  }, [message]);

  // the steps are chosen once, from the settings at start (a step that saves must not drop out mid-way)
  const loaded = settings !== null;
  const steps = useMemo(() => (settings ? SETUP_STEPS.filter((s) => !s.needed || s.needed(settings)) : []), [loaded]);

  if (!settings || settings.setupCompleted || done || steps.length === 0) return null;

  const finish = async () => {
    try {
      await api.settings.save({ setupCompleted: true });
    } catch (e) {
      message.error((e as Error).message);
      return;
    }
    setDone(true);
    onDone?.();
  };
  const next = async () => {
    if (index + 1 < steps.length) {
      setSettings(await api.settings.get({}));
      setIndex(index + 1);
    } else await finish();
  };
  const Step = steps[index].component;
  return (
    <Modal open title="欢迎使用党务" closable={false} keyboard={false} mask={{ closable: false }} footer={null} width={560}>
      {steps.length > 1 ? <Steps size="small" current={index} items={steps.map((s) => ({ title: s.title }))} style={{ marginBottom: 16 }} /> : null}
      <Step settings={settings} next={() => void next()} back={index > 0 ? () => setIndex(index - 1) : undefined} last={index === steps.length - 1} />
    </Modal>
  );
}
