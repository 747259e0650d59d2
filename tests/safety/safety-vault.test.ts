import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appContext, openAppDatabase, openVault } from '../../src-main/app.ts';
import { SQLITE_HEADER } from '../../src-main/db/connection.ts';
import {
  ARGON2,
  createKeyFile,
  normaliseRecoveryKey,
  readKeyFile,
  unwrapWithPassword,
  unwrapWithRecoveryKey,
  wrapWithPbkdf2,
} from '../../src-main/db/keys.ts';
import { keyPath, pendingKeyPath } from '../../src-main/db/vault.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { makeId } from '../support/id-numbers.ts';

// Encryption at rest (docs/safety.md#key-design): the key file, the vault's open / lock / unlock,
// encrypting a plain database in place, and the one driver opening plain files unchanged.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-safety-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const PW = 'correct horse 9';
const SECRET = makeId('1955-06-15', 2);

/** every file of the data folder (db, wal, key, backups) holds no plaintext secret */
function plaintextIn(folder: string, secret: string): string[] {
  const hits: string[] = [];
  for (const e of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const f = path.join(e.parentPath, e.name);
    if (fs.readFileSync(f).includes(Buffer.from(secret))) hits.push(f);
  }
  return hits;
}

async function seedMember(ctx: ReturnType<typeof appContext>, idNumber = SECRET): Promise<void> {
  await dispatch(ctx, 'orgs.save', { org: { name: '中共测试党支部', type: '党支部' } });
  await dispatch(ctx, 'members.save', {
    member: { name: '欧阳娜娜', idNumber, gender: '女', birthDate: '1955-06-15', category: '正式党员', joinedOn: '1980-07-01', confirmedOn: '1981-07-01', org: '中共测试党支部', remark: '备注' },
  });
}

describe('the key file', () => {
  it('wraps a random raw key by Argon2id and by the recovery key; wrong secrets give nothing', async () => {
    const { keyFile, rawKey, recoveryKey } = await createKeyFile(PW, '2026-01-01T00:00:00.000Z');
    expect(rawKey).toHaveLength(32);
    expect(keyFile.password.kdf).toMatchObject({ name: 'argon2id', ...ARGON2 });
    expect(recoveryKey).toMatch(/^(\d{5}-){7}\d{5}$/);
    expect(JSON.stringify(keyFile)).not.toContain(rawKey.toString('hex'));
    expect(JSON.stringify(keyFile)).not.toContain(PW);
    expect((await unwrapWithPassword(keyFile, PW))?.equals(rawKey)).toBe(true);
    expect(await unwrapWithPassword(keyFile, 'correct horse 8')).toBeNull();
    expect((await unwrapWithRecoveryKey(keyFile, recoveryKey.replace(/-/g, ' ')))?.equals(rawKey)).toBe(true);
    expect(await unwrapWithRecoveryKey(keyFile, recoveryKey.replace(/^\d/, (d) => String((Number(d) + 1) % 10)))).toBeNull();
    expect(() => normaliseRecoveryKey('12345')).toThrow(/40 位数字/);
    // a key file written with the PBKDF2-SHA512 fallback still opens
    const old = await wrapWithPbkdf2(keyFile, rawKey, PW);
    expect(old.password.kdf).toMatchObject({ name: 'pbkdf2-sha512', iterations: 600_000 });
    expect((await unwrapWithPassword(old, PW))?.equals(rawKey)).toBe(true);
    await expect(createKeyFile('short', 'x')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('至少') });
  });

  it('WASM Argon2id gives the same key as node:crypto (the Electron fallback)', async () => {
    const { argon2id } = await import('hash-wasm');
    const salt = crypto.randomBytes(16);
    const wasm = await argon2id({ password: PW, salt, parallelism: 1, iterations: ARGON2.passes, memorySize: ARGON2.memoryKiB, hashLength: 32, outputType: 'binary' });
    const native = crypto.argon2Sync('argon2id', { message: PW, nonce: salt, parallelism: 1, tagLength: 32, memory: ARGON2.memoryKiB, passes: ARGON2.passes });
    expect(Buffer.from(wasm).equals(native)).toBe(true);
  });
});

