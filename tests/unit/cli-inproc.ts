import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src-main/adapters/cli/main.ts';
import { idCheckChar } from '../../src-main/domain/id-number.ts';

// The CLI run in process (the same runCli as `dangwu`), on a fresh database file in a temp folder, with a
// pinned "today" that a test may move on. Output and exit code captured.

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout as JSON */
  json<T = any>(): T;
}

export interface CliFixture {
  dir: string;
  file: string;
  today: string;
  cli(...args: string[]): Promise<CliRun>;
  /** the command must succeed; its JSON output */
  ok<T = any>(...args: string[]): Promise<T>;
  close(): void;
}

export function makeCliFixture(today: string): CliFixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-cli-inproc-'));
  const file = path.join(dir, 'cli.db');
  const f: CliFixture = {
    dir,
    file,
    today,
    async cli(...args) {
      let out = '';
      let err = '';
      const code = await runCli(['--db', file, ...args], { ...process.env, DANGWU_TODAY: f.today }, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
      return { code, out, err, json: () => JSON.parse(out) };
    },
    async ok(...args) {
      const r = await f.cli(...args, ...(args.includes('--json') ? [] : ['--json']));
      if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.err}`);
      return r.out.trim() ? r.json() : (undefined as never);
    },
    close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return f;
}

/** a valid 18-character number: area 110101, birth YYYYMMDD, sequence (odd = 男) */
export const idOf = (birth: string, seq: string): string => {
  const first17 = `110101${birth}${seq}`;
  return first17 + idCheckChar(first17);
};

/** a member as `member add --json` takes it */
export const memberJson = (m: Record<string, unknown>) => JSON.stringify({ ethnicity: '汉族', category: '正式党员', ...m });
