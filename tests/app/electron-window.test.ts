import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, isAllowedUrl, originOf } from '../../src-main/adapters/ipc/channels.ts';
import { attachNavigationGuards, createMainWindow, lockDownSession } from '../../src-main/adapters/ipc/window.ts';
import { FakeSession, FakeWebContents, fakeEvent } from './electron-fake.ts';

// the real electron package must never load in tests (it would try to download its binary)
vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module);

const allowed = [APP_ORIGIN];

describe('window webPreferences', () => {
  it('isolates and sandboxes the renderer with Node off', () => {
    const made: any[] = [];
    class FakeWindow {
      constructor(options: unknown) {
        made.push(options);
      }
    }
    createMainWindow(FakeWindow as never, '/app/out/preload/preload.cjs');
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ width: 1366, height: 768, show: false });
    const prefs = made[0].webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });
});

describe('navigation guards', () => {
  const guarded = () => {
    const wc = new FakeWebContents();
    attachNavigationGuards(wc as never, allowed);
    return wc;
  };

  it.each(['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://evil/index.html', 'app://dangwu.evil/', 'javascript:alert(1)', 'data:text/html,hi'])(
    'prevents will-navigate / will-redirect / will-frame-navigate to %s',
    (url) => {
      const wc = guarded();
      for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
        const ev = fakeEvent({ url }); // Electron 45: target on event.url
        wc.emit(name, ev, url);
        expect(ev.defaultPrevented, name).toBe(true);
        const old = fakeEvent(); // older positional form
        wc.emit(name, old, url);
        expect(old.defaultPrevented, name).toBe(true);
      }
    },
  );

  it('lets the app navigate within app://dangwu', () => {
    const wc = guarded();
    const ev = fakeEvent({ url: 'app://dangwu/index.html#members' });
    wc.emit('will-navigate', ev, ev.url);
    expect(ev.defaultPrevented).toBe(false);
  });

  it('denies every window.open and every <webview>', () => {
    const wc = guarded();
    expect(wc.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'app://dangwu/index.html' })).toEqual({ action: 'deny' });
    const ev = fakeEvent();
    wc.emit('will-attach-webview', ev, {}, {});
    expect(ev.defaultPrevented).toBe(true);
  });
});

describe('session lock-down', () => {
  it('denies every permission request and check, and cancels remote requests', () => {
    const s = new FakeSession();
    lockDownSession(s as never, allowed);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      s.permissionRequestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(s.permissionCheckHandler?.({}, permission, APP_ORIGIN, {})).toBe(false);
    }
    expect(s.beforeRequest?.filter.urls).toEqual(['*://*/*']); // http, https, ws, wss
    const decide = (url: string) => {
      const cb = vi.fn();
      s.beforeRequest?.listener({ url }, cb);
      return cb.mock.calls[0][0];
    };
    expect(decide('https://fonts.googleapis.com/css')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:3000/')).toEqual({ cancel: true });
    expect(decide('wss://example.com/socket')).toEqual({ cancel: true });
  });
});

describe('origin helper', () => {
  it('computes origins of app: URLs (WHATWG gives "null" for non-special schemes)', () => {
    expect(originOf('app://dangwu/index.html')).toBe('app://dangwu');
    expect(originOf('APP://DANGWU/x')).toBe('app://dangwu');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    expect(isAllowedUrl('app://dangwu:1234/', allowed)).toBe(false);
    expect(isAllowedUrl('app://user@dangwu/', allowed)).toBe(true); // userinfo is not part of the origin
  });
});
