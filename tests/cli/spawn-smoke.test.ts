import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { seedBureau } from '../support/seed.ts';
import { writeXlsx } from '../support/sheets.ts';

// The only tests that start the CLI as a real child process, one per module: the process entry
// (`npm run cli`'s main.ts, the `dangwu` bin), argv, exit code and the real stdout/stderr. Every other
// CLI test runs the same runCli in-process (tests/support/cli.ts). The child runs on the Node that
// runs the tests (Node 24 under npm scripts) and gets only the environment given here.

const root = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(root, 'src-main/adapters/cli/main.ts');
const BIN = path.join(root, 'bin/dangwu.mjs');

function spawnCli(entry: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--max-semi-space-size=64', entry, ...args], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dangwu = (args: string[], env?: Record<string, string>) => spawnCli(MAIN, args, env);

const opened: TestDb[] = [];
/** a closed database file with the test bureau (and whatever `more` adds) */
async function seeded(more?: (t: TestDb) => Promise<unknown>): Promise<string> {
  const t = await openTestDb({ prefix: 'dangwu-smoke-' });
  opened.push(t);
  seedBureau(t);
  await more?.(t);
  await t.closeDb();
  return t.file;
}
afterAll(async () => {
  for (const t of opened) await t.close();
});

describe('the CLI as a child process', () => {
  it('runs on the Node 24 of the project', () => {
    expect(Number(process.versions.node.split('.')[0]), 'run the tests through npm scripts').toBeGreaterThanOrEqual(24);
  });

  it('core: org add, then org list --json', async () => {
    const t = await openTestDb({ prefix: 'dangwu-smoke-' });
    opened.push(t);
    await t.closeDb();
    const add = dangwu(['--db', t.file, 'org', 'add', '--name', '中共某局机关委员会', '--type', '党委', '--short', '机关党委']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const list = dangwu(['--db', t.file, 'org', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      { name: '中共某局机关委员会', shortName: '机关党委', type: '党委', parent: null, secretary: null, establishedOn: null, termStart: null, termYears: 5, termEnd: null },
    ]);
  });

  it('import: import members — dates never shift with the time zone (TZ=Asia/Shanghai and TZ=America/New_York)', async () => {
    const t = await openTestDb({ prefix: 'dangwu-smoke-' });
    opened.push(t);
    const header = [['姓名', '公民身份号码', '出生日期', '人员类别', '所在党支部', '入党日期', '转正日期']];
    const file = await writeXlsx(path.join(t.dir, 'tz.xlsx'), [{ name: 'S', header, numFmt: { 6: 'yyyy-mm-dd' }, rows: [
      ['甲', makeId('1972-05-01', 11), new Date(Date.UTC(1972, 4, 1)), '正式党员', '第一党支部', 38534, new Date(Date.UTC(2006, 6, 1))],
    ] }]);
    for (const tz of ['Asia/Shanghai', 'America/New_York']) {
      const db = await seeded();
      const r = dangwu(['--db', db, 'import', 'members', file, '--json'], { TZ: tz, DANGWU_TODAY: '2025-06-30' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 1, errors: [] });
      const d = new Database(db, { readonly: true });
      const stored = d.prepare('SELECT birth_date, joined_on, confirmed_on FROM members').all();
      d.close();
      expect(stored).toEqual([{ birth_date: '1972-05-01', joined_on: '2005-07-01', confirmed_on: '2006-07-01' }]);
    }
  });

  it('dues: dues standard (no database) prints the amount alone', () => {
    expect(dangwu(['dues', 'standard', '--category', '在职', '--income', '4500.00'])).toEqual({ code: 0, stdout: '45.00\n', stderr: '' });
    const refused = dangwu(['dues', 'standard', '--category', '农民', '--amount', '1.20']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toBe('');
  });

  it('campaign: campaign list --json', async () => {
    const db = await seeded((t) => t.call('campaign.create', { name: '2023年专项整治', year: 2023, start: '2023-04-01', end: '2023-09-30' }));
    const r = dangwu(['--db', db, 'campaign', 'list', '--json'], { DANGWU_TODAY: '2023-10-10' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: expect.any(Number), name: '2023年专项整治', start: '2023-04-01', end: '2023-09-30' }]);
  });

  it('exports: `dangwu export --json` through the bin entry lists the tables of every module', () => {
    const r = spawnCli(BIN, ['export', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as { name: string }[]).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['roster', 'dues-publicity', 'religion-progress']));
  });
});
