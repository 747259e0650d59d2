import fs from 'node:fs';
import { enableCompileCache } from 'node:module';
import path from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { ExportInfo } from '../../modules/core/contract.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { CliCommand, CliIo } from './command.ts';

// `dangwu [--db FILE] [--password-file FILE] <command words> [flags]` — exit 0 done, 1 refused, 2 usage.
// Commands come from the module list (each module's cli) plus the generic `export` and `reminders`.
// An encrypted database takes its password from --password-file, DANGWU_PASSWORD, or a prompt on a
// terminal; without a terminal it is refused at once, never waiting on stdin (docs/safety.md#cli).

const GLOBAL_OPTIONS: ParseArgsOptionsConfig = {
  db: { type: 'string' },
  'password-file': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const NEEDS_PASSWORD = '数据库已加密，请用 --password-file 或 DANGWU_PASSWORD 提供密码';

/** where a password typed at a terminal comes from (tests replace it) */
export interface CliTerminal {
  isTTY: boolean;
  ask(prompt: string): Promise<string>;
}

/** reads a line from the terminal without echoing it */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let typed = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (fn: () => void) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      fn();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(new AppError('CANCELLED', '已取消')));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

const processTerminal: CliTerminal = { isTTY: Boolean(process.stdin.isTTY), ask: askHidden };

function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `无法读取密码文件：${file}`);
  }
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  if (!first) throw new AppError('VALIDATION', `密码文件是空的：${file}`);
  return first;
}

class UsageError extends Error {}

/** where output goes: the process's streams, or a test's buffers (tests/support/cli.ts) */
export interface CliStreams {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processStreams: CliStreams = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function splitGlobal(argv: string[]): { db?: string; passwordFile?: string; rest: string[] } {
  // --db and --password-file may stand before the command words
  const rest: string[] = [];
  const found: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const flag = rest.length === 0 ? ['--db', '--password-file'].find((f) => a === f || a.startsWith(`${f}=`)) : undefined;
    if (!flag) {
      rest.push(a);
      continue;
    }
    const v = a === flag ? argv[++i] : a.slice(flag.length + 1);
    if (v === undefined) throw new UsageError(`${flag} 需要一个文件路径`);
    found[flag] = v;
  }
  return { db: found['--db'], passwordFile: found['--password-file'], rest };
}

