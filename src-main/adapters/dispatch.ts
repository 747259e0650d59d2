import type { z } from 'zod';
import { contract, isOpName } from '../contract/index.ts';
import { AppError, isAppError, type AppErrorData } from '../domain/errors.ts';
import { labelOf } from '../domain/field-labels.ts';
import type { ServiceContext } from '../services/context.ts';
import { handlers } from '../services/handlers.ts';

// The one generic entry every adapter goes through: name checked against the contract table, input
// validated by the operation's zod schema, then the service function. Adapters add only transport.

export async function dispatch(ctx: ServiceContext, name: string, rawInput: unknown): Promise<unknown> {
  if (!isOpName(name)) throw new AppError('USAGE', `未知操作：${name}`);
  const def = contract[name];
  const parsed = (def.input as z.ZodType).safeParse(rawInput ?? {});
  if (!parsed.success) throw zodToAppError(parsed.error);
  const fn = handlers[name] as (ctx: ServiceContext, input: unknown) => unknown;
  return await fn(ctx, parsed.data);
}

export function zodToAppError(error: z.ZodError): AppError {
  const issues = error.issues.map((issue) => {
    const field = issue.path.filter((p) => typeof p === 'string').join('.') || undefined;
    const label = labelOf(issue.path);
    let message: string;
    switch (issue.code) {
      case 'unrecognized_keys':
        message = `不认识的字段：${issue.keys.join('、')}`;
        return { field: issue.keys[0], message };
      case 'invalid_type':
        message = issue.input === undefined ? `缺少${label}` : `${label}的格式不正确`;
        break;
      case 'invalid_value':
        message = `${label}应为：${issue.values.map(String).join('、')}`;
        break;
      case 'too_small':
        message = issue.message && /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : `${label}不能为空或过小`;
        break;
      case 'too_big':
        message = `${label}过长或过大`;
        break;
      default:
        message = /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : `${label}不正确`;
    }
    return { field, message };
  });
  return new AppError('VALIDATION', issues.map((i) => i.message).join('；'), issues[0]?.field, { issues });
}

/** what crosses a process boundary: never a stack trace */
export function toErrorData(e: unknown): AppErrorData {
  if (isAppError(e)) return e.toJSON();
  return { code: 'INTERNAL', message: `内部错误：${(e as Error)?.message ?? String(e)}` };
}
