import { z } from 'zod';
import { AppError } from '../domain/errors.ts';

// Chinese labels live on the schemas (`.meta({ label })`), so that every module says 缺少「会议日期」 or
// 「所在党组织」格式不正确 without a table of its own. `fields()` labels a whole shape at once.

export interface LabelMeta {
  label?: string;
}

export const labelled = <S extends z.ZodType>(schema: S, label: string): S => schema.meta({ label }) as S;

/** labels each key of a shape from `labels` (keys without a label are left as they are) */
export function fields<T extends z.ZodRawShape>(shape: T, labels: Record<string, string>): T {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const l = labels[key];
    out[key] = l && !labelOf(schema as z.ZodType) ? (schema as z.ZodType).meta({ label: l }) : (schema as z.ZodType);
  }
  return out as unknown as T;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** the label set on this schema or on a wrapper below it (optional, nullable, default, pipe) */
export function labelOf(schema: z.ZodType | undefined): string | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s && i < 10; i++) {
    const l = (z.globalRegistry.get(s) as LabelMeta | undefined)?.label;
    if (l) return l;
    s = unwrapOne(s);
  }
  return undefined;
}

function unwrapOne(s: z.ZodType): z.ZodType | undefined {
  const d = defOf(s);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return d.innerType as z.ZodType;
    case 'pipe':
      return d.in as z.ZodType;
    case 'lazy':
      return (d.getter as () => z.ZodType)();
    default:
      return undefined;
  }
}

/** the schemas a value at `key` may be checked by (objects in unions included) */
function childrenAt(s: z.ZodType, key: PropertyKey): z.ZodType[] {
  let cur: z.ZodType | undefined = s;
  while (cur) {
    const d = defOf(cur);
    if (d.type === 'object') {
      const shape = d.shape as Record<string, z.ZodType>;
      return typeof key === 'string' && shape[key] ? [shape[key]] : [];
    }
    if (d.type === 'array') return typeof key === 'number' ? [d.element as z.ZodType] : [];
    if (d.type === 'record') return [d.valueType as z.ZodType];
    if (d.type === 'union') return (d.options as z.ZodType[]).flatMap((o) => childrenAt(o, key));
    if (d.type === 'intersection') return [...childrenAt(d.left as z.ZodType, key), ...childrenAt(d.right as z.ZodType, key)];
    cur = unwrapOne(cur);
  }
  return [];
}

/** the schema found at a path, for its label */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = schema;
  for (const key of path) {
    if (!cur) return undefined;
    cur = childrenAt(cur, key)[0];
  }
  return cur;
}

/** every object key of a schema that has no Chinese label, as dotted paths (tests keep this empty) */
export function unlabelledFields(schema: z.ZodType, prefix = '', seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const out: string[] = [];
  let cur: z.ZodType | undefined = schema;
  while (cur) {
    const d = defOf(cur);
    if (d.type === 'object') {
      for (const [k, child] of Object.entries(d.shape as Record<string, z.ZodType>)) {
        const p = prefix ? `${prefix}.${k}` : k;
        if (!labelOf(child)) out.push(p);
        out.push(...unlabelledFields(child, p, seen));
      }
      return out;
    }
    if (d.type === 'array') return unlabelledFields(d.element as z.ZodType, `${prefix}[]`, seen);
    if (d.type === 'record') return unlabelledFields(d.valueType as z.ZodType, `${prefix}{}`, seen);
    if (d.type === 'union') return [...new Set((d.options as z.ZodType[]).flatMap((o) => unlabelledFields(o, prefix, seen)))];
    cur = unwrapOne(cur);
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const hasChinese = (s: string | undefined): s is string => Boolean(s && /[\u4e00-\u9fa5]/.test(s));

/** 「公民身份号码」, 「缺席人员」第2项「公民身份号码」 … — never an English key */
export function describePath(schema: z.ZodType, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (typeof key === 'number') {
      parts.push(`第${key + 1}项`);
      continue;
    }
    const l = labelOf(schemaAt(schema, path.slice(0, i + 1)));
    // an unlabelled intermediate object (e.g. `member` around the member's fields) says nothing
    if (l) parts.push(`「${l}」`);
    else if (i === path.length - 1) parts.push('「输入项」');
  }
  return parts.join('') || '「输入」';
}

/** zod's issues as one Chinese sentence each, naming the field by its label */
export function validationError(error: z.ZodError, schema: z.ZodType, input: unknown): AppError {
  const issues = error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    const field = path.filter((p) => typeof p === 'string').join('.') || undefined;
    const what = describePath(schema, path);
    const raw = valueAt(input, path);
    const missing = raw === undefined || (raw === null && issue.code === 'invalid_type');
    let message: string;
    switch (issue.code) {
      case 'unrecognized_keys':
        return { field: issue.keys[0], message: `不认识的字段：${issue.keys.join('、')}` };
      case 'invalid_type':
      case 'invalid_union':
        message = missing ? `缺少${what}` : `${what}格式不正确`;
        break;
      case 'invalid_value':
        message = `${what}应为：${issue.values.map(String).join('、')}`;
        break;
      case 'invalid_format':
        message = hasChinese(issue.message) ? `${what}格式不正确（${issue.message}）` : `${what}格式不正确`;
        break;
      case 'too_small':
        message = hasChinese(issue.message)
          ? issue.message
          : issue.origin === 'string' && Number(issue.minimum) <= 1
            ? `${what}不能为空`
            : issue.origin === 'array'
              ? `${what}至少要有 ${String(issue.minimum)} 项`
              : `${what}不能小于 ${String(issue.minimum)}`;
        break;
      case 'too_big':
        message = issue.origin === 'string'
          ? `${what}过长（最多 ${String(issue.maximum)} 个字符）`
          : issue.origin === 'array'
            ? `${what}过多（最多 ${String(issue.maximum)} 项）`
            : `${what}不能大于 ${String(issue.maximum)}`;
        break;
      default:
        message = hasChinese(issue.message) ? issue.message : `${what}不正确`;
    }
    return { field, message };
  });
  return new AppError('VALIDATION', issues.map((i) => i.message).join('；'), issues[0]?.field, { issues });
}