/** node:util parseArgs speaks English: say the same in Chinese, naming the flag */
function parseArgsMessage(e: Error & { code?: string }): string {
  const flag = /'(-{1,2}[^'\s]+)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `不认识的参数：${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `参数 ${flag} 的值不对（缺少值，或该参数不需要值）`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return '多余的参数';
    default:
      return `参数有误：${e.message}`;
  }
}

type Dispatch = (name: string, input: unknown) => Promise<unknown>;

async function dbLessDispatch(env: Record<string, string | undefined>): Promise<Dispatch> {
  const [{ appContext, systemClock }, { dispatch }] = await Promise.all([import('../../app.ts'), import('../dispatch.ts')]);
  // calculations and listings need no database: a context without one
  const c = appContext(null as never, systemClock(env), { interactive: false });
  return (name, input) => dispatch(c, name, input);
}

async function findCommand(words: string[], env: Record<string, string | undefined>): Promise<{ cmd: CliCommand; consumed: number }> {
  const word = words[0];
  if (word === 'export') {
    const { exportCommand, exportListCommand } = await import('./generic.ts');
    const list = (await (await dbLessDispatch(env))('exports.list', {})) as ExportInfo[];
    const name = words[1] && !words[1].startsWith('-') ? words[1] : undefined;
    if (!name) return { cmd: exportListCommand(list), consumed: 1 };
    const info = list.find((e) => e.name === name);
    if (!info) throw new UsageError(`没有名为“${name}”的表格。可用的表格：\n${list.map((e) => `  ${e.name}\t${e.title}`).join('\n')}`);
    return { cmd: exportCommand(info), consumed: 2 };
  }
  if (word === 'reminders') return { cmd: (await import('./generic.ts')).remindersCommand, consumed: 1 };
  const { cliCommandsFor, cliWords } = await import('../../modules/index.ts');
  const commands = word ? await cliCommandsFor(word) : null;
  if (!commands) {
    const all = ['export', 'reminders', ...cliWords()];
    throw new UsageError(`${word ? `未知命令：${word}` : '请指定命令'}\n可用命令：${all.join('、')}（不带参数运行某个命令可列出它的用法）`);
  }
  const matching = commands
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length);
  if (!matching.length) {
    const usages = commands.filter((c) => c.words[0] === word).map((c) => `  ${c.usage}`);
    throw new UsageError(`未知命令：${words.filter((w) => !w.startsWith('-')).slice(0, 3).join(' ')}\n可用命令：\n${usages.join('\n')}`);
  }
  return { cmd: matching[0], consumed: matching[0].words.length };
}

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  streams: CliStreams = processStreams,
  terminal: CliTerminal = processTerminal,
): Promise<number> {
  let closeDb: (() => Promise<void>) | null = null;
  try {
    const { db: dbFlag, passwordFile: pwFlag, rest } = splitGlobal(argv);
    const { cmd, consumed } = await findCommand(rest, env);
    let parsed;
    try {
      parsed = parseArgs({
        args: rest.slice(consumed),
        options: { ...GLOBAL_OPTIONS, ...(cmd.options ?? {}) },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError(`${parseArgsMessage(e as Error & { code?: string })}\n用法：${cmd.usage}`);
    }
    if (parsed.values.help) {
      streams.stdout(`用法：${cmd.usage}\n`);
      return 0;
    }
    const json = Boolean(parsed.values.json);
    for (const r of cmd.required ?? []) {
      if (parsed.values[r] === undefined) throw new UsageError(`缺少参数 --${r}\n用法：${cmd.usage}`);
    }
    const [min, max] = Array.isArray(cmd.positionals) ? cmd.positionals : [cmd.positionals ?? 0, cmd.positionals ?? 0];
    if (parsed.positionals.length < min || parsed.positionals.length > max) throw new UsageError(`参数个数不对\n用法：${cmd.usage}`);
    const dbFile = (parsed.values.db as string | undefined) ?? dbFlag;
    const passwordFile = (parsed.values['password-file'] as string | undefined) ?? pwFlag;
    let password: string | null = passwordFile ? readPasswordFile(passwordFile) : (env.DANGWU_PASSWORD ?? null) || null;

    let call: Dispatch;
    let waitJob: (jobId: string, onProgress?: (line: string) => void) => Promise<unknown>;
    if (cmd.needsDb !== false) {
      const [{ afterOpen, appContext, openVault, systemClock }, { dispatch }, { isDefaultDbPath, resolveDbPath }] = await Promise.all([
        import('../../app.ts'),
        import('../dispatch.ts'),
        import('../db-path.ts'),
      ]);
      // a missing folder is created only for the default ./data/ (a mistyped --db is refused)
      const vault = await openVault(resolveDbPath(dbFile, env), { password, createFolder: isDefaultDbPath(dbFile, env) });
      closeDb = () => vault.close();
      if (vault.locked && !cmd.locked) {
        if (!terminal.isTTY) throw new AppError('LOCKED', NEEDS_PASSWORD);
        password = await terminal.ask('数据库已加密，请输入密码（输入时不显示）：');
        await vault.unlock(password);
      }
      const ctx = appContext(vault, systemClock(env), { interactive: false });
      if (!vault.locked) {
        vault.db.onWait = (message) => streams.stderr(`${message}\n`);
        await afterOpen(ctx);
      }
      call = (name, input) => dispatch(ctx, name, input);
      waitJob = async (jobId, onProgress) => {
        const timer = onProgress
          ? setInterval(() => {
              const p = ctx.jobs.progress(jobId);
              onProgress(`progress ${p.done}/${p.total} ${p.message}`);
            }, 100)
          : null;
        try {
          return await ctx.jobs.wait(jobId);
        } finally {
          if (timer) clearInterval(timer);
        }
      };
    } else {
      call = await dbLessDispatch(env);
      waitJob = () => Promise.reject(new AppError('INTERNAL', '该命令不能运行后台任务'));
    }
    const line = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
    const io: CliIo = {
      json,
      call: (name, input) => call(name, input) as never,
      async runJob(name, input) {
        const { jobId } = (await call(name, input)) as { jobId: string };
        // progress lines on stderr for scripts (and the test that kills an import mid-commit)
        const progress = env.DANGWU_PROGRESS === '1' ? (l: string) => streams.stderr(line(l)) : undefined;
        return (await waitJob(jobId, progress)) as never;
      },
      out(value) {
        streams.stdout(line(typeof value === 'string' ? value : JSON.stringify(value, null, json ? 0 : 2)));
      },
      err(l) {
        streams.stderr(line(l));
      },
      writeFile(file, bytes) {
        const abs = path.resolve(file);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, bytes);
      },
      readFile(file) {
        try {
          // the file's own buffer, not a copy (a 200,000-row roster is 22 MB)
          const b = fs.readFileSync(file);
          return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
        } catch {
          throw new AppError('UNREADABLE', `无法读取文件：${file}`);
        }
      },
      readSharedFile(file) {
        let fd: number;
        try {
          fd = fs.openSync(file, 'r');
        } catch {
          throw new AppError('UNREADABLE', `无法读取文件：${file}`);
        }
        try {
          const size = fs.fstatSync(fd).size;
          const out = new Uint8Array(new SharedArrayBuffer(size));
          for (let n = 0; n < size; ) {
            const got = fs.readSync(fd, out, n, size - n, n);
            if (got <= 0) return out.subarray(0, n);
            n += got;
          }
          return out;
        } catch {
          throw new AppError('UNREADABLE', `无法读取文件：${file}`);
        } finally {
          fs.closeSync(fd);
        }
      },
      password: () => password,
    };
    return (await cmd.run(io, parsed as never)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError || (isAppError(e) && e.code === 'USAGE')) {
      streams.stderr(`${(e as Error).message}\n`);
      return 2;
    }
    if (isAppError(e)) {
      streams.stderr(`${e.message}\n`);
      return 1;
    }
    // never V8's or SQLite's English text for the clerk: the details only when a developer asks
    const code = (e as { code?: string })?.code;
    streams.stderr(`内部错误：程序遇到了意外情况，操作没有完成${code ? `（${code}）` : ''}。请重试；如果再次出现，请联系技术支持。\n`);
    if (env.DANGWU_DEBUG === '1') streams.stderr(`${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  } finally {
    if (closeDb) await closeDb();
  }
}

const invokedDirectly = process.argv[1] && /cli[\\/]main\.(ts|js|mjs)$/.test(process.argv[1]);
if (invokedDirectly) {
  // Scripts start the CLI hundreds of times: Node's on-disk compile cache (in the OS temp folder) keeps
  // the TypeScript stripping and compilation of the modules each command loads lazily from run to run.
  enableCompileCache?.();
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
