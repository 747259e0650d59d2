import fs from 'node:fs';
import { enableCompileCache } from 'node:module';
import path from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { OpName } from '../../contract/index.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { CliCommand, CliIo } from './command.ts';
import { COMMAND_MODULES } from './registry.ts';

// `dangwu [--db FILE] <command words> [flags]` — exit 0 done, 1 refused, 2 usage.

const GLOBAL_OPTIONS: ParseArgsOptionsConfig = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

class UsageError extends Error {}

function splitGlobal(argv: string[]): { db?: string; rest: string[] } {
  // --db may stand before the command words
  const rest: string[] = [];
  let db: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--db' && rest.length === 0) {
      db = argv[++i];
      if (db === undefined) throw new UsageError('--db 需要一个文件路径');
    } else if (a.startsWith('--db=') && rest.length === 0) db = a.slice(5);
    else rest.push(a);
  }
  return { db, rest };
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

async function findCommand(words: string[]): Promise<{ cmd: CliCommand; consumed: number; all: CliCommand[] }> {
  const loader = COMMAND_MODULES[words[0] ?? ''];
  if (!loader) throw new UsageError(`未知命令：${words[0] ?? '（空）'}`);
  const { commands } = await loader();
  const matching = commands
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length);
  if (!matching.length) {
    const usages = commands.filter((c) => c.words[0] === words[0]).map((c) => `  ${c.usage}`);
    throw new UsageError(`未知命令：${words.filter((w) => !w.startsWith('-')).slice(0, 3).join(' ')}\n可用命令：\n${usages.join('\n')}`);
  }
  return { cmd: matching[0], consumed: matching[0].words.length, all: commands };
}

export async function runCli(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let closeDb: (() => Promise<void>) | null = null;
  let json = false;
  try {
    const { db: dbFlag, rest } = splitGlobal(argv);
    const { cmd, consumed } = await findCommand(rest);
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
    json = Boolean(parsed.values.json);
    for (const r of cmd.required ?? []) {
      if (parsed.values[r] === undefined) throw new UsageError(`缺少参数 --${r}\n用法：${cmd.usage}`);
    }
    if (parsed.positionals.length !== (cmd.positionals ?? 0)) {
      throw new UsageError(`参数个数不对\n用法：${cmd.usage}`);
    }
    const dbFile = (parsed.values.db as string | undefined) ?? dbFlag;

    let ctx: CliIo['ctx'] = null;
    let dispatchFn: ((name: string, input: unknown) => Promise<unknown>) | null = null;
    if (cmd.needsDb !== false) {
      const [{ openDatabase }, { createContext, systemClock }, { dispatch }, { resolveDbPath }] = await Promise.all([
        import('../../db/connection.ts'),
        import('../../services/context.ts'),
        import('../dispatch.ts'),
        import('../db-path.ts'),
      ]);
      const db = await openDatabase(resolveDbPath(dbFile, env));
      closeDb = () => db.close();
      const c = createContext(db, systemClock(env));
      ctx = c;
      dispatchFn = (name, input) => dispatch(c, name, input);
    } else {
      const [{ createContext, systemClock }, { dispatch }] = await Promise.all([
        import('../../services/context.ts'),
        import('../dispatch.ts'),
      ]);
      // calculations need no database: a context without one
      const c = createContext(null as never, systemClock(env));
      dispatchFn = (name, input) => dispatch(c, name, input);
    }
    const call = dispatchFn;
    const io: CliIo = {
      ctx,
      json,
      call: (name, input) => call(name, input) as never,
      async runJob<T>(name: OpName, input: unknown): Promise<T> {
        const { jobId } = (await call(name, input)) as { jobId: string };
        if (!ctx) throw new AppError('INTERNAL', 'job without context');
        return (await ctx.jobs.wait(jobId)) as T;
      },
      out(value) {
        process.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, json ? 0 : 2)}\n`);
      },
      err(line) {
        process.stderr.write(`${line}\n`);
      },
      writeFile(file, bytes) {
        const abs = path.resolve(file);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, bytes);
      },
    };
    const code = (await cmd.run(io, parsed as never)) ?? 0;
    return code;
  } catch (e) {
    if (e instanceof UsageError || (isAppError(e) && e.code === 'USAGE')) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (isAppError(e)) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    process.stderr.write(`内部错误：${(e as Error)?.stack ?? String(e)}\n`);
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
