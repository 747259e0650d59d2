import type { z } from 'zod';
import type { OpDef } from '../contract/define.ts';
import { describePath, parseInput } from '../contract/labels.ts';
import { classifyWriteError } from '../db/connection.ts';
import { whileBusy } from '../db/busy.ts';
import { AppError, isAppError, type AppErrorData } from '../domain/errors.ts';
import { contract, handlerOf, isOpName } from '../modules/index.ts';
import type { ServiceContext } from '../services/context.ts';

// The one generic entry every adapter goes through: name checked against the contract table, input
// validated by the operation's zod schema (Chinese messages from the schema's labels), then the
// service function. Adapters add only transport. Around the call: NUL characters refused in any text
// (docs/safety.md#bad-input), the clerk's activity noted (the idle lock), and for operations that
// write much at once an automatic backup first and a note for other windows while they run.

/** operations that do not count as the clerk's activity (the window's status poll) */
const PASSIVE = new Set(['safety.status', 'jobs.progress']);

/** the path of the first string holding a NUL character, or null (bytes are not text and are skipped) */
function nulPath(v: unknown, path: PropertyKey[] = [], depth = 0): PropertyKey[] | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path : null;
  if (v === null || typeof v !== 'object' || depth > 20 || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = nulPath(v[i], [...path, i], depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.includes('\u0000')) return [...path, k];
    const p = nulPath(x, [...path, k], depth + 1);
    if (p) return p;
  }
  return null;
}

export async function dispatch(ctx: ServiceContext, name: string, rawInput: unknown): Promise<unknown> {
  if (!isOpName(name)) throw new AppError('USAGE', `未知操作：${name}`);
  const def = contract[name] as OpDef;
  const schema = def.input as z.ZodType;
  const raw = rawInput ?? {};
  const nul = nulPath(raw);
  if (nul) {
    throw new AppError('VALIDATION', `${describePath(schema, nul)}含有空字符（NUL，通常来自损坏的文件或复制粘贴），请删除后重试`, nul.filter((p) => typeof p === 'string').join('.') || undefined);
  }
  const input = parseInput(schema, raw);
  if (!PASSIVE.has(name)) ctx.vault?.touch();
  const fn = (await handlerOf(name)) as unknown as (ctx: ServiceContext, input: unknown) => unknown;
  try {
    if (!def.bulk) return await fn(ctx, input);
    const dryRun = (input as { dryRun?: boolean }).dryRun === true;
    if (!dryRun) for (const g of await ctx.registry.safeguards()) await g.beforeBulk(ctx, { name, ...def.bulk });
    const file = ctx.db.file;
    if (!def.job) return await whileBusy(file, def.bulk.title, async () => fn(ctx, input));
    // a job answers at once with its id: the note stays until the job has finished
    const started = (await fn(ctx, input)) as { jobId: string };
    void whileBusy(file, def.bulk.title, () => ctx.jobs.wait(started.jobId).catch(() => undefined));
    return started;
  } catch (e) {
    throw ctx.vault && !ctx.vault.locked ? classifyWriteError(e, ctx.vault.file) : e;
  }
}

/** what crosses a process boundary: never a stack trace, never SQLite's or V8's English text */
export function toErrorData(e: unknown): AppErrorData {
  if (isAppError(e)) return e.toJSON();
  const code = (e as { code?: string })?.code;
  // the details go to the developer's console; the clerk gets a Chinese sentence
  console.error(e);
  return { code: 'INTERNAL', message: `内部错误：程序遇到了意外情况，操作没有完成${code ? `（${code}）` : ''}。请重试；如果再次出现，请联系技术支持。` };
}
