import { runCli } from '../../src-main/adapters/cli/main.ts';

// The CLI in-process: the very `runCli` that bin/dangwu.mjs and `npm run cli` start, with its output
// captured and its exit code returned — no child process per command. The environment is passed
// explicitly (DANGWU_TODAY …); process.env is neither read nor changed. One spawned smoke test per
// module (tests/cli/spawn-smoke.test.ts) keeps the real process start covered.

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws, naming the output, when it is not JSON) */
  json<T = any>(): T;
}

export interface CliOptions {
  /** the database file (or anything with `file`, e.g. a TestDb): passed as `--db` before the arguments */
  db?: string | { file: string };
  /** the command's whole environment (e.g. { DANGWU_TODAY: '2025-06-30', DANGWU_PROGRESS: '1' }) */
  env?: Record<string, string | undefined>;
}

export async function cli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const db = typeof opts.db === 'string' ? opts.db : opts.db?.file;
  const argv = db === undefined ? args : ['--db', db, ...args];
  const code = await runCli(argv, { ...(opts.env ?? {}) }, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`dangwu ${args.join(' ')}: stdout is not JSON (exit ${code})\nstdout: ${stdout.slice(0, 500)}\nstderr: ${stderr.slice(0, 500)}`);
      }
    },
  };
}
