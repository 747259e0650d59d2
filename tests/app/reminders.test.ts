import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as runCommand } from '../support/cli.ts';
import { tmpDir } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';

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
    // the home page groups by the module's name and links to the page concerned
    expect(list[0]).toMatchObject({ module: 'core', moduleTitle: '组织与党员', page: 'orgs', due: '2026-06-01' });
    expect(list[0].message).toMatch(/已逾期/);
    const core = (out: string) => (JSON.parse(out) as { module: string }[]).filter((x) => x.module === 'core');
    const sub = core((await cli('reminders', '--org', '机关第一党支部', '--json')).stdout);
    expect(sub).toHaveLength(1);
    const before = core((await cli('reminders', '--as-of', '2025-06-01', '--json')).stdout);
    expect(before).toHaveLength(0);
    expect((await cli('reminders')).stdout).toMatch(/【逾期】2026-06-01\t中共某局机关委员会/);
  });

  it('the probation and dues reminders name the page that deals with them, a page of the menu', async () => {
    const member = (m: Record<string, unknown>) => JSON.stringify({ ethnicity: '汉族', org: '机关第二党支部', ...m });
    // a 预备党员 admitted 2025-06-01: probation over on 2026-06-01, no 转正 recorded; no dues standard
    expect((await cli('member', 'add', '--json', member({ name: '预备甲', idNumber: makeId('19950301', '052'), category: '预备党员', joinedOn: '2025-06-01' }))).code).toBe(0);
    // a member with a standard who has paid nothing this year
    expect((await cli('member', 'add', '--json', member({ name: '欠交乙', idNumber: makeId('19800301', '031'), category: '正式党员', joinedOn: '2000-06-01', confirmedOn: '2001-06-01' }))).code).toBe(0);
    expect((await cli('dues', 'base', 'set', '--id-number', makeId('19800301', '031'), '--year', '2026', '--category', '在职', '--income', '4500.00')).code).toBe(0);
    const list = JSON.parse((await cli('reminders', '--json')).stdout) as { module: string; kind: string; member?: string; page?: string }[];
    const of = (kind: string) => list.find((x) => x.kind === kind);
    expect(of('probation-overdue')).toMatchObject({ module: 'core', member: '预备甲', page: 'members' });
    expect(of('arrears-risk')).toMatchObject({ module: 'dues', member: '欠交乙', page: 'dues' });
    expect(of('unassessed')).toMatchObject({ module: 'dues', page: 'dues' });
    // a page named is one of the menu (a key of some src-renderer/src/modules/*/pages.ts); none named, the
    // home page links to the module's first page
    const pagesDir = path.join(import.meta.dirname, '../../src-renderer/src/modules');
    const keys = new Set(fs.readdirSync(pagesDir).flatMap((m) => {
      const f = path.join(pagesDir, m, 'pages.ts');
      return fs.existsSync(f) ? [...fs.readFileSync(f, 'utf8').matchAll(/key: '([\w-]+)'/g)].map((x) => x[1]) : [];
    }));
    for (const r of list) if (r.page !== undefined) expect(keys.has(r.page), `${r.module} ${r.kind}`).toBe(true);
  });
});
