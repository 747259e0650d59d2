import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as runCommand } from '../support/cli.ts';
import { tmpDir } from '../support/db.ts';

// The home page's reminders: every module contributes through its manifest; the CLI lists them.

let dir: string;
let db: string;
const cli = (...args: string[]) => runCommand(args, { db, env: { DANGWU_TODAY: '2026-12-01' } });

beforeAll(async () => {
  dir = tmpDir('dangwu-reminders-');
  db = path.join(dir, 'd.db');
  await cli('org', 'add', '--name', '中共某局机关委员会', '--type', '党委', '--term-start', '2021-06-01', '--term-years', '5');
  await cli('org', 'add', '--name', '机关第一党支部', '--type', '党支部', '--parent', '中共某局机关委员会', '--term-start', '2024-03-01', '--term-years', '3');
  await cli('org', 'add', '--name', '机关第二党支部', '--type', '党支部', '--parent', '中共某局机关委员会', '--term-start', '2025-01-01', '--term-years', '3');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reminders', () => {
  it('lists overdue and due terms, errors first, for a subtree and a date', async () => {
    const r = await cli('reminders', '--json');
    expect(r.code).toBe(0);
    // the registry's own reminders (other modules add theirs: meetings missing …)
    const list = (JSON.parse(r.stdout) as { module: string; kind: string; org: string; due: string; level: string; message: string }[]).filter((x) => x.module === 'core');
    expect(list.map((x) => [x.org, x.kind, x.level])).toEqual([
      ['中共某局机关委员会', 'term-overdue', 'error'],
      ['机关第一党支部', 'term-due', 'warning'],
    ]);
    expect(list[0]).toMatchObject({ module: 'core', due: '2026-06-01' });
    expect(list[0].message).toMatch(/已逾期/);
    const core = (out: string) => (JSON.parse(out) as { module: string }[]).filter((x) => x.module === 'core');
    const sub = core((await cli('reminders', '--org', '机关第一党支部', '--json')).stdout);
    expect(sub).toHaveLength(1);
    const before = core((await cli('reminders', '--as-of', '2025-06-01', '--json')).stdout);
    expect(before).toHaveLength(0);
    expect((await cli('reminders')).stdout).toMatch(/【逾期】2026-06-01\t中共某局机关委员会/);
  });
});
