import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appContext, openAppDatabase, openVault } from '../../src-main/app.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { keyPath, pendingKeyPath } from '../../src-main/db/vault.ts';

// kill -9 in the middle of encrypting a database in place, and in the middle of a restore: the database
// opens afterwards, old or new, never neither (docs/safety.md#crash-safety). Eight kills each, at
// points spread over the whole operation (measured first on an uninterrupted run).

const root = path.resolve(import.meta.dirname, '../..');
const nodeBin = path.join(root, 'node_modules/.bin/node');
const mainTs = path.join(root, 'src-main/adapters/cli/main.ts');
const PW = 'kill test pass 1';
const ROWS = 40_000;
const KILLS = 8;

let dir: string;
let template: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-kill-'));
  template = path.join(dir, 'template.db');
  const db = await openAppDatabase(template);
  const s = db.sqlite;
  s.prepare(`INSERT INTO orgs (name, type, parent_id, path, sort_order, created_at, updated_at) VALUES ('中共测试党支部', '党支部', NULL, '/1/', 0, 'x', 'x')`).run();
  const ins = s.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id, address, created_at, updated_at)
    VALUES (?, 'x', 'x', ?, '男', '1980-01-01', '正式党员', '2000-01-01', 1, ?, 'x', 'x')`);
  s.transaction(() => {
    for (let i = 0; i < ROWS; i++) ins.run(`党员${i}`, `ID${String(i).padStart(16, '0')}`, `北京市某某区某某街道${i}号院${i % 97}单元`);
  })();
  await db.close();
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function copyTemplate(name: string): string {
  const f = path.join(dir, name, 'dangwu.db');
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.copyFileSync(template, f);
  return f;
}

function runSync(db: string, args: string[], env: Record<string, string> = {}): { code: number | null; ms: number; stderr: string } {
  const t = Date.now();
  const r = spawnSync(nodeBin, [mainTs, '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, ms: Date.now() - t, stderr: r.stderr };
}

/** starts the CLI and SIGKILLs it after `ms` (if it is still running then); resolves when it is gone */
function killAfter(db: string, args: string[], ms: number, env: Record<string, string> = {}): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(nodeBin, [mainTs, '--db', db, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : 'finished');
    });
  });
}

/** what the database holds after the kill: opened the way the app opens it */
async function state(db: string, password?: string): Promise<{ encrypted: boolean; members: number }> {
  const v = await openVault(db, { password });
  try {
    const members = (v.db.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
    expect(String(v.db.sqlite.pragma('integrity_check', { simple: true }))).toBe('ok');
    return { encrypted: v.encrypted, members };
  } finally {
    await v.close();
  }
}

describe('kill -9', () => {
  it('during encryption in place leaves the plain database or the encrypted one, 8 times', { timeout: 600_000 }, async () => {
    const pwFile = path.join(dir, 'pw');
    fs.writeFileSync(pwFile, PW);
    const probe = copyTemplate('probe-enc');
    const full = runSync(probe, ['password', 'set', '--new-password-file', pwFile]);
    expect(full.code, full.stderr).toBe(0);
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const db = copyTemplate(`enc-${i}`);
      // from process start to a little past the measured end: start-up, copy, rekey, verify, switch
      const at = Math.round((full.ms * 1.25 * (i + 0.5)) / KILLS);
      const how = await killAfter(db, ['password', 'set', '--new-password-file', pwFile], at);
      const kind = fs.readFileSync(db).subarray(0, 15).toString('latin1') === 'SQLite format 3' ? 'plain' : 'encrypted';
      const s = await state(db, kind === 'encrypted' ? PW : undefined);
      expect(s.members).toBe(ROWS);
      expect(s.encrypted).toBe(kind === 'encrypted');
      // never an encrypted file without its key, never a leftover pending key or copy
      if (kind === 'encrypted') expect(fs.existsSync(keyPath(db))).toBe(true);
      expect(fs.existsSync(pendingKeyPath(db))).toBe(false);
      outcomes.push(`${at}ms ${how} → ${kind}`);
    }
    // the early kills land before the switch (the uninterrupted probe above ended encrypted); where the
    // later ones land depends on the machine's load, and every outcome was checked above
    expect(outcomes.some((o) => o.endsWith('plain'))).toBe(true);
    console.log(`password set takes ${full.ms} ms; ${outcomes.join('; ')}`);
  });

  it('during a restore leaves the current database or the restored one, 8 times', { timeout: 600_000 }, async () => {
    // an encrypted database with a backup of 40,000 members, then 1,000 more
    const base = copyTemplate('restore-base');
    const v = await openVault(base);
    const ctx = appContext(v);
    await dispatch(ctx, 'password.set', { newPassword: PW });
    const backup = ((await dispatch(ctx, 'backup.create', {})) as { backup: { file: string } }).backup.file;
    const ins = v.db.sqlite.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id, created_at, updated_at)
      VALUES (?, 'x', 'x', ?, '女', '1990-01-01', '预备党员', '2024-01-01', 1, 'x', 'x')`);
    v.db.sqlite.transaction(() => {
      for (let i = 0; i < 1000; i++) ins.run(`新党员${i}`, `NEW${i}`);
    })();
    await v.close();
    const baseDir = path.dirname(base);
    const env = { DANGWU_PASSWORD: PW };
    const fresh = (name: string) => {
      const d = path.join(dir, name);
      fs.cpSync(baseDir, d, { recursive: true });
      return path.join(d, 'dangwu.db');
    };
    const probe = fresh('restore-probe');
    const full = runSync(probe, ['backup', 'restore', backup, '--yes'], env);
    expect(full.code, full.stderr).toBe(0);
    expect((await state(probe, PW)).members).toBe(ROWS);
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const db = fresh(`restore-${i}`);
      const at = Math.round((full.ms * 1.25 * (i + 0.5)) / KILLS);
      const how = await killAfter(db, ['backup', 'restore', backup, '--yes'], at, env);
      const s = await state(db, PW);
      expect([ROWS, ROWS + 1000]).toContain(s.members);
      expect(s.encrypted).toBe(true);
      outcomes.push(`${at}ms ${how} → ${s.members === ROWS ? 'restored' : 'current'}`);
    }
    expect(outcomes.some((o) => o.endsWith('current'))).toBe(true);
    console.log(`backup restore takes ${full.ms} ms; ${outcomes.join('; ')}`);
  });
});
