import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from './fixture.ts';

// One spawned smoke test for the statistics and development commands (the CLI as a clerk's script runs it).

const NODE = path.resolve('node_modules/.bin/node');
const MAIN = path.resolve('src-main/adapters/cli/main.ts');
let f: Fixture;

beforeAll(async () => {
  f = await makeFixture('2027-01-15');
  const root = f.org('中共某某乡委员会', '党委');
  f.member({ name: '甲', org: root });
  await f.db.close();
});
afterAll(() => fs.rmSync(f.dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(NODE, [MAIN, '--db', f.file, ...args], { encoding: 'utf8', env: { ...process.env, DANGWU_TODAY: '2027-01-15' } });

describe('stats and dev, spawned', () => {
  it('stats table --json, dev list --json', () => {
    const t = run('stats', 'table', '--name', '党员基本情况', '--org', '中共某某乡委员会', '--as-of', '2026-12-31', '--json');
    expect(t.status).toBe(0);
    expect(JSON.parse(t.stdout).rows[0]).toMatchObject({ label: '总计', values: expect.arrayContaining([1]) });
    const d = run('dev', 'list', '--json');
    expect(d.status).toBe(0);
    expect(JSON.parse(d.stdout)).toEqual([]);
    expect(run('stats', 'table', '--name', 'stats-basic').status).toBe(2);
  }, 120_000);
});
