import type { z } from 'zod';
import { parseInput } from '../contract/labels.ts';
import { AppError, isAppError, type AppErrorData } from '../domain/errors.ts';
import { contract, handlerOf, isOpName } from '../modules/index.ts';
import type { ServiceContext } from '../services/context.ts';

// The one generic entry every adapter goes through: name checked against the contract table, input
// validated by the operation's zod schema (Chinese messages from the schema's labels), then the
// service function. Adapters add only transport.

export async function dispatch(ctx: ServiceContext, name: string, rawInput: unknown): Promise<unknown> {
  if (!isOpName(name)) throw new AppError('USAGE', `未知操作：${name}`);
  const schema = contract[name].input as z.ZodType;
  const input = parseInput(schema, rawInput ?? {});
  const fn = (await handlerOf(name)) as unknown as (ctx: ServiceContext, input: unknown) => unknown;
  return await fn(ctx, input);
}

/** what crosses a process boundary: never a stack trace */
export function toErrorData(e: unknown): AppErrorData {
  if (isAppError(e)) return e.toJSON();
  return { code: 'INTERNAL', message: `内部错误：${(e as Error)?.message ?? String(e)}` };
}