describe('the one driver', () => {
  it('opens a plain SQLite file written by another SQLite unchanged, and writes files other SQLite reads', async () => {
    const file = path.join(dir, 'py.db');
    const py = spawnSync('python3', ['-c', `import sqlite3; c=sqlite3.connect(${JSON.stringify(file)}); c.execute("create table t(x)"); c.execute("insert into t values ('旧数据')"); c.commit()`]);
    if (py.status !== 0) return; // no python3 here: nothing to compare with
    const s = new BetterSqlite3(file);
    expect(s.prepare('SELECT x FROM t').get()).toEqual({ x: '旧数据' });
    s.prepare(`INSERT INTO t VALUES ('新数据')`).run();
    s.close();
    const back = spawnSync('python3', ['-c', `import sqlite3; print(sqlite3.connect(${JSON.stringify(file)}).execute("select count(*) from t").fetchone()[0])`], { encoding: 'utf8' });
    expect(back.stdout.trim()).toBe('2');
    expect(fs.readFileSync(file).subarray(0, 16).toString('latin1')).toBe(SQLITE_HEADER);
  });
});

describe('the vault', () => {
  it('a new database without a password works as before and warns; with a password it is created encrypted', async () => {
    const plain = await openVault(path.join(dir, 'plain.db'));
    const status = (await dispatch(appContext(plain), 'safety.status', {})) as { encrypted: boolean; warnings: string[] };
    expect(status.encrypted).toBe(false);
    expect(status.warnings[0]).toMatch(/未设置密码/);
    await plain.close();

    const file = path.join(dir, 'enc.db');
    const v = await openVault(file, { password: PW });
    expect(v.encrypted).toBe(true);
    await seedMember(appContext(v));
    // while open (WAL not yet checkpointed) and after closing: no plaintext anywhere
    expect(plaintextIn(dir, SECRET)).toEqual([]);
    await v.close();
    expect(plaintextIn(dir, SECRET)).toEqual([]);
    expect(fs.readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe(SQLITE_HEADER);
    if (process.platform !== 'win32') {
      for (const f of [file, keyPath(file)]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
    }
    // without the key the file is not a database; the raw driver says so
    const raw = new BetterSqlite3(file);
    expect(() => raw.prepare('SELECT * FROM members').get()).toThrow(/file is not a database/);
    raw.close();
  });

  it('opens locked, refuses wrong passwords with a growing pause, unlocks in under a second, locks again', async () => {
    const file = path.join(dir, 'enc.db');
    const v = await openVault(file, { password: PW });
    await seedMember(appContext(v));
    await v.close();

    const locked = await openVault(file);
    const ctx = appContext(locked);
    expect(locked.locked).toBe(true);
    await expect(dispatch(ctx, 'members.list', {})).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining('解锁') });
    for (let i = 1; i <= 4; i++) {
      await expect(dispatch(ctx, 'safety.unlock', { password: `wrong ${i}` })).rejects.toMatchObject({
        code: 'WRONG_PASSWORD',
        message: expect.stringMatching(/大写锁定.*还可再试/),
      });
    }
    await expect(dispatch(ctx, 'safety.unlock', { password: 'wrong 5' })).rejects.toMatchObject({ message: expect.stringMatching(/30 秒后再试/) });
    // during the pause even the right password waits
    await expect(dispatch(ctx, 'safety.unlock', { password: PW })).rejects.toMatchObject({ code: 'WRONG_PASSWORD', message: expect.stringMatching(/秒后再试/) });
    const again = await openVault(file);
    const t0 = performance.now();
    await again.unlock(PW);
    const unlockMs = performance.now() - t0;
    expect(unlockMs).toBeLessThan(1000);
    const ctx2 = appContext(again);
    expect(((await dispatch(ctx2, 'members.list', {})) as { total: number }).total).toBe(1);
    const st = (await dispatch(ctx2, 'safety.lock', {})) as { locked: boolean };
    expect(st.locked).toBe(true);
    await expect(dispatch(ctx2, 'members.list', {})).rejects.toMatchObject({ code: 'LOCKED' });
    await again.close();
    await locked.close();
  });

  it('encrypts a plain database in place, keeping every row, and encrypts the plain backups beside it', async () => {
    const file = path.join(dir, 'dangwu.db');
    const v = await openVault(file);
    const ctx = appContext(v);
    await seedMember(ctx);
    await dispatch(ctx, 'backup.create', {});
    const legacy = path.join(dir, 'backups', 'dangwu-20250101T000000-before-0002_import.db');
    await v.db.sqlite.backup(legacy);
    fs.writeFileSync(path.join(dir, 'backups', 'broken.dwbak'), 'DANGWUBK\u0004\u0000\u0000\u0000{}');
    expect(plaintextIn(dir, SECRET).length).toBeGreaterThan(0);

    const r = (await dispatch(ctx, 'password.set', { newPassword: PW })) as { recoveryKey: string; backupsEncrypted: number; backupsDeleted: number };
    expect(r.recoveryKey).toMatch(/^(\d{5}-){7}\d{5}$/);
    expect(r).toMatchObject({ backupsEncrypted: 2, backupsDeleted: 0 });
    expect(((await dispatch(ctx, 'members.list', {})) as { total: number }).total).toBe(1);
    await v.close();
    expect(plaintextIn(dir, SECRET)).toEqual([]);
    expect(fs.existsSync(pendingKeyPath(file))).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);

    // password change re-wraps the key only: the database file stays byte for byte
    const before = fs.readFileSync(file);
    const v2 = await openVault(file, { password: PW });
    await v2.changePassword(PW, 'another pass 7', '2026-01-02T00:00:00.000Z');
    await v2.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    await expect(openVault(file, { password: PW })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    // the recovery key alone resets it
    const v3 = await openVault(file);
    const st = (await dispatch(appContext(v3), 'password.reset', { recoveryKey: r.recoveryKey, newPassword: 'third pass 77' })) as { locked: boolean };
    expect(st.locked).toBe(false);
    await v3.close();
    const v4 = await openVault(file, { password: 'third pass 77' });
    expect(((await dispatch(appContext(v4), 'members.list', {})) as { total: number }).total).toBe(1);
    expect(readKeyFile(keyPath(file))?.keyId).toBe(readKeyFile(keyPath(file))?.keyId);
    await v4.close();
  });
});

