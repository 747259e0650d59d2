// `npm start`: make sure the Electron binary is on disk, then run `electron-vite preview` (build, then
// launch the app from app:// exactly as packaged), forwarding arguments and exit code.
//
// Electron 45's npm package has no install script: its binary is fetched lazily, by
// node_modules/electron/install.js (`npx install-electron`), the first time something
// require()s 'electron'. electron-vite never does that: it only reads node_modules/electron/path.txt
// and stops with "Error: Electron uninstall" when it is missing. So before starting the preview this
// launcher runs that same install.js (Electron's own downloader: @electron/get, the checksums shipped
// in the package, its download cache and mirror settings), and hands the resolved binary to
// electron-vite through ELECTRON_EXEC_PATH (electron-vite's own variable, which it reads before
// path.txt).
//
// Honoured, in this order:
//   ELECTRON_EXEC_PATH           electron-vite's variable: this executable is used as is (no download)
//   ELECTRON_OVERRIDE_DIST_PATH  Electron's variable: an already-unpacked Electron folder (no download)
//   node_modules/electron/dist   already installed (same version): used, path.txt (re)written
//   otherwise                    install.js downloads, or takes the zip from @electron/get's cache:
//                                `electron_config_cache` (env, or `electron_config_cache=` in .npmrc),
//                                else the per-user default (~/.cache/electron, ~/Library/Caches/electron,
//                                %LOCALAPPDATA%\electron\Cache). ELECTRON_MIRROR and the other
//                                @electron/get variables pass through unchanged.
//   DANGWU_ELECTRON_DIR          use this folder instead of node_modules/electron (tests)
//
// When no binary can be had, one Chinese sentence goes to stderr (no stack trace) and the exit code
// is 1. Everything is injectable (see startApp) so the wiring is tested without any network.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const WEB_HINT = '浏览器模式运行的是同一个程序：npm run web';
/** a download whose temp file has not grown for this long is killed (fetch's own limits are 10 s to connect, 300 s per read) */
export const DEFAULT_STALL_MS = 120_000;

/** Raised when no Electron binary can be had; its message is the one sentence shown to the user. */
export class ElectronUnavailable extends Error {
  /** @param {string} sentence */
  constructor(sentence) {
    super(sentence);
    this.name = 'ElectronUnavailable';
  }
}

/** @param {string} reason */
export function unavailableSentence(reason) {
  return `这台电脑无法下载 Electron 程序本体（${reason}），${WEB_HINT}`;
}

/**
 * The executable inside an unpacked Electron, relative to its folder: the same table as
 * node_modules/electron/install.js (its getPlatformPath), which writes this into path.txt.
 * @param {string} platform
 */
export function electronPlatformPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      throw new ElectronUnavailable(unavailableSentence(`Electron 不提供 ${platform} 平台的程序`));
  }
}

/** The platform install.js downloads for (and names in path.txt). @param {NodeJS.ProcessEnv} env */
function installPlatform(env) {
  return env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
}

/**
 * A short Chinese reason for a failed download, from the error (or the installer's output).
 * @param {unknown} error
 */
export function downloadFailureReason(error) {
  if (error && typeof error === 'object' && 'reason' in error && typeof error.reason === 'string') return error.reason;
  const text = error instanceof Error ? `${error.message}\n${String(error.cause ?? '')}` : String(error);
  const http = /Response code (\d{3})/.exec(text);
  if (http) return `下载服务器答复 HTTP ${http[1]}`;
  if (/checksum/i.test(text)) return '下载的文件校验不符，可能不完整或被改动';
  if (/\b(ENOSPC|EACCES|EPERM|EROFS)\b/.test(text)) return '无法写入 node_modules/electron，权限或磁盘空间不足';
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR|socket|network|getaddrinfo/i.test(text)) {
    return '连不上下载服务器';
  }
  const firstLine = text.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('at ')) ?? '未知错误';
  return `下载出错：${firstLine.slice(0, 160)}`;
}

/** @param {string} file */
function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** @param {string} file */
function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * @typedef {object} DownloadRequest
 * @property {string} electronDir  the electron package folder (holds install.js, package.json, dist/)
 * @property {NodeJS.ProcessEnv} env
 * @property {string} version      the electron package's version
 * @property {string} platformPath the executable's path inside dist/
 * @property {(bytes: number) => void} [onProgress]
 *
 * @typedef {(request: DownloadRequest) => Promise<void>} Download
 *   Must leave the unpacked Electron in `<electronDir>/dist`; throw on failure.
 */

