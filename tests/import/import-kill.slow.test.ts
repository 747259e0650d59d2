import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { cli } from '../support/cli.ts';
import { openTestDb } from '../support/db.ts';
import { writeRoster } from '../support/roster.ts';
import { seedBureau } from '../support/seed.ts';

// Commit is one transaction: a process killed with SIGKILL in the middle of writing leaves the
// database exactly as before (SQLite rolls the unfinished transaction back on the next open). The
// import runs in a real child process (the one to kill); the re-import afterwards runs in-process.

const snapshot = (db: string) => {
  const d = new Database(db);
  try {
    return {
      integrity: d.pragma('integrity_check', { simple: true }),
      members: (d.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n,
      orgs: (d.prepare('SELECT group_concat(name) AS n FROM orgs').get() as { n: string }).n,
      batches: (d.prepare('SELECT count(*) AS n FROM import_batches').get() as { n: number }).n,
    };
  } finally {
    d.close();
  }
};

describe('kill -9 in the middle of a commit', () => {
  it('leaves the database unchanged', { timeout: 600_000 }, async () => {
    const t = await openTestDb({ today: '2025-06-30', prefix: 'dangwu-import-' });
    seedBureau(t);
    await t.closeDb();
    const { dir, file: db } = t;
    const file = path.join(dir, 'roster.xlsx');
    await writeRoster(file, 30_000);
    const before = snapshot(db);
    const child = spawn(
      process.execPath,
      ['--max-semi-space-size=16', path.resolve('src-main/adapters/cli/main.ts'), '--db', db, 'import', 'members', file, '--create-orgs', '--json'],
      { env: { ...process.env, DANGWU_PROGRESS: '1', DANGWU_TODAY: '2025-06-30' } },
    );
    let stderr = '';
    const killedWhile = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /progress (\d+)\/(\d+) 正在读取并写入数据库/.exec(stderr);
        if (m && Number(m[1]) > 0 && !child.killed) {
          child.kill('SIGKILL');
          resolve(m[0]);
        }
      });
      child.on('exit', () => reject(new Error(`the import finished before it could be killed:\n${stderr.slice(-500)}`)));
    });
    await new Promise((r) => child.on('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect(killedWhile).toMatch(/正在读取并写入数据库/);
    expect(snapshot(db)).toEqual(before);
    expect(before).toMatchObject({ integrity: 'ok', members: 0, batches: 0 });
    // and the same file imports completely afterwards
    const r = await cli(['import', 'members', file, '--create-orgs', '--json'], { db, env: { DANGWU_TODAY: '2025-06-30' } });
    expect(r.json()).toMatchObject({ inserted: 30_000, errors: [] });
    await t.close();
  });
});