describe('the idle lock', () => {
  it('locks after the idle time, but lets a running job finish first', async () => {
    const v = await openVault(path.join(dir, 'idle.db'), { password: PW });
    const ctx = appContext(v);
    await dispatch(ctx, 'safety.saveOptions', { idleMinutes: 10 });
    let finish!: () => void;
    const job = ctx.jobs.start('test', () => new Promise<void>((r) => (finish = r)));
    await new Promise((r) => setTimeout(r, 20));
    v.lastActivity = Date.now() - 11 * 60_000;
    // the window shows locked at once; the database stays open until the job has finished
    expect(((await dispatch(ctx, 'safety.status', {})) as { locked: boolean }).locked).toBe(true);
    expect(v.locked).toBe(false);
    finish();
    await ctx.jobs.wait(job.jobId);
    expect(((await dispatch(ctx, 'safety.status', {})) as { locked: boolean }).locked).toBe(true);
    expect(v.locked).toBe(true);
    // the window's activity keeps it open
    await v.unlock(PW);
    v.lastActivity = Date.now() - 11 * 60_000;
    expect(((await dispatch(ctx, 'safety.status', { active: true })) as { locked: boolean }).locked).toBe(false);
    await v.close();
  });
});

describe('files and folders', () => {
  it('refuses a --db in a missing folder; creates files readable by their owner only', async () => {
    await expect(openVault(path.join(dir, 'typo', 'x.db'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `找不到文件夹 ${path.join(dir, 'typo')}，请检查 --db 路径`,
    });
    expect(fs.existsSync(path.join(dir, 'typo'))).toBe(false);
    const v = await openVault(path.join(dir, 'made', 'x.db'), { createFolder: true });
    await seedMember(appContext(v));
    if (process.platform !== 'win32') {
      for (const f of ['x.db', 'x.db-wal', 'x.db-shm']) expect(fs.statSync(path.join(dir, 'made', f)).mode & 0o777, f).toBe(0o600);
    }
    await v.close();
    // an old world-readable file is narrowed on open
    const old = path.join(dir, 'old.db');
    (await openAppDatabase(old)).close();
    fs.chmodSync(old, 0o644);
    (await openAppDatabase(old)).close();
    if (process.platform !== 'win32') expect(fs.statSync(old).mode & 0o777).toBe(0o600);
  });

  it('tells a foreign file, an encrypted file without its key file and a damaged file apart', async () => {
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, '这不是数据库'.repeat(500));
    await expect(openVault(junk)).rejects.toMatchObject({ code: 'UNREADABLE', message: expect.stringMatching(/不是党务数据库.*钥匙文件/) });
    const enc = path.join(dir, 'enc.db');
    (await openVault(enc, { password: PW })).close();
    fs.renameSync(keyPath(enc), `${enc}.moved`);
    await expect(openVault(enc, { password: PW })).rejects.toMatchObject({ message: expect.not.stringMatching(/从备份恢复/) });
    const damaged = path.join(dir, 'damaged.db');
    const d = await openAppDatabase(damaged);
    d.sqlite.exec(`CREATE TABLE filler(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) INSERT INTO filler SELECT hex(randomblob(40)) FROM c;`);
    d.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await d.close();
    const bytes = fs.readFileSync(damaged);
    bytes.fill(0xab, 4096 * 6, 4096 * 6 + 300);
    fs.writeFileSync(damaged, bytes);
    await expect(openVault(damaged)).rejects.toMatchObject({ code: 'UNREADABLE', message: expect.stringMatching(/从备份恢复/) });
  });
});
