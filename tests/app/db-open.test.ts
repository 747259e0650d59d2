import { openAppDatabase } from '../../src-main/app.ts';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDir } from '../../src-main/db/connection.ts';
import { allMigrations } from '../../src-main/modules/index.ts';
import { tmpDir } from '../support/db.ts';

const migrations = allMigrations();

let dir: string;
beforeEach(() => {
  dir = tmpDir('dangwu-db-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** a database as an older version of the app left it: only the first migration applied */
async function makeOldDatabase(file: string): Promise<void> {
  const first = Object.keys(migrations)[0];
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => ({ [first]: migrations[first] }) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await kysely.executeQuery({ sql: `INSERT INTO settings (key, value) VALUES ('clerkName', '"王五"')`, parameters: [] } as never);
  await kysely.destroy();
}

describe('database open / migrate', () => {
  it('creates the file with the current schema and the expected pragmas', async () => {
    const file = path.join(dir, 'sub', 'a.db');
    const db = await openAppDatabase(file);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    const applied = (db.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    expect(applied).toEqual(Object.keys(migrations));
    // STRICT tables: a wrong type is an error, never silently coerced
    expect(() => db.sqlite.prepare(`INSERT INTO audit_log (at, entity, entity_id, action) VALUES ('t', 'e', 'abc', 'a')`).run()).toThrow(/cannot store TEXT value in INTEGER column/);
    await db.close();
    expect(fs.existsSync(backupDir(file))).toBe(false); // nothing to back up in a new file
  });

  it('backs up before pending migrations, keeping the last 5 copies', async () => {
    const file = path.join(dir, 'a.db');
    await makeOldDatabase(file);
    const backups = backupDir(file);
    fs.mkdirSync(backups);
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(backups, `a-2000010${i}T000000-before-0002_import.db`), 'old');
    const db = await openAppDatabase(file);
    await db.close();
    const left = fs.readdirSync(backups).sort();
    expect(left).toHaveLength(5);
    expect(left.some((n) => n.startsWith('a-20000100'))).toBe(false);
    const fresh = left.find((n) => !n.startsWith('a-2000'))!;
    expect(fresh).toMatch(/^a-\d{8}T\d{6}-before-0002_import\.db$/);
    // the copy is the old database, readable, with its data and without the new migrations
    const copy = new BetterSqlite3(path.join(backups, fresh), { readonly: true });
    expect(copy.prepare(`SELECT value FROM settings WHERE key = 'clerkName'`).get()).toEqual({ value: '"王五"' });
    expect((copy.prepare('SELECT count(*) AS n FROM kysely_migration').get() as { n: number }).n).toBe(1);
    copy.close();
  });

  it('refuses a database written by a newer version, changing nothing', async () => {
    const file = path.join(dir, 'a.db');
    (await openAppDatabase(file)).close();
    const raw = new BetterSqlite3(file);
    raw.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_future', '2030-01-01')`).run();
    raw.close();
    await expect(openAppDatabase(file)).rejects.toMatchObject({ code: 'UNREADABLE', message: expect.stringContaining('更新版本') });
    const check = new BetterSqlite3(file, { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM kysely_migration').get() as { n: number }).n).toBe(Object.keys(migrations).length + 1);
    check.close();
    expect(fs.existsSync(backupDir(file))).toBe(false);
  });

  it('refuses a file that is not a database, without touching it', async () => {
    const file = path.join(dir, 'bad.db');
    const junk = Buffer.from('这不是数据库文件'.repeat(400));
    fs.writeFileSync(file, junk);
    await expect(openAppDatabase(file)).rejects.toMatchObject({ code: 'UNREADABLE', message: expect.stringContaining('无法读取') });
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
  });

  it('refuses a damaged database (quick_check fails) without writing', async () => {
    const file = path.join(dir, 'a.db');
    const db = await openAppDatabase(file);
    const ins = db.sqlite.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
    db.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) ins.run(`key${i}`, JSON.stringify('x'.repeat(50)));
    })();
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await db.close();
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // scribble over a page in the middle of the file (not the header)
    bytes.fill(0xab, pageSize * 5, pageSize * 5 + 200);
    fs.writeFileSync(file, bytes);
    await expect(openAppDatabase(file)).rejects.toMatchObject({ code: 'UNREADABLE' });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
