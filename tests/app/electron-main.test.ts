import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { opNames } from '../../src-main/modules/index.ts';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security/csp.ts';
import type { FakeElectron } from './electron-fake.ts';
import { fakeEvent } from './electron-fake.ts';

// main.ts itself, run against a fake electron module: what it registers before 'ready', what the
// window gets, where the database lives, what happens with a second instance or a bad database.

vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

let current: FakeElectron | null = null;
afterEach(() => {
  // close the database main.ts opened (as the app does on quit)
  for (const l of current?.state.appListeners.get('will-quit') ?? []) l();
  current = null;
});

async function launch(opts: { gotLock?: boolean; prepare?: (userData: string) => void } = {}) {
  vi.resetModules();
  const { fake } = await import('./electron-fake.ts');
  fake.reset();
  current = fake;
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-main-'));
  dirs.push(userData);
  fake.state.userData = userData;
  fake.state.gotLock = opts.gotLock ?? true;
  opts.prepare?.(userData);
  await import('../../src-main/main.ts');
  return { fake, userData };
}

async function becomeReady(fake: FakeElectron) {
  expect(fake.state.ready, 'main.ts waits for whenReady()').toBeTypeOf('function');
  fake.state.ready!();
  await vi.waitFor(() => expect(fake.log.some((l) => l.startsWith('loadURL') || l.startsWith('exit'))).toBe(true));
}

describe('main.ts (with a fake electron)', () => {
  it('registers the privileged app:// scheme, the V8 flag and the sandbox before ready', async () => {
    const { fake } = await launch();
    const beforeReady = [...fake.log];
    expect(beforeReady).toContain('registerSchemesAsPrivileged');
    expect(beforeReady).toContain('enableSandbox');
    expect(beforeReady).toContain('requestSingleInstanceLock');
    expect(fake.state.jsFlags).toEqual(['--max-semi-space-size=64']);
    expect(fake.state.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.state.ipcHandlers.size).toBe(0); // nothing answers before the database is open
    await becomeReady(fake);
  });

  it('opens userData/dangwu.db, registers every op, serves app:// and loads the window from it', async () => {
    const { fake, userData } = await launch();
    await becomeReady(fake);
    expect(fs.existsSync(path.join(userData, 'dangwu.db'))).toBe(true);
    expect([...fake.state.ipcHandlers.keys()].sort()).toEqual(opNames.map((n) => `dangwu:${n}`).sort());

    expect(fake.state.windows).toHaveLength(1);
    const win = fake.state.windows[0];
    expect(win.loadedUrl).toBe('app://dangwu/index.html');
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(path.basename(prefs.preload)).toBe('preload.cjs');
    expect(path.basename(path.dirname(prefs.preload))).toBe('preload');
    expect(path.isAbsolute(prefs.preload)).toBe(true);
    expect(win.options).toMatchObject({ width: 1366, height: 768, show: false });
    win.emit('ready-to-show');
    expect(win.shown).toBe(1);

    // the window's webContents got the navigation guards (via 'web-contents-created')
    const nav = fakeEvent({ url: 'https://example.com/' });
    win.webContents.emit('will-navigate', nav, nav.url);
    expect(nav.defaultPrevented).toBe(true);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });

    // the session denies permissions
    const cb = vi.fn();
    fake.state.session.permissionRequestHandler?.({}, 'media', cb, {});
    expect(cb).toHaveBeenCalledWith(false);
    expect(fake.state.session.permissionCheckHandler?.({}, 'media', 'app://dangwu', {})).toBe(false);

    // app:// is handled, with the CSP (the renderer folder is out/renderer next to out/main)
    const handler = fake.state.protocolHandlers.get('app');
    expect(handler).toBeTypeOf('function');
    const res = (await handler!(new Request('app://dangwu/../../etc/passwd'))) as Response;
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);

    // a Chinese menu with the four top-level entries
    const labels = (fake.state.menuTemplate as { label: string }[]).map((m) => m.label);
    expect(labels).toEqual(['文件', '编辑', '视图', '帮助']);

    // an IPC call from the window reaches the real database
    const reply = await fake.state.ipcHandlers.get('dangwu:orgs.list')!({ senderFrame: { url: 'app://dangwu/index.html' } }, {});
    expect(reply).toEqual({ ok: true, result: [] });
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { fake } = await launch();
    await becomeReady(fake);
    const win = fake.state.windows[0];
    win.minimized = true;
    fake.emitApp('second-instance', {}, [], '/');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(1);
  });

  it('quits at once, touching nothing, when another instance holds the lock', async () => {
    const { fake, userData } = await launch({ gotLock: false });
    expect(fake.state.quitCalled).toBe(true);
    expect(fake.state.ready).toBeNull(); // never waited for ready
    expect(fake.state.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(userData, 'dangwu.db'))).toBe(false);
  });

  it('shows a clear dialog and exits when the database refuses to open', async () => {
    const garbage = Buffer.alloc(8192, 0x41).toString() + ' not a database';
    const { fake, userData } = await launch({
      prepare: (dir) => fs.writeFileSync(path.join(dir, 'dangwu.db'), garbage),
    });
    await becomeReady(fake);
    expect(fake.state.errorBoxes).toHaveLength(1);
    const box = fake.state.errorBoxes[0];
    expect(box.title).toBe('无法打开数据库');
    // openDatabase's own AppError message (not an English stack), e.g. 数据库文件无法读取…请从备份恢复
    expect(box.content.split('\n')[0]).toMatch(/无法读取|已损坏|完整性/);
    expect(box.content).toContain(path.join(userData, 'dangwu.db'));
    expect(box.content).not.toMatch(/\n\s+at /); // no stack trace
    expect(fake.state.exitCode).toBe(1);
    expect(fake.state.windows).toHaveLength(0);
    expect(fake.state.ipcHandlers.size).toBe(0);
    expect(fs.readFileSync(path.join(userData, 'dangwu.db'), 'utf8')).toBe(garbage); // untouched
  });

  it('never loaded the real electron package', () => {
    const cache = createRequire(import.meta.url).cache;
    // the cache is live (better-sqlite3 went through it), and electron's index.js is not in it
    expect(Object.keys(cache).some((k) => k.includes('better-sqlite3'))).toBe(true);
    expect(Object.keys(cache).filter((k) => /node_modules[\\/]electron[\\/]index\.js$/.test(k))).toEqual([]);
  });
});
