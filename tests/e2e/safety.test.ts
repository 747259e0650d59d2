import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { appContext, openVault } from '../../src-main/app.ts';
import { startWebServer } from '../../src-main/adapters/web/server.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { CHROMIUM, CHROMIUM_ARGS, startE2E, type E2E } from './harness.ts';

// The safety pages in the real UI (browser mode): the warning banner without a password, 备份与恢复
// (backup now, set the password and see the recovery key once, restore with its preview and undo),
// the lock (Ctrl+L, the button, the idle time) clearing every view, the unlock screen, and 操作记录.

const PW = 'e2e pass 1234';
let e2e: E2E | null = null;
afterAll(async () => {
  await e2e?.close();
});

describe('safety UI', () => {
  it('banner, backup now, set password (recovery key once), lock and unlock, restore and undo, audit viewer', async () => {
    e2e = await startE2E();
    const { page, ctx } = e2e;
    const call = (name: string, input: unknown) => dispatch(ctx, name, input);
    await call('settings.save', { clerkName: '李书记' });
    await call('orgs.save', { org: { name: '中共某某机关委员会', type: '党委' } });

    // no password: a warning banner stays at the top
    await page.reload();
    await expect.poll(() => page.getByTestId('safety-banner').first().textContent()).toMatch(/未设置密码/);

    // 备份与恢复: a backup now
    await page.getByTestId('nav-backup').click();
    await page.getByTestId('backup-now').click();
    await page.getByTestId('backup-list').locator('tbody tr.ant-table-row').first().waitFor();
    await e2e.shot('safety-backups');

    // set the password: the recovery key is shown once
    await page.getByTestId('set-password').click();
    await page.getByTestId('new-password').fill(PW);
    await page.getByTestId('new-password-again').fill(PW);
    await page.getByTestId('set-password-ok').click();
    const key = await page.getByTestId('recovery-key').textContent({ timeout: 30_000 });
    expect(key).toMatch(/(\d{5}-){7}\d{5}/);
    await e2e.shot('safety-recovery-key');
    await page.getByTestId('recovery-done').click();
    await page.getByTestId('encrypted-tag').waitFor();
    expect(await page.getByTestId('safety-banner').filter({ hasText: '未设置密码' }).count()).toBe(0);
    expect(fs.readFileSync(ctx.vault.file).subarray(0, 6).toString()).not.toBe('SQLite');

    // restore: add an organization, restore the backup taken after the password, see the preview, undo
    await page.getByTestId('backup-now').click();
    await expect.poll(async () => page.getByTestId('backup-list').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(1);
    await call('orgs.save', { org: { name: '中共第一党支部', type: '党支部', parent: '中共某某机关委员会' } });
    await page.getByTestId('restore-backup').first().click();
    await page.getByTestId('restore-changes').waitFor();
    expect(await page.getByTestId('restore-changes').textContent()).toMatch(/组织与党员/);
    await e2e.shot('safety-restore-preview');
    await page.getByTestId('confirm-restore').click();
    await page.getByTestId('undo-restore').waitFor({ timeout: 30_000 });
    expect(((await call('orgs.list', {})) as { name: string }[]).map((o) => o.name)).toEqual(['中共某某机关委员会']);
    await page.getByTestId('undo-restore').click();
    await expect.poll(async () => ((await call('orgs.list', {})) as unknown[]).length, { timeout: 30_000 }).toBe(2);

    // Ctrl+L locks: every view goes, the unlock screen shows; a wrong password is refused in Chinese
    await page.getByTestId('nav-orgs').click();
    await page.getByText('中共第一党支部').first().waitFor();
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-screen').waitFor();
    expect(await page.getByText('中共第一党支部').count()).toBe(0);
    await expect(call('orgs.list', {})).rejects.toMatchObject({ code: 'LOCKED' });
    await page.getByTestId('unlock-password').fill('wrong password');
    await page.getByTestId('unlock-button').click();
    await expect.poll(() => page.getByTestId('unlock-error').textContent()).toMatch(/密码不正确.*大写锁定/);
    await e2e.shot('safety-unlock-wrong');
    await page.getByTestId('unlock-password').fill(PW);
    await page.getByTestId('unlock-button').click();
    await page.getByTestId('lock-button').waitFor();
    // the app came back fresh (first page), not where it was
    await page.getByTestId('nav-orgs').waitFor();

    // the lock button, then the idle lock (the clerk did nothing for longer than the idle time)
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-screen').waitFor();
    await page.getByTestId('unlock-password').fill(PW);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('lock-button').waitFor();
    // the window reports the clerk's last clicks with its next poll; the one after finds the idle time passed
    await page.waitForTimeout(16_000);
    ctx.vault.lastActivity = Date.now() - 11 * 60_000;
    await page.getByTestId('unlock-screen').waitFor({ timeout: 45_000 });
    await page.getByTestId('unlock-password').fill(PW);
    await page.getByTestId('unlock-button').click();
    await page.getByTestId('lock-button').waitFor();

    // 操作记录: entries with the clerk and the machine, filtered by module, exported after a confirmation
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await table.textContent()).toContain('李书记');
    expect(await table.textContent()).toContain(os.hostname());
    expect(await table.textContent()).toContain('设置密码');
    await page.getByTestId('audit-module').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('数据安全').click();
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').allTextContents()).every((t) => t.includes('数据安全'))).toBe(true);
    await e2e.shot('safety-audit');
    await page.getByTestId('export-audit-log').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '确定导出' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^操作记录-.*\.xlsx$/);
    expect(e2e.consoleErrors).toEqual([]);
    expect(e2e.foreignRequests).toEqual([]);
  });

  it('browser mode asks for the password of an encrypted database (the address token stays)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-e2e-locked-'));
    const file = path.join(dir, 'dangwu.db');
    const first = await openVault(file, { password: PW });
    await dispatch(appContext(first), 'orgs.save', { org: { name: '中共加密测试党支部', type: '党支部' } });
    await first.close();
    const vault = await openVault(file);
    const server = await startWebServer({ ctx: appContext(vault), rendererDir: path.resolve('out/renderer') });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
      await page.goto(server.url);
      await page.getByTestId('unlock-screen').waitFor();
      // caps lock is named (a key event with Caps Lock on, as the browser reports it)
      await page.getByTestId('unlock-password').evaluate((el) => {
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'A', bubbles: true, modifierCapsLock: true } as KeyboardEventInit));
      });
      await page.getByTestId('caps-lock').waitFor();
      await page.getByTestId('unlock-password').fill(PW);
      await page.getByTestId('unlock-button').click();
      await page.getByTestId('lock-button').waitFor();
      await page.getByTestId('nav-orgs').click();
      await page.getByText('中共加密测试党支部').first().waitFor();
    } finally {
      await browser.close();
      await server.close();
      await vault.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