/**
 * Makes sure an Electron executable exists and returns it. Downloads (once) only when nothing
 * usable is on disk; throws ElectronUnavailable (a Chinese sentence) when none can be had.
 * @param {{ electronDir: string, env?: NodeJS.ProcessEnv, download?: Download, log?: (line: string) => void, onProgress?: (bytes: number) => void }} options
 * @returns {Promise<{ execPath: string, source: 'ELECTRON_EXEC_PATH' | 'ELECTRON_OVERRIDE_DIST_PATH' | 'installed' | 'downloaded' }>}
 */
export async function ensureElectron({ electronDir, env = process.env, download = installWithElectronsOwnScript, log = () => {}, onProgress }) {
  if (env.ELECTRON_EXEC_PATH) {
    const execPath = path.resolve(env.ELECTRON_EXEC_PATH);
    if (!isFile(execPath)) throw new ElectronUnavailable(`ELECTRON_EXEC_PATH 指向的 ${execPath} 不存在，${WEB_HINT}`);
    return { execPath, source: 'ELECTRON_EXEC_PATH' };
  }

  const platformPath = electronPlatformPath(installPlatform(env));

  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const execPath = path.resolve(env.ELECTRON_OVERRIDE_DIST_PATH, platformPath);
    if (!isFile(execPath)) {
      throw new ElectronUnavailable(`ELECTRON_OVERRIDE_DIST_PATH 指向的文件夹里没有 Electron 程序（找不到 ${execPath}），${WEB_HINT}`);
    }
    return { execPath, source: 'ELECTRON_OVERRIDE_DIST_PATH' };
  }

  const pkgText = readText(path.join(electronDir, 'package.json'));
  if (pkgText === undefined) throw new ElectronUnavailable(`没有找到 electron 开发依赖（${electronDir}），请先运行 npm install；${WEB_HINT}`);
  const version = String(JSON.parse(pkgText).version);
  const distDir = path.join(electronDir, 'dist');
  const execPath = path.join(distDir, platformPath);
  const installedVersion = readText(path.join(distDir, 'version'))?.trim().replace(/^v/, '');

  let source = /** @type {'installed' | 'downloaded'} */ ('installed');
  if (!(isFile(execPath) && installedVersion === version)) {
    log(`首次启动：正在准备 Electron ${version} 程序本体（下载约 100 MB，只需一次）……`);
    try {
      await download({ electronDir, env, version, platformPath, onProgress });
    } catch (error) {
      throw new ElectronUnavailable(unavailableSentence(downloadFailureReason(error)));
    }
    if (!isFile(execPath)) throw new ElectronUnavailable(unavailableSentence(`下载结束了，但 ${distDir} 里没有 ${platformPath}`));
    source = 'downloaded';
  }
  // what electron-vite and electron's own index.js read; install.js writes the same content
  const pathFile = path.join(electronDir, 'path.txt');
  if (readText(pathFile) !== platformPath) fs.writeFileSync(pathFile, platformPath);
  return { execPath, source };
}

/** @param {string} dir */
function bytesUnder(dir) {
  let total = 0;
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    try {
      total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    } catch {
      // moved into the cache meanwhile
    }
  }
  return total;
}

/**
 * The default downloader: node_modules/electron/install.js — what `npx install-electron` and
 * require('electron') run — in a child process on this Node. It gets a private temp folder (so
 * the bytes arriving can be watched: progress, and a kill when nothing arrives for `stallMs`); its
 * output is kept only to name the reason of a failure.
 * @param {DownloadRequest & { stallMs?: number }} request
 * @returns {Promise<void>}
 */
