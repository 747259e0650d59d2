import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { builtinModules } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { opNames } from '../../src-main/modules/index.ts';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security/csp.ts';

// The BUILT shell: electron-vite builds main + preload (offline, into a temp folder) with the
// project's electron.vite.config.mjs; then the preload bundle is run the way a sandboxed renderer
// runs it (a CommonJS function whose require() knows only 'electron'), and the main bundle is
// booted under this Node with 'electron' resolved to a fake, so its imports, paths, migrations and
// IPC registration are exercised exactly as bundled.

vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module);

const root = path.resolve(import.meta.dirname, '../..');
// inside the repository so that the config's bare imports (electron-vite, zod …) resolve
const work = fs.mkdtempSync(path.join(root, 'node_modules', '.cache-electron-build-'));
const out = path.join(work, 'out');

beforeAll(() => {
  fs.writeFileSync(
    path.join(work, 'electron.vite.config.mjs'),
    `import config from ${JSON.stringify(path.join(root, 'electron.vite.config.mjs'))};
export default {
  main: { ...config.main, build: { ...config.main.build, outDir: ${JSON.stringify(path.join(out, 'main'))} } },
  preload: { ...config.preload, build: { ...config.preload.build, outDir: ${JSON.stringify(path.join(out, 'preload'))} } },
};
`,
  );
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '-c', path.join(work, 'electron.vite.config.mjs'), '--logLevel', 'error'],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
}, 150_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function flatten(api: Record<string, unknown>): Map<string, unknown> {
  const methods = new Map<string, unknown>();
  for (const [ns, group] of Object.entries(api)) {
    for (const [m, fn] of Object.entries(group as Record<string, unknown>)) methods.set(`${ns}.${m}`, fn);
  }
  return methods;
}

