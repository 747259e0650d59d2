import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  downloadFailureReason,
  electronPlatformPath,
  ensureElectron,
  installWithElectronsOwnScript,
  startApp,
  type Download,
} from '../../scripts/start.mjs';

// `npm start` (scripts/start.mjs): the binary check, the download wiring and the hand-over to
// `electron-vite preview`. In-process tests inject a fake downloader; the spawned tests run the
// real launcher with Electron's real install.js and @electron/get against local HTTP servers (or a
// closed port), so nothing here touches the network or the real node_modules/electron.

const root = path.resolve(import.meta.dirname, '../..');
const realElectron = path.join(root, 'node_modules', 'electron');
const version: string = JSON.parse(fs.readFileSync(path.join(realElectron, 'package.json'), 'utf8')).version;
const platformPath = electronPlatformPath(process.platform);
const SENTENCE_OFFLINE = '这台电脑无法下载 Electron 程序本体（连不上下载服务器），浏览器模式运行的是同一个程序：npm run web';

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-start-test-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** an electron package folder as npm leaves it: no dist/, no path.txt */
function bareElectronDir(): string {
  const dir = path.join(tempDir(), 'electron');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version }));
  return dir;
}

function unpackFakeElectron(distDir: string, v = version): void {
  fs.mkdirSync(path.dirname(path.join(distDir, platformPath)), { recursive: true });
  fs.writeFileSync(path.join(distDir, platformPath), 'not really electron', { mode: 0o755 });
  fs.writeFileSync(path.join(distDir, 'version'), v);
}

function harness() {
  const download = vi.fn<Download>(async ({ electronDir }) => unpackFakeElectron(path.join(electronDir, 'dist')));
  const startPreview = vi.fn(async (_args: string[], _env: NodeJS.ProcessEnv) => 0);
  let err = '';
  const stderr = { write: (text: string) => (err += text), isTTY: false };
  return { download, startPreview, stderr, stderrText: () => err };
}