export function installWithElectronsOwnScript({ electronDir, env, onProgress, stallMs = DEFAULT_STALL_MS }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-electron-download-'));
  /** @type {NodeJS.ProcessEnv} */
  const childEnv = { ...env, TMPDIR: tmp, TEMP: tmp, TMP: tmp };
  // `electron_config_cache=…` in .npmrc reaches npm scripts as npm_config_electron_config_cache,
  // but install.js reads only electron_config_cache
  if (!childEnv.electron_config_cache && childEnv.npm_config_electron_config_cache) {
    childEnv.electron_config_cache = childEnv.npm_config_electron_config_cache;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let output = '';
    /** @param {Buffer} chunk */
    const keep = (chunk) => {
      if (output.length < 64_000) output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);

    let lastBytes = -1;
    let lastChange = Date.now();
    let stalled = false;
    const watch = setInterval(() => {
      const bytes = bytesUnder(tmp);
      if (bytes !== lastBytes) {
        lastBytes = bytes;
        lastChange = Date.now();
        if (bytes > 0) onProgress?.(bytes);
      } else if (Date.now() - lastChange > stallMs) {
        stalled = true;
        child.kill('SIGKILL');
      }
    }, Math.min(1000, Math.max(50, stallMs / 4)));

    const finish = (/** @type {Error | undefined} */ error) => {
      clearInterval(watch);
      fs.rmSync(tmp, { recursive: true, force: true });
      if (error) reject(error);
      else resolve();
    };
    child.on('error', (error) => finish(error));
    child.on('close', (code, signal) => {
      if (stalled) {
        finish(Object.assign(new Error(`no data for ${stallMs} ms`), { reason: `下载停滞，${Math.round(stallMs / 1000)} 秒没有收到数据` }));
      } else if (code !== 0) {
        const error = new Error(output.trim() || `install.js exited with ${code ?? signal}`);
        finish(Object.assign(error, { reason: downloadFailureReason(error), output }));
      } else {
        finish(undefined);
      }
    });
  });
}

/** electron-vite's CLI script, run on this Node */
function electronViteBin() {
  const pkgFile = require.resolve('electron-vite/package.json');
  const { bin } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  return path.join(path.dirname(pkgFile), typeof bin === 'string' ? bin : bin['electron-vite']);
}

/**
 * `electron-vite preview …args` as a child; resolves with its exit code (1 when killed by a signal).
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
export function runElectronVitePreview(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [electronViteBin(), 'preview', ...args], { stdio: 'inherit', env });
    /** @type {NodeJS.Signals[]} */
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    /** @param {NodeJS.Signals} signal */
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of signals) process.on(signal, forward);
    child.on('error', reject);
    child.on('close', (code) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(code ?? 1);
    });
  });
}

/**
 * The whole of `npm start`: ensure the binary, then start the preview with ELECTRON_EXEC_PATH set.
 * Returns the exit code; prints one Chinese sentence (and starts nothing) when Electron cannot be had.
 * @param {{ args?: string[], env?: NodeJS.ProcessEnv, electronDir: string, download?: Download,
 *           startPreview?: (args: string[], env: NodeJS.ProcessEnv) => Promise<number>,
 *           stderr?: { write(text: string): unknown, isTTY?: boolean } }} options
 * @returns {Promise<number>}
 */
export async function startApp({ args = [], env = process.env, electronDir, download, startPreview = runElectronVitePreview, stderr = process.stderr }) {
  let progressShown = false;
  /** @param {number} bytes */
  const onProgress = (bytes) => {
    if (!stderr.isTTY) return;
    progressShown = true;
    stderr.write(`\r已下载 ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  };
  const endProgress = () => {
    if (progressShown) stderr.write('\n');
    progressShown = false;
  };
  let execPath;
  try {
    ({ execPath } = await ensureElectron({ electronDir, env, download, onProgress, log: (line) => stderr.write(`${line}\n`) }));
  } catch (error) {
    endProgress();
    if (!(error instanceof ElectronUnavailable)) throw error;
    stderr.write(`${error.message}\n`);
    return 1;
  }
  endProgress();
  return startPreview(args, { ...env, ELECTRON_EXEC_PATH: execPath });
}

/** node_modules/electron, without loading it (its index.js would start a download) */
function defaultElectronDir() {
  if (process.env.DANGWU_ELECTRON_DIR) return path.resolve(process.env.DANGWU_ELECTRON_DIR);
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return path.resolve(import.meta.dirname, '..', 'node_modules', 'electron');
  }
}

if (import.meta.main) {
  process.exit(await startApp({ args: process.argv.slice(2), electronDir: defaultElectronDir() }));
}
