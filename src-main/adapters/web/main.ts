import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterOpen, appContext, openVault } from '../../app.ts';
import { isAppError } from '../../domain/errors.ts';
import { isDefaultDbPath, resolveDbPath } from '../db-path.ts';
import { startWebServer } from './server.ts';

// `npm run web [-- --db FILE] [--port N]`: builds the renderer when it is missing or stale, then serves it.
// An encrypted database starts locked: the page asks for the password (docs/safety.md#unlock-and-lock).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rendererDir = path.join(root, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const m = fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

function ensureBuilt(): void {
  const index = path.join(rendererDir, 'index.html');
  const stale =
    !fs.existsSync(index) ||
    fs.statSync(index).mtimeMs < Math.max(newestMtime(path.join(root, 'src-renderer')), newestMtime(path.join(root, 'src-main')));
  if (!stale) return;
  console.error('正在构建界面（renderer）…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.renderer.config.mjs', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('renderer build failed');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' }, 'no-build': { type: 'boolean' } },
    strict: true,
  });
  if (!values['no-build']) ensureBuilt();
  const dbFile = resolveDbPath(values.db);
  const vault = await openVault(dbFile, { createFolder: isDefaultDbPath(values.db) });
  const ctx = appContext(vault);
  await afterOpen(ctx);
  const server = await startWebServer({ ctx, rendererDir, port: values.port ? Number(values.port) : 0 });
  console.error(`数据库：${dbFile}${vault.locked ? '（已加密：请在页面上输入密码解锁）' : vault.encrypted ? '' : '（未设置密码）'}`);
  console.log(server.url);
  const stop = async () => {
    await server.close();
    await vault.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(isAppError(e) ? e.message : e);
  process.exit(1);
});