describe('npm start with an injected downloader', () => {
  it('(a) binary present: no download, preview started with it, args and exit code forwarded', async () => {
    const electronDir = bareElectronDir();
    unpackFakeElectron(path.join(electronDir, 'dist'));
    const h = harness();
    h.startPreview.mockResolvedValue(3);

    const code = await startApp({ args: ['--noSandbox'], env: {}, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });

    expect(code).toBe(3);
    expect(h.download).not.toHaveBeenCalled();
    expect(h.startPreview).toHaveBeenCalledTimes(1);
    const [args, env] = h.startPreview.mock.calls[0];
    expect(args).toEqual(['--noSandbox']);
    expect(env.ELECTRON_EXEC_PATH).toBe(path.join(electronDir, 'dist', platformPath));
    // electron-vite's own lookup works afterwards too
    expect(fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8')).toBe(platformPath);
    expect(h.stderrText()).toBe('');
  });

  it('(b) binary missing: downloaded once, path.txt written, then preview started; the next start downloads nothing', async () => {
    const electronDir = bareElectronDir();
    const h = harness();

    const code = await startApp({ env: {}, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });

    expect(code).toBe(0);
    expect(h.download).toHaveBeenCalledTimes(1);
    expect(h.download.mock.calls[0][0]).toMatchObject({ electronDir, version, platformPath });
    expect(fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8')).toBe(platformPath);
    expect(h.startPreview).toHaveBeenCalledTimes(1);
    expect(h.startPreview.mock.calls[0][1].ELECTRON_EXEC_PATH).toBe(path.join(electronDir, 'dist', platformPath));
    expect(h.download.mock.invocationCallOrder[0]).toBeLessThan(h.startPreview.mock.invocationCallOrder[0]);
    expect(h.stderrText()).toContain(`正在准备 Electron ${version} 程序本体`);

    await startApp({ env: {}, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });
    expect(h.download).toHaveBeenCalledTimes(1);
    expect(h.startPreview).toHaveBeenCalledTimes(2);
  });

  it('a dist/ left by another Electron version is downloaded again, as install.js would', async () => {
    const electronDir = bareElectronDir();
    unpackFakeElectron(path.join(electronDir, 'dist'), '44.0.0');
    const h = harness();
    await startApp({ env: {}, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });
    expect(h.download).toHaveBeenCalledTimes(1);
    expect(fs.readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8')).toBe(version);
  });

  it('(c) download fails: one Chinese sentence, exit code 1, preview not started, nothing half-written', async () => {
    const electronDir = bareElectronDir();
    const h = harness();
    h.download.mockRejectedValue(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' }) }));

    const code = await startApp({ env: {}, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });

    expect(code).toBe(1);
    expect(h.startPreview).not.toHaveBeenCalled();
    const lines = h.stderrText().trimEnd().split('\n');
    expect(lines.at(-1)).toBe(SENTENCE_OFFLINE);
    expect(h.stderrText()).not.toMatch(/\bat |TypeError|fetch failed/);
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
  });

  it('a download that "succeeds" without leaving the binary is a failure too', async () => {
    const electronDir = bareElectronDir();
    const h = harness();
    h.download.mockResolvedValue(undefined);
    const code = await startApp({ env: {}, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });
    expect(code).toBe(1);
    expect(h.startPreview).not.toHaveBeenCalled();
    expect(h.stderrText()).toMatch(/这台电脑无法下载 Electron 程序本体（下载结束了，但 .* 里没有 .*），浏览器模式运行的是同一个程序：npm run web\n$/);
  });

  it('(d) ELECTRON_OVERRIDE_DIST_PATH: that unpacked Electron is used, nothing downloaded or written', async () => {
    const electronDir = bareElectronDir();
    const unpacked = tempDir();
    unpackFakeElectron(unpacked);
    const h = harness();

    const code = await startApp({ env: { ELECTRON_OVERRIDE_DIST_PATH: unpacked }, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });

    expect(code).toBe(0);
    expect(h.download).not.toHaveBeenCalled();
    expect(h.startPreview.mock.calls[0][1].ELECTRON_EXEC_PATH).toBe(path.join(unpacked, platformPath));
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
  });

  it('ELECTRON_OVERRIDE_DIST_PATH pointing at a folder without Electron: a sentence naming it, no download', async () => {
    const electronDir = bareElectronDir();
    const h = harness();
    const empty = tempDir();
    const code = await startApp({ env: { ELECTRON_OVERRIDE_DIST_PATH: empty }, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });
    expect(code).toBe(1);
    expect(h.download).not.toHaveBeenCalled();
    expect(h.startPreview).not.toHaveBeenCalled();
    expect(h.stderrText()).toBe(`ELECTRON_OVERRIDE_DIST_PATH 指向的文件夹里没有 Electron 程序（找不到 ${path.join(empty, platformPath)}），浏览器模式运行的是同一个程序：npm run web\n`);
  });

  it("ELECTRON_EXEC_PATH (electron-vite's own variable) is used as is", async () => {
    const electronDir = bareElectronDir();
    const unpacked = tempDir();
    unpackFakeElectron(unpacked);
    const h = harness();
    const exec = path.join(unpacked, platformPath);
    await startApp({ env: { ELECTRON_EXEC_PATH: exec }, electronDir, download: h.download, startPreview: h.startPreview, stderr: h.stderr });
    expect(h.download).not.toHaveBeenCalled();
    expect(h.startPreview.mock.calls[0][1].ELECTRON_EXEC_PATH).toBe(exec);
  });

  it('names the reason of a failure in Chinese', () => {
    expect(downloadFailureReason(new TypeError('fetch failed'))).toBe('连不上下载服务器');
    expect(downloadFailureReason(new Error('HTTPError: Response code 404 (Not Found) for https://x/electron.zip'))).toBe('下载服务器答复 HTTP 404');
    expect(downloadFailureReason(new Error('Generated checksum for "electron.zip" did not match expected checksum.'))).toBe('下载的文件校验不符，可能不完整或被改动');
    expect(downloadFailureReason(new Error("ENOSPC: no space left on device, write"))).toBe('无法写入 node_modules/electron，权限或磁盘空间不足');
    expect(downloadFailureReason(new Error('Something odd\n    at x (y.js:1:1)'))).toBe('下载出错：Something odd');
  });
});

// ---------------------------------------------------------------------------------------------
// The real launcher and Electron's real install.js + @electron/get, offline

/** node_modules/electron as npm installs it (install.js, package.json, checksums.json), in a temp tree whose
 *  node_modules links the real @electron/get and extractor */
function installableElectronDir(checksums?: Record<string, string>): { electronDir: string; base: string } {
  const base = tempDir();
  const electronDir = path.join(base, 'node_modules', 'electron');
  fs.mkdirSync(electronDir, { recursive: true });
  for (const file of ['install.js', 'package.json', 'checksums.json']) fs.copyFileSync(path.join(realElectron, file), path.join(electronDir, file));
  if (checksums) fs.writeFileSync(path.join(electronDir, 'checksums.json'), JSON.stringify(checksums));
  for (const dep of ['@electron/get', '@electron-internal/extract-zip']) {
    fs.mkdirSync(path.dirname(path.join(base, 'node_modules', dep)), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules', dep), path.join(base, 'node_modules', dep), 'junction');
  }
  return { electronDir, base };
}

/** this environment minus anything that could point a download elsewhere (.npmrc mirrors, proxies, caches) */
function offlineEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/electron|^npm_|proxy/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function serve(handler: http.RequestListener): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function runLauncher(args: string[], env: NodeJS.ProcessEnv, cwd = root): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;

/** a stand-in "Electron" zip: a shell script that reports how it was started and exits 7 (+ padding) */
function standInZip(padding = 0): { zip: Uint8Array; sha: string } {
  const zip = zipSync({
    [platformPath]: [strToU8('#!/bin/sh\necho "STAND-IN ELECTRON $*"\nexit 7\n'), { os: 3, attrs: (0o100755 << 16) >>> 0 }],
    version: strToU8(version),
    ...(padding ? { padding: [crypto.randomBytes(padding), { level: 0 }] as const } : {}),
  });
  return { zip, sha: crypto.createHash('sha256').update(zip).digest('hex') };
}

describe('npm start for real, offline', () => {
  it('no network: `node scripts/start.mjs` prints the sentence on stderr and exits 1, fast, starting nothing', async () => {
    const { electronDir, base } = installableElectronDir();
    const port = await closedPort();
    const r = await runLauncher([], offlineEnv({
      DANGWU_ELECTRON_DIR: electronDir,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      electron_config_cache: path.join(base, 'cache'),
    }));
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(SENTENCE_OFFLINE);
    expect(r.stderr).not.toMatch(/\n\s+at |TypeError/);
    expect(r.stdout).toBe(''); // electron-vite never ran
    expect(r.ms).toBeLessThan(20_000);
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
  });

  it('a server that answers 404 is named as such', async () => {
    const { electronDir, base } = installableElectronDir();
    const server = await serve((_req, res) => res.writeHead(404).end());
    try {
      const env = offlineEnv({ ELECTRON_MIRROR: server.url, electron_config_cache: path.join(base, 'cache') });
      await expect(ensureElectron({ electronDir, env })).rejects.toThrow(
        '这台电脑无法下载 Electron 程序本体（下载服务器答复 HTTP 404），浏览器模式运行的是同一个程序：npm run web',
      );
      expect(server.requests).toEqual([`/v${version}/electron-v${version}-${process.platform}-${process.arch}.zip`]);
    } finally {
      await server.close();
    }
  });

  it('a server that accepts and then says nothing cannot hang the start: the stall watchdog ends it', async () => {
    const { electronDir, base } = installableElectronDir();
    const server = await serve(() => {}); // never answers
    const started = Date.now();
    try {
      const env = offlineEnv({ ELECTRON_MIRROR: server.url, electron_config_cache: path.join(base, 'cache') });
      const download = (request: Parameters<Download>[0]) => installWithElectronsOwnScript({ ...request, stallMs: 1500 });
      await expect(ensureElectron({ electronDir, env, download })).rejects.toThrow('（下载停滞，2 秒没有收到数据）');
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('progress: the bytes arriving in the private temp folder of the installer are reported', async () => {
    const { zip, sha } = standInZip(400_000);
    const { electronDir, base } = installableElectronDir({ [zipName]: sha });
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': zip.length });
      const parts = 6;
      const size = Math.ceil(zip.length / parts);
      let i = 0;
      const next = () => {
        if (i === parts) return void res.end();
        res.write(Buffer.from(zip.subarray(i * size, ++i * size)));
        setTimeout(next, 300);
      };
      next();
    });
    try {
      const env = offlineEnv({ ELECTRON_MIRROR: server.url, electron_config_cache: path.join(base, 'cache') });
      const seen: number[] = [];
      const download = (request: Parameters<Download>[0]) => installWithElectronsOwnScript({ ...request, stallMs: 2000 });
      const result = await ensureElectron({ electronDir, env, download, onProgress: (bytes) => seen.push(bytes) });
      expect(result.source).toBe('downloaded');
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.every((b, k) => b > 0 && (k === 0 || b > seen[k - 1]))).toBe(true);
      expect(Math.max(...seen)).toBeLessThanOrEqual(zip.length);
    } finally {
      await server.close();
    }
  });

  it.skipIf(process.platform === 'win32')(
    'full chain with a stand-in Electron zip: downloaded, checked, unpacked, cached, launched through electron-vite; then from the cache with the server gone',
    async () => {
      const { zip, sha } = standInZip();
      const { electronDir, base } = installableElectronDir({ [zipName]: sha });
      const server = await serve((req, res) => {
        if (req.url === `/v${version}/${zipName}`) res.writeHead(200, { 'content-length': zip.length }).end(Buffer.from(zip));
        else res.writeHead(404).end();
      });
      // a minimal app for `electron-vite preview --skipBuild` run in its folder (no build needed)
      const app = path.join(base, 'app');
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'stand-in', main: 'main.js' }));
      fs.writeFileSync(path.join(app, 'main.js'), '');
      const cache = path.join(base, 'cache');
      const env = offlineEnv({ DANGWU_ELECTRON_DIR: electronDir, ELECTRON_MIRROR: server.url, electron_config_cache: cache });
      const args = ['--skipBuild', '--', '--from-test'];

      const first = await runLauncher(args, env, app);
      await server.close();
      expect(first.stderr).toContain('正在准备 Electron');
      expect(first.stdout).toContain('STAND-IN ELECTRON . --from-test');
      expect(first.code).toBe(7); // the app's exit code comes back through electron-vite and the launcher
      expect(server.requests).toEqual([`/v${version}/${zipName}`]);
      expect(fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8')).toBe(platformPath);
      const cached = fs.readdirSync(cache, { recursive: true }).map(String);
      expect(cached.some((f) => f.endsWith(zipName))).toBe(true);

      // the offline machine: binary gone, server gone, zip in electron_config_cache
      fs.rmSync(path.join(electronDir, 'dist'), { recursive: true });
      fs.rmSync(path.join(electronDir, 'path.txt'));
      const second = await runLauncher(args, env, app);
      expect(second.stdout).toContain('STAND-IN ELECTRON . --from-test');
      expect(second.code).toBe(7);
      expect(server.requests).toHaveLength(1);

      // installed: straight to the preview, no installer at all
      fs.rmSync(cache, { recursive: true });
      const third = await runLauncher(args, env, app);
      expect(third.stderr).not.toContain('正在准备');
      expect(third.code).toBe(7);
    },
  );
});
