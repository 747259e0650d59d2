import { openAppDatabase, appContext } from '../../src-main/app.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { type Db } from '../../src-main/db/connection.ts';
import { type ServiceContext } from '../../src-main/services/context.ts';
import { startWebServer, type WebServer } from '../../src-main/adapters/web/server.ts';

// One end-to-end setup for every UI test: the real services on a temp database, the real built
// renderer served by browser mode, Debian's Chromium at 1366×768. It records console errors and any
// request that leaves 127.0.0.1, so each test can assert there are none.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const SCREENSHOT_DIR = path.resolve('tests/e2e/screenshots');
const RENDERER_DIR = path.resolve('out/renderer');

export interface E2E {
  dir: string;
  db: Db;
  ctx: ServiceContext;
  server: WebServer;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startE2E(opts: { env?: Record<string, string>; /** show the first-run wizard (default: gone through) */ firstRun?: boolean } = {}): Promise<E2E> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('renderer not built: run npm run build:renderer');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-e2e-'));
  const db = await openAppDatabase(path.join(dir, 'dangwu.db'));
  const ctx = appContext(db);
  // a test starts past the first-run wizard unless it is about the wizard
  if (!opts.firstRun) db.sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('setupCompleted', 'true')`).run();
  const server = await startWebServer({ ctx, rendererDir: RENDERER_DIR });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, ...opts.env } });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) foreignRequests.push(r.url());
  });
  await page.goto(server.url);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    dir, db, ctx, server, browser, page, consoleErrors, foreignRequests,
    async shot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await browser.close();
      await server.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** inserts an organization straight into the test database, with its materialized path */
export function insertOrg(e: E2E, o: { name: string; type: string; parent?: number; sortOrder?: number; now?: string }): number {
  const s = e.db.sqlite;
  const now = o.now ?? '2023-01-01T00:00:00.000Z';
  const parentPath = o.parent
    ? (s.prepare('SELECT path FROM orgs WHERE id = ?').get(o.parent) as { path: string }).path
    : '/';
  const id = Number(
    s
      .prepare(`INSERT INTO orgs (name, type, parent_id, path, sort_order, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?)`)
      .run(o.name, o.type, o.parent ?? null, o.sortOrder ?? 0, now, now).lastInsertRowid,
  );
  s.prepare('UPDATE orgs SET path = ? WHERE id = ?').run(`${parentPath}${id}/`, id);
  return id;
}

/** picks an option by its title in the antd Select / TreeSelect with this data-testid */
export async function chooseByTitle(page: Page, testId: string, title: string): Promise<void> {
  await page.getByTestId(testId).click();
  const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await popup.getByTitle(title, { exact: true }).first().click();
  await popup.waitFor({ state: 'hidden', timeout: 15_000 });
}
