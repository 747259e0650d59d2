import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, NEEDS_PASSWORD } from '../../src-main/adapters/cli/main.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { appContext, openVault } from '../../src-main/app.ts';
import { readBackupHeader } from '../../src-main/db/backup-file.ts';
import { toDelete } from '../../src-main/modules/safety/domain/retention.ts';
import { makeId } from '../support/id-numbers.ts';
import { writeXlsx } from '../support/sheets.ts';

// Backups and restore (docs/safety.md#backups), through the CLI contract and the operations:
// checked backup files, the retention policy, the second folder, automatic backups, restore with its
// preview and undo, refusals of damaged and foreign backups, and the audit list.

let dir: string;
let db: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-backup-'));
  db = path.join(dir, 'dangwu.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const PW = 'backup pass 1';

async function cli(args: string[], env: Record<string, string> = {}, tty = false) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--db', db, ...args],
    { DANGWU_TODAY: '2025-06-30', ...env },
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { isTTY: tty, ask: async () => PW },
  );
  let json: any = null;
  try {
    json = JSON.parse(stdout);
  } catch {
    // text output
  }
  return { code, stdout, stderr, json };
}

function pwFile(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${text}\n`);
  return f;
}

async function seed(n = 3, pw?: string): Promise<void> {
  const env: Record<string, string> = pw ? { DANGWU_PASSWORD: pw } : {};
  expect((await cli(['org', 'add', '--name', '中共测试党支部', '--type', '党支部'], env)).code).toBe(0);
  for (let i = 0; i < n; i++) {
    const r = await cli(['member', 'add', '--json', member(`党员${i}`, makeId('1980-01-01', 10 + i))], env);
    expect(r.code, r.stderr).toBe(0);
  }
}

const member = (name: string, idNumber: string, category = '正式党员') =>
  JSON.stringify({ name, idNumber, org: '中共测试党支部', category, joinedOn: category === '正式党员' ? '2000-01-01' : '2024-01-01', ...(category === '正式党员' ? { confirmedOn: '2001-01-01' } : {}) });

const count = async (env: Record<string, string> = {}) => ((await cli(['members', 'list', '--json'], env)).json as unknown[]).length;

describe('the CLI contract for passwords', () => {
  it('password set encrypts in place and prints the recovery key once; an encrypted database needs a password, never waits', async () => {
    await seed();
    const set = await cli(['password', 'set', '--new-password-file', pwFile('pw', PW), '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(Object.keys(set.json)).toContain('recoveryKey');
    expect(set.json.recoveryKey).toMatch(/^(\d{5}-){7}\d{5}$/);

    const refused = await cli(['members', 'list', '--json']);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr.trim()).toBe(NEEDS_PASSWORD);
    expect(NEEDS_PASSWORD).toBe('数据库已加密，请用 --password-file 或 DANGWU_PASSWORD 提供密码');
    // --password-file before or after the command words, DANGWU_PASSWORD, or a prompt on a terminal
    expect((await cli(['--password-file', pwFile('pw', PW), 'members', 'list', '--json'])).json).toHaveLength(3);
    expect((await cli(['members', 'list', '--json', '--password-file', pwFile('pw', PW)])).json).toHaveLength(3);
    expect(await count({ DANGWU_PASSWORD: PW })).toBe(3);
    expect((await cli(['members', 'list', '--json'], {}, true)).json).toHaveLength(3);
    const wrong = await cli(['members', 'list'], { DANGWU_PASSWORD: 'not it 123' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/密码不正确/);

    const change = await cli(['password', 'change', '--new-password-file', pwFile('pw2', 'second pass 2')], { DANGWU_PASSWORD: PW });
    expect(change.code, change.stderr).toBe(0);
    expect((await cli(['members', 'list'], { DANGWU_PASSWORD: PW })).code).toBe(1);
    const reset = await cli(['password', 'reset', '--recovery-key-file', pwFile('rk', set.json.recoveryKey), '--new-password-file', pwFile('pw3', 'third pass 3')]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(await count({ DANGWU_PASSWORD: 'third pass 3' })).toBe(3);
    // who did it, on which computer
    const audit = await cli(['audit', 'list', '--module', 'safety', '--json'], { DANGWU_PASSWORD: 'third pass 3' });
    expect(audit.json.map((r: { action: string }) => r.action)).toEqual(['用恢复密钥重置密码', '修改密码', '设置密码（数据库已加密）']);
    expect(audit.json[0]).toMatchObject({ machine: os.hostname(), module: 'safety' });
  });

  it('a new database is created encrypted when a password is given, plain otherwise', async () => {
    expect((await cli(['org', 'list'], { DANGWU_PASSWORD: PW })).code).toBe(0);
    expect(fs.existsSync(`${db}.key`)).toBe(true);
    expect((await cli(['org', 'list'])).stderr.trim()).toBe(NEEDS_PASSWORD);
    // a real process whose stdin is an open pipe (not a terminal): refused at once, never waiting on it
    const t = Date.now();
    const child = spawnSync(path.resolve('node_modules/.bin/node'), [path.resolve('src-main/adapters/cli/main.ts'), '--db', db, 'org', 'list'], {
      encoding: 'utf8',
      env: { ...process.env, DANGWU_PASSWORD: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    expect(child.status).toBe(1);
    expect(child.stderr.trim()).toBe(NEEDS_PASSWORD);
    expect(Date.now() - t).toBeLessThan(15_000);
    const other = path.join(dir, 'plain.db');
    const r = await runCli(['--db', other, 'org', 'list'], {}, { stdout: () => {}, stderr: () => {} }, { isTTY: false, ask: async () => '' });
    expect(r).toBe(0);
    expect(fs.existsSync(`${other}.key`)).toBe(false);
  });

  it('a --db in a missing folder is refused in Chinese; the default ./data/ is created', async () => {
    let err = '';
    const code = await runCli(['--db', path.join(dir, 'nope', 'x.db'), 'org', 'list'], {}, { stdout: () => {}, stderr: (t) => (err += t) });
    expect(code).toBe(1);
    expect(err.trim()).toBe(`找不到文件夹 ${path.join(dir, 'nope')}，请检查 --db 路径`);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await runCli(['org', 'list'], {}, { stdout: () => {}, stderr: () => {} })).toBe(0);
      expect(fs.existsSync(path.join(dir, 'data', 'dangwu.db'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('backups', () => {
  it('create, list, verify; a truncated or bit-flipped backup is refused by verify and by restore', async () => {
    await seed();
    const made = await cli(['backup', 'create', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const file = made.json.backup.file as string;
    expect(made.json.backup).toMatchObject({ members: 3, encrypted: false, reason: 'manual' });
    const list = await cli(['backup', 'list', '--json']);
    expect(list.json.map((b: { file: string }) => b.file)).toContain(file);
    expect(list.json.find((b: { file: string }) => b.file === file)).toMatchObject({ members: 3, lastAction: { action: expect.any(String) } });
    const ok = await cli(['backup', 'verify', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/备份完好/);

    const truncated = path.join(dir, 'truncated.dwbak');
    fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, fs.statSync(file).size - 5000));
    const flipped = path.join(dir, 'flipped.dwbak');
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(flipped, bytes);
    for (const bad of [truncated, flipped]) {
      const v = await cli(['backup', 'verify', bad]);
      expect(v.code).toBe(1);
      expect(v.stderr).toMatch(/备份文件已损坏或不完整/);
      const r = await cli(['backup', 'restore', bad, '--yes']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/备份文件已损坏或不完整/);
    }
    expect(await count()).toBe(3);
  });

  it('restore shows what changes, backs up the current state first, and can be undone', async () => {
    await seed(3);
    const first = (await cli(['backup', 'create', '--json'])).json.backup.file as string;
    expect((await cli(['member', 'add', '--json', member('新党员', makeId('1990-01-01', 21), '预备党员')])).code).toBe(0);
    expect(await count()).toBe(4);

    const preview = await cli(['backup', 'restore', first, '--json']);
    expect(preview.code).toBe(1); // not without --yes
    expect(preview.json.changes.find((c: { module: string }) => c.module === 'core')).toMatchObject({ title: '组织与党员' });
    expect(preview.json.lostActions.length).toBeGreaterThan(0);
    expect(await count()).toBe(4);

    const done = await cli(['backup', 'restore', first, '--yes', '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(await count()).toBe(3);
    const undo = done.json.undoFile as string;
    expect(readBackupHeader(undo)).toMatchObject({ reason: 'before-restore', summary: { members: 4 } });
    expect((await cli(['backup', 'restore', undo, '--yes'])).code).toBe(0);
    expect(await count()).toBe(4);
  });

  it('a backup from another installation is refused naming why; a plain backup restored into an encrypted database is encrypted', async () => {
    await seed(2);
    const plainBackup = (await cli(['backup', 'create', '--json'])).json.backup.file as string;
    expect((await cli(['password', 'set', '--new-password-file', pwFile('pw', PW)])).code).toBe(0);
    const env = { DANGWU_PASSWORD: PW };
    // another installation with its own key
    const otherDb = path.join(dir, 'other', 'dangwu.db');
    fs.mkdirSync(path.dirname(otherDb));
    const other = await openVault(otherDb, { password: 'other pass 9' });
    const octx = appContext(other);
    const foreign = ((await dispatch(octx, 'backup.create', {})) as { backup: { file: string } }).backup.file;
    await other.close();
    const refused = await cli(['backup', 'restore', foreign, '--yes'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/来自另一个党务数据库（加密密钥不同/);
    expect((await cli(['backup', 'verify', foreign], env)).stdout).toMatch(/另一个数据库/);
    // the old plain backup was encrypted when the password was set; an outside plain copy still restores, encrypted
    expect(readBackupHeader(plainBackup).encrypted).toBe(true);
    const r = await cli(['backup', 'restore', plainBackup, '--yes'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(db).subarray(0, 6).toString()).not.toBe('SQLite');
    expect(await count(env)).toBe(2);
  });

  it('the second folder: the local backup is made when the folder is gone, and the clerk is told', async () => {
    await seed(1);
    // outside the data folder, like a USB stick
    const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-usb-'));
    const v = await openVault(db);
    const ctx = appContext(v);
    await dispatch(ctx, 'safety.saveOptions', { backupFolder: usb });
    const ok = (await dispatch(ctx, 'backup.create', {})) as { secondCopy: string; secondFolderError: string | null };
    expect(ok.secondFolderError).toBeNull();
    expect(fs.existsSync(ok.secondCopy)).toBe(true);
    expect(((await dispatch(ctx, 'safety.status', {})) as { warnings: string[] }).warnings.join()).not.toMatch(/复制到数据文件夹以外/);
    fs.rmSync(usb, { recursive: true });
    const gone = (await dispatch(ctx, 'backup.create', {})) as { backup: { file: string }; secondFolderError: string };
    expect(fs.existsSync(gone.backup.file)).toBe(true);
    expect(gone.secondFolderError).toMatch(/找不到备份文件夹.*本机的备份已经做好/);
    expect(((await dispatch(ctx, 'safety.status', {})) as { warnings: string[] }).warnings.join()).toMatch(/找不到备份文件夹/);
    const reminders = (await dispatch(ctx, 'reminders.list', {})) as { module: string; message: string }[];
    expect(reminders.filter((r) => r.module === 'safety').map((r) => r.message).join()).toMatch(/最近一次备份：今天/);
    await v.close();
  });

  it('a full second folder (a 1 MB disk): the local backup is made all the same', async () => {
    const usb = path.join(dir, 'full');
    fs.mkdirSync(usb);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', usb]).status === 0;
    if (!mounted) return; // needs root (CI and this machine run as root)
    try {
      await seed(1);
      fs.writeFileSync(path.join(usb, 'filler'), Buffer.alloc(900 * 1024));
      const v = await openVault(db);
      const ctx = appContext(v);
      await dispatch(ctx, 'safety.saveOptions', { backupFolder: usb });
      const r = (await dispatch(ctx, 'backup.create', {})) as { backup: { file: string }; secondFolderError: string };
      expect(fs.existsSync(r.backup.file)).toBe(true);
      expect(r.secondFolderError).toMatch(/磁盘空间不足.*本机的备份已经做好/);
      await v.close();
    } finally {
      spawnSync('umount', [usb]);
    }
  });

  it('automatic backups: before every import, at most hourly before bulk actions, none for a dry run', async () => {
    await seed(2);
    const v = await openVault(db);
    const ctx = appContext(v);
    const backups = () => fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.dwbak'));
    const before = backups().length;
    const file = path.join(dir, 'r.xlsx');
    await writeXlsx(file, [
      {
        name: 'Sheet1',
        header: [['姓名', '公民身份号码', '性别', '出生日期', '人员类别', '所在党支部', '入党时间', '转正时间']],
        rows: [['李四', makeId('1985-02-02', 31), '男', '1985-02-02', '正式党员', '中共测试党支部', '2010-01-01', '2011-01-01']],
      },
    ]);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const job = (await dispatch(ctx, 'import.commit', { bytes, fileName: 'r.xlsx', dryRun: true })) as { jobId: string };
    await ctx.jobs.wait(job.jobId);
    expect(backups().length).toBe(before);
    const real = (await dispatch(ctx, 'import.commit', { bytes, fileName: 'r.xlsx' })) as { jobId: string };
    await ctx.jobs.wait(real.jobId);
    expect(backups().filter((f) => f.includes('before-import'))).toHaveLength(1);
    const ids = ((await dispatch(ctx, 'members.list', {})) as { rows: { id: number }[] }).rows.map((r) => r.id);
    const org = ((await dispatch(ctx, 'orgs.list', {})) as { id: number }[])[0].id;
    await dispatch(ctx, 'members.move', { ids, orgId: org });
    await dispatch(ctx, 'members.move', { ids, orgId: org });
    expect(backups().filter((f) => f.includes('before-bulk'))).toHaveLength(1);
    await v.close();
  });

  it('the retention policy keeps 7 daily, 4 weekly and 12 monthly backups, the 3 newest, and recent before-restore ones', () => {
    const now = new Date(2026, 5, 30, 12);
    const list = Array.from({ length: 400 }, (_, i) => {
      const d = new Date(now.getTime() - i * 86_400_000);
      return { name: `b${i}`, createdAt: d.toISOString(), reason: i === 20 ? 'before-restore' : 'daily' };
    });
    const gone = new Set(toDelete(list, now));
    const kept = list.filter((b) => !gone.has(b.name));
    expect(kept.filter((b) => list.indexOf(b) < 7)).toHaveLength(7);
    expect(kept.some((b) => b.name === 'b20')).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12 + 1);
    expect(kept.length).toBeGreaterThanOrEqual(12);
    expect(kept.some((b) => list.indexOf(b) > 330)).toBe(true); // about a year back
  });
});

describe('the audit list', () => {
  it('filters by person, module and dates; every write carries the clerk and the machine', async () => {
    await seed(1);
    await cli(['settings', 'set', '--clerk-name', '王秘书']);
    expect((await cli(['member', 'add', '--json', member('赵六', makeId('1970-03-03', 41))])).code).toBe(0);
    const all = (await cli(['audit', 'list', '--json'])).json as { actor: string; machine: string; module: string; action: string }[];
    expect(all.every((r) => r.machine === os.hostname())).toBe(true);
    expect(all.some((r) => r.action === '修改设置')).toBe(true);
    const wang = (await cli(['audit', 'list', '--person', '王秘书', '--json'])).json as { actor: string }[];
    expect(wang.length).toBeGreaterThanOrEqual(1);
    expect(wang.every((r) => r.actor === '王秘书')).toBe(true);
    const today = new Date().toLocaleDateString('sv-SE');
    expect(((await cli(['audit', 'list', '--module', 'core', '--from', today, '--to', today, '--json'])).json as unknown[]).length).toBe(all.filter((r) => r.module === 'core').length);
    expect((await cli(['audit', 'list', '--from', '2000-01-01', '--to', '2000-01-02', '--json'])).json).toEqual([]);
    const bad = await cli(['audit', 'list', '--from', '2026/01/01']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/起始日期/);
  });
});