describe('built preload (out/preload/preload.cjs)', () => {
  const file = () => path.join(out, 'preload', 'preload.cjs');

  it('is ONE CommonJS file that requires nothing but electron', () => {
    expect(fs.readdirSync(path.join(out, 'preload'))).toEqual(['preload.cjs']);
    const code = fs.readFileSync(file(), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m); // no ES module syntax
    expect(code).not.toMatch(/\bimport\s*\(/); // no dynamic import either
    const required = [...code.matchAll(/\brequire\(\s*(["'])([^"']+)\1\s*\)/g)].map((m) => m[2]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    // zod and the schemas stay in the main process
    expect(code).not.toMatch(/zod|ZodError|strictObject/);
    expect(code.length).toBeLessThan(20_000);
    expect(code).not.toMatch(/process\.env/);
  });

  it('exposes exactly one api object whose methods are the contract operations, each on its own channel', async () => {
    const code = fs.readFileSync(file(), 'utf8');
    const exposed: { key: string; api: Record<string, unknown> }[] = [];
    const invoked: { channel: string; args: unknown[] }[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }) },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push({ channel, args });
          return { ok: true, result: null };
        },
        // a preload that leaked these would be caught by the assertions below
        send: () => {
          throw new Error('send must not be used');
        },
        on: () => {
          throw new Error('on must not be used');
        },
      },
    };
    // what a sandboxed preload gets: a CommonJS wrapper and a require() limited to electron
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron;
      throw new Error(`sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    const wrapper = vm.runInNewContext(`(function (exports, require, module) {\n${code}\n})`, { Promise, Set, Error }, { filename: 'preload.cjs' });
    wrapper(module.exports, sandboxRequire, module);

    expect(exposed).toHaveLength(1);
    expect(exposed[0].key).toBe('dangwu');
    const methods = flatten(exposed[0].api);
    expect([...methods.keys()].sort()).toEqual([...opNames].sort());
    expect(methods.size).toBe(opNames.length);
    for (const fn of methods.values()) expect(fn).toBeTypeOf('function');
    // no ipcRenderer, no generic invoke, no process: only namespaces of op methods
    const namespaces = new Set(opNames.map((n) => n.split('.')[0]));
    expect(Object.keys(exposed[0].api).sort()).toEqual([...namespaces].sort());

    for (const [name, fn] of methods) {
      await (fn as (input?: unknown) => Promise<unknown>)({ probe: name });
    }
    expect(invoked.map((c) => c.channel)).toEqual([...methods.keys()].map((n) => `dangwu:${n}`));
    expect(invoked.every((c, i) => c.args.length === 1 && (c.args[0] as { probe: string }).probe === [...methods.keys()][i])).toBe(true);
    // a missing input travels as {}
    await (methods.get('settings.get') as () => Promise<unknown>)();
    expect(invoked.at(-1)).toEqual({ channel: 'dangwu:settings.get', args: [{}] });
  });
});

describe('built main (out/main/main.js)', () => {
  it('is an ES module importing only electron, better-sqlite3, Node built-ins and its own chunks', () => {
    const dir = path.join(out, 'main');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(dir, f), 'utf8');
      const specs = [
        ...[...code.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]),
        ...[...code.matchAll(/^import\s+"([^"]+)"/gm)].map((m) => m[1]),
        ...[...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]),
        ...[...code.matchAll(/\b__require\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]),
      ];
      for (const s of specs) {
        const ok = s === 'electron' || s === 'better-sqlite3' || builtins.has(s) || s.startsWith('./');
        expect(ok, `${f} imports ${s}`).toBe(true);
      }
    }
    expect(fs.readFileSync(path.join(dir, 'main.js'), 'utf8')).toMatch(/^import \{[^}]*\} from "electron";$/m);
  });

  it('builds worker threads as their own files, which never import electron', () => {
    const dir = path.join(out, 'main');
    const source = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    const workerRefs = [...source.matchAll(/new URL\("\.\/([^"]+\.js)", import\.meta\.url\)/g)].map((m) => m[1]);
    expect(source).not.toMatch(/new URL\([^)]*\.ts["']/); // no URL left pointing at a source file
    // the import module parses files in a worker thread (modules/import/services/run-analysis.ts):
    // the bundle must start it from a built file, never silently have none to check
    expect(source).toContain('new Worker(');
    expect(workerRefs).toContain('analysis-worker.js');
    for (const worker of workerRefs) {
      // follow the worker's static chunk imports: none may reach electron (not available in a worker thread)
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const code = fs.readFileSync(path.join(dir, file), 'utf8');
        expect(code, `${worker} → ${file}`).not.toMatch(/from "electron"/);
        for (const m of code.matchAll(/^import\s[^;]*?from\s+"\.\/([^"]+)"/gm)) visit(m[1]);
      };
      expect(fs.existsSync(path.join(dir, worker)), worker).toBe(true);
      visit(worker);
    }
  });

  it('boots under Node with a fake electron: database opened, every op registered, window on app://', () => {
    const userData = path.join(work, 'userData');
    fs.mkdirSync(userData);
    const fakeFile = path.join(work, 'fake-electron.mjs');
    fs.writeFileSync(
      fakeFile,
      `import { EventEmitter } from 'node:events';
const handlers = new Map();
const protocols = new Map();
const windows = [];
let readyResolve;
const report = async () => {
  const win = windows[0];
  const reply = await handlers.get('dangwu:orgs.list')({ senderFrame: { url: 'app://dangwu/index.html' } }, {});
  const foreign = await handlers.get('dangwu:orgs.list')({ senderFrame: { url: 'https://evil.example/' } }, {});
  const res = await protocols.get('app')(new Request('app://dangwu/index.html'));
  process.stdout.write(JSON.stringify({
    channels: [...handlers.keys()], url: win?.url, prefs: win?.options.webPreferences,
    reply, foreign, csp: res.headers.get('content-security-policy'),
  }));
  process.exit(0);
};
class BrowserWindow extends EventEmitter {
  constructor(options) { super(); this.options = options; this.webContents = new EventEmitter(); this.webContents.setWindowOpenHandler = () => {}; windows.push(this); }
  async loadURL(url) { this.url = url; setTimeout(report, 0); }
}
export const app = {
  isPackaged: true, commandLine: { appendSwitch() {} }, enableSandbox() {}, requestSingleInstanceLock: () => true,
  quit() {}, exit(code) { process.stdout.write(JSON.stringify({ exit: code })); process.exit(2); }, on() { return app; },
  whenReady: () => new Promise((r) => { readyResolve = r; setTimeout(() => readyResolve(), 0); }),
  getPath: () => ${JSON.stringify(userData)}, getVersion: () => 'test',
};
export const protocol = { registerSchemesAsPrivileged() {}, handle: (s, h) => protocols.set(s, h) };
export const session = { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, webRequest: { onBeforeRequest() {} } } };
export const Menu = { buildFromTemplate: (t) => t, setApplicationMenu() {} };
export const dialog = { showErrorBox: (t, c) => process.stderr.write(t + c), showMessageBox: async () => ({}) };
export const ipcMain = { handle: (c, h) => handlers.set(c, h) };
export { BrowserWindow };
`,
    );
    const hooks = path.join(work, 'hooks.mjs');
    fs.writeFileSync(
      hooks,
      `import { registerHooks } from 'node:module';
registerHooks({ resolve: (spec, ctx, next) => spec === 'electron' ? { url: ${JSON.stringify(new URL(`file://${fakeFile}`).href)}, shortCircuit: true } : next(spec, ctx) });
`,
    );
    const r = spawnSync(process.execPath, ['--import', hooks, path.join(out, 'main', 'main.js')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect([...result.channels].sort()).toEqual(opNames.map((n) => `dangwu:${n}`).sort());
    expect(result.url).toBe('app://dangwu/index.html');
    expect(result.prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    // the preload path the bundle computes is the preload the build produced
    expect(result.prefs.preload).toBe(path.join(out, 'preload', 'preload.cjs'));
    expect(fs.existsSync(result.prefs.preload)).toBe(true);
    expect(result.reply).toEqual({ ok: true, result: [] });
    expect(result.foreign.ok).toBe(false);
    expect(result.csp).toBe(CONTENT_SECURITY_POLICY);
    expect(fs.existsSync(path.join(userData, 'dangwu.db'))).toBe(true);
  });
});
