import { Alert, App as AntApp, Button, Modal, message as staticMessage } from 'antd';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, LOCKED_EVENT } from '../../api/client.ts';
import type { SafetyStatus } from '../../../../src-main/modules/safety/contract.ts';
import { UnlockScreen } from './UnlockScreen.tsx';

// The lock around the whole app (docs/safety.md#unlock-and-lock). The main process decides: the window
// polls safety.status (saying whether the clerk did anything since), and the status says locked after
// the idle time or a lock from elsewhere. Locked, every view is unmounted — nothing of the data stays on
// screen or in memory of the page — and the unlock screen shows. Ctrl+L and the lock button lock at
// once. Without a password a warning banner stays at the top.

const POLL_MS = 15_000;

interface SafetyApi {
  status: SafetyStatus | null;
  lock(): Promise<void>;
  refresh(): Promise<void>;
}

const Ctx = createContext<SafetyApi>({ status: null, lock: async () => {}, refresh: async () => {} });
export const useSafety = (): SafetyApi => useContext(Ctx);

export function SafetyGate({ children }: { children: ReactNode }) {
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<SafetyStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** a new key after each unlock: the app below mounts fresh */
  const [session, setSession] = useState(0);
  const active = useRef(false);
  const wasLocked = useRef<boolean | null>(null);

  const apply = useCallback((s: SafetyStatus) => {
    if (s.locked && wasLocked.current === false) {
      // clear what the views left behind: dialogs and messages
      Modal.destroyAll();
      staticMessage.destroy();
      message.destroy();
    }
    if (!s.locked && wasLocked.current === true) setSession((n) => n + 1);
    wasLocked.current = s.locked;
    setStatus(s);
  }, [message]);

  const refresh = useCallback(async () => {
    try {
      const s = await api.safety.status({ active: active.current });
      active.current = false;
      setError(null);
      apply(s);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [apply]);

  const lock = useCallback(async () => {
    try {
      apply(await api.safety.lock({}));
    } catch (e) {
      message.warning((e as Error).message);
    }
  }, [apply, message]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    const mark = () => {
      active.current = true;
    };
    const onKey = (e: KeyboardEvent) => {
      mark();
      if ((e.ctrlKey || e.metaKey) && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        void lock();
      }
    };
    const onLocked = () => void refresh();
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', mark);
    window.addEventListener('wheel', mark, { passive: true });
    window.addEventListener(LOCKED_EVENT, onLocked);
    return () => {
      clearInterval(timer);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', mark);
      window.removeEventListener('wheel', mark);
      window.removeEventListener(LOCKED_EVENT, onLocked);
    };
  }, [refresh, lock]);

  if (!status) {
    return error ? <Alert type="error" showIcon style={{ margin: 24 }} message="无法连接党务程序" description={error} action={<Button onClick={() => void refresh()}>重试</Button>} /> : null;
  }
  if (status.locked) return <UnlockScreen status={status} onUnlocked={apply} />;
  return (
    <Ctx.Provider value={{ status, lock, refresh }}>
      <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
        {status.warnings.map((w) => (
          <Alert key={w} type="warning" showIcon banner message={w} data-testid="safety-banner" />
        ))}
        <div style={{ flex: 1, minHeight: 0 }} key={session}>
          {children}
        </div>
      </div>
    </Ctx.Provider>
  );
}

/** the header's lock button (and the place the shortcut is named) */
export function LockButton() {
  const { status, lock } = useSafety();
  if (!status?.encrypted) return null;
  return (
    <Button size="small" onClick={() => void lock()} data-testid="lock-button" title="离开座位前锁定（Ctrl+L）">
      锁定
    </Button>
  );
}

