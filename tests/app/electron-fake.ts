import { EventEmitter } from 'node:events';

// A stand-in for the `electron` module (the real package would try to download its binary).
// Tests install it with `vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module)`
// and read what the code under test did from `fake` (call log, windows, handlers).

type Listener = (...args: any[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

/** an event object like Electron's: preventDefault() recorded */
export function fakeEvent(extra: Record<string, unknown> = {}): { defaultPrevented: boolean; preventDefault(): void } & Record<string, unknown> {
  const ev = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      ev.defaultPrevented = true;
    },
  };
  return ev;
}

export class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  beforeRequest: { filter: { urls: string[] }; listener: Listener } | null = null;
  setPermissionRequestHandler(h: Listener): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.permissionCheckHandler = h;
  }
  webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: Listener) => {
      this.beforeRequest = { filter, listener };
    },
  };
}

export interface FakeWindowLike extends EventEmitter {
  options: any;
  webContents: FakeWebContents;
  loadedUrl: string | null;
  minimized: boolean;
  focused: number;
  shown: number;
}

function freshState() {
  return {
    gotLock: true,
    userData: '',
    ready: null as null | (() => void),
    appListeners: new Map<string, Listener[]>(),
    ipcHandlers: new Map<string, Listener>(),
    protocolHandlers: new Map<string, Listener>(),
    privilegedSchemes: [] as unknown[],
    jsFlags: [] as string[],
    windows: [] as FakeWindowLike[],
    errorBoxes: [] as { title: string; content: string }[],
    exitCode: null as number | null,
    quitCalled: false,
    menuTemplate: null as unknown,
    exposed: [] as { key: string; api: unknown }[],
    invoked: [] as { channel: string; args: unknown[] }[],
    session: new FakeSession(),
  };
}

function createFake() {
  const log: string[] = [];
  const state = freshState();
  /** back to a fresh start, in place (vitest keeps the mocked module object across resetModules) */
  function reset() {
    log.length = 0;
    Object.assign(state, freshState());
  }

  class FakeBrowserWindow extends EventEmitter {
    options: any;
    webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    minimized = false;
    focused = 0;
    shown = 0;
    constructor(options: any) {
      super();
      this.options = options;
      log.push('new BrowserWindow');
      state.windows.push(this);
      emitApp('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
      log.push(`loadURL ${url}`);
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    show() {
      this.shown++;
    }
    focus() {
      this.focused++;
    }
  }

  function emitApp(name: string, ...args: unknown[]) {
    for (const l of state.appListeners.get(name) ?? []) l(...args);
  }

  const module = {
    app: {
      isPackaged: true,
      commandLine: {
        appendSwitch: (name: string, value?: string) => {
          log.push(`appendSwitch ${name} ${value ?? ''}`);
          if (name === 'js-flags' && value) state.jsFlags.push(value);
        },
      },
      enableSandbox: () => log.push('enableSandbox'),
      requestSingleInstanceLock: () => {
        log.push('requestSingleInstanceLock');
        return state.gotLock;
      },
      quit: () => {
        log.push('quit');
        state.quitCalled = true;
      },
      exit: (code = 0) => {
        log.push(`exit ${code}`);
        state.exitCode = code;
      },
      on: (name: string, listener: Listener) => {
        state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), listener]);
        return module.app;
      },
      whenReady: () => {
        log.push('whenReady');
        return new Promise<void>((resolve) => {
          state.ready = () => {
            log.push('ready');
            resolve();
          };
        });
      },
      getPath: (name: string) => {
        if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
        return state.userData;
      },
      getVersion: () => '0.0.0-test',
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        log.push('registerSchemesAsPrivileged');
        state.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: Listener) => {
        log.push(`protocol.handle ${scheme}`);
        state.protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      get defaultSession() {
        return state.session;
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => {
        state.menuTemplate = template;
        return { template };
      },
      setApplicationMenu: () => log.push('setApplicationMenu'),
    },
    dialog: {
      showErrorBox: (title: string, content: string) => {
        log.push('showErrorBox');
        state.errorBoxes.push({ title, content });
      },
      showMessageBox: async () => ({ response: 0 }),
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        if (state.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        state.ipcHandlers.set(channel, handler);
      },
    },
    BrowserWindow: FakeBrowserWindow,
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => state.exposed.push({ key, api }),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        state.invoked.push({ channel, args });
        return { ok: true, result: channel };
      },
    },
  };

  return { module, state, log, emitApp, reset };
}

export type FakeElectron = ReturnType<typeof createFake>;

/** one fake per test file (module state persists across vi.resetModules(): use fake.reset()) */
const holder = globalThis as { __dangwuFakeElectron?: FakeElectron };
export const fake: FakeElectron = (holder.__dangwuFakeElectron ??= createFake());
