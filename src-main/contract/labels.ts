import { z } from 'zod';
import { AppError } from '../domain/errors.ts';

// Chinese labels live on the schemas (`.meta({ label })`), so that every module says 缺少「会议日期」 or
// 「所在党组织」格式不正确 without a table of its own. `fields()` labels a whole shape at once. Every key
// of every operation's input and every export's input carries one (tests/app/contract-labels.test.ts
// walks them with `unlabelledFields`), so no English key can reach a message.

export interface LabelMeta {
  label?: string;
  /** what coded values mean (insert → 仅新增), for an enumeration whose values are codes */
  values?: Readonly<Record<string, string>>;
}

/** `labelled(schema, '导入方式', { insert: '仅新增', … })`: the label, and the meaning of coded values */
export const labelled = <S extends z.ZodType>(schema: S, label: string, values?: Readonly<Record<string, string>>): S =>
  schema.meta(values ? { label, values } : { label }) as S;

/**
 * labels each key of a shape from `labels`: a label given here wins over one the field's schema already
 * carries (a shared `year` labelled 年度 is 核定年度 in this operation); keys not in `labels` keep theirs
 */
export function fields<T extends z.ZodRawShape>(shape: T, labels: Readonly<Record<string, string>>): T {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const l = Object.hasOwn(labels, key) ? labels[key] : undefined;
    out[key] = l && labelOf(schema as z.ZodType) !== l ? (schema as z.ZodType).meta({ label: l }) : (schema as z.ZodType);
  }
  return out as unknown as T;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** the schemas a wrapper checks its value with (optional, nullable, default, pipe, lazy …); [] for others */
function wrapped(s: z.ZodType): z.ZodType[] {
  const d = defOf(s);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
    case 'success':
    case 'promise':
      return [d.innerType as z.ZodType];
    case 'pipe':
      // .transform(): `in` is the schema, `out` the transform; z.preprocess(): `out` is the schema
      return [d.in as z.ZodType, d.out as z.ZodType];
    case 'lazy':
      return [(s as unknown as { _zod: { innerType: z.ZodType } })._zod.innerType];
    default:
      return [];
  }
}

/** a LabelMeta entry set on this schema or on a wrapper below it (optional, nullable, default, pipe, lazy) */
function metaOf<K extends keyof LabelMeta>(schema: z.ZodType | undefined, key: K): LabelMeta[K] | undefined {
  let level: z.ZodType[] = schema ? [schema] : [];
  for (let depth = 0; level.length && depth < 10; depth++) {
    for (const s of level) {
      const v = (z.globalRegistry.get(s) as LabelMeta | undefined)?.[key];
      if (v) return v;
    }
    level = level.flatMap(wrapped);
  }
  return undefined;
}

/** the label set on this schema or on a wrapper below it (optional, nullable, default, pipe, lazy) */
export const labelOf = (schema: z.ZodType | undefined): string | undefined => metaOf(schema, 'label');

/** the first schema below the wrappers that is not a wrapper (a record, an object, a string …) */
function baseOf(s: z.ZodType | undefined): z.ZodType | undefined {
  for (let i = 0; s && i < 10; i++) {
    const w = wrapped(s);
    if (!w.length) return s;
    s = w[0];
  }
  return s;
}

const isRecord = (s: z.ZodType | undefined): boolean => {
  const b = baseOf(s);
  return Boolean(b && defOf(b).type === 'record');
};

/** the schemas a value at `key` may be checked by (objects in unions and intersections included) */
function childrenAt(s: z.ZodType, key: PropertyKey, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const d = defOf(s);
  switch (d.type) {
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      if (typeof key === 'string' && Object.hasOwn(shape, key)) return [shape[key]];
      return d.catchall ? [d.catchall as z.ZodType] : [];
    }
    case 'array':
      return typeof key === 'number' ? [d.element as z.ZodType] : [];
    case 'tuple': {
      const items = d.items as z.ZodType[];
      if (typeof key !== 'number') return [];
      return key < items.length ? [items[key]] : d.rest ? [d.rest as z.ZodType] : [];
    }
    case 'record':
    case 'map':
      return [d.valueType as z.ZodType];
    case 'union':
      return (d.options as z.ZodType[]).flatMap((o) => childrenAt(o, key, depth + 1));
    case 'intersection':
      return [...childrenAt(d.left as z.ZodType, key, depth + 1), ...childrenAt(d.right as z.ZodType, key, depth + 1)];
    default:
      return wrapped(s).flatMap((w) => childrenAt(w, key, depth + 1));
  }
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

/**
 * every object key of a schema that has no Chinese label, as dotted paths (tests keep this empty).
 * It looks through wrappers (optional, nullable, default, pipe in and out, lazy), unions, intersections,
 * array, tuple, record, map and set values, and object catch-alls; only a cycle (a lazy schema reaching
 * itself) stops it.
 */
export function unlabelledFields(schema: z.ZodType, prefix = '', stack: Set<z.ZodType> = new Set()): string[] {
  if (stack.has(schema)) return [];
  stack.add(schema);
  const walk = (s: z.ZodType | undefined, p: string) => (s ? unlabelledFields(s, p, stack) : []);
  const out: string[] = [];
  const d = defOf(schema);
  switch (d.type) {
    case 'object':
      for (const [k, child] of Object.entries(d.shape as Record<string, z.ZodType>)) {
        const p = prefix ? `${prefix}.${k}` : k;
        if (!labelOf(child)) out.push(p);
        out.push(...walk(child, p));
      }
      out.push(...walk(d.catchall as z.ZodType | undefined, `${prefix}{}`));
      break;
    case 'array':
      out.push(...walk(d.element as z.ZodType, `${prefix}[]`));
      break;
    case 'tuple':
      (d.items as z.ZodType[]).forEach((item, i) => out.push(...walk(item, `${prefix}[${i}]`)));
      out.push(...walk(d.rest as z.ZodType | undefined, `${prefix}[]`));
      break;
    case 'record':
    case 'map':
      out.push(...walk(d.valueType as z.ZodType, `${prefix}{}`));
      break;
    case 'set':
      out.push(...walk(d.valueType as z.ZodType, `${prefix}[]`));
      break;
    case 'union':
      for (const o of d.options as z.ZodType[]) out.push(...walk(o, prefix));
      break;
    case 'intersection':
      out.push(...walk(d.left as z.ZodType, prefix), ...walk(d.right as z.ZodType, prefix));
      break;
    default:
      for (const w of wrapped(schema)) out.push(...walk(w, prefix));
  }
  stack.delete(schema);
  return [...new Set(out)];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** the message of an issue whose schema's author wrote none (zod's own English is never shown) */
const NO_MESSAGE = '\u0000';

/** a message written on the schema in Chinese (`text.min(1, '请填写组织全称')`), not zod's default */
const authored = (m: string | undefined): m is string =>
  Boolean(m && m !== NO_MESSAGE && /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(m));

/** parses an input by its schema, or refuses it with Chinese messages naming the fields by their labels */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input, { error: () => NO_MESSAGE });
  if (!parsed.success) throw validationError(parsed.error, schema, input);
  return parsed.data;
}

/** a value the caller typed (a key, a sheet name), quoted and cut short */
const typed = (v: unknown): string => {
  const s = String(v);
  return `“${s.length > 30 ? `${s.slice(0, 30)}…` : s}”`;
};

/**
 * 「公民身份号码」, 「工资条」第2项「金额」, 「表头所在行」中的“Sheet1” … — never an English key.
 * A field is named by its own label; the object around it (`member`, `org`, `filter`) says nothing, a
 * list says which item, a record's key (a sheet name, a heading) is quoted as the caller typed it.
 */
export function describePath(schema: z.ZodType, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let cur: z.ZodType | undefined = schema;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const parent: z.ZodType | undefined = cur;
    cur = parent ? childrenAt(parent, key)[0] : undefined;
    if (typeof key === 'number') {
      parts.push(`第${key + 1}项`);
      continue;
    }
    if (isRecord(parent)) {
      parts.push(`中的${typed(key)}`);
      continue;
    }
    const last = i === path.length - 1;
    const holdsItems = !last && (typeof path[i + 1] === 'number' || isRecord(cur));
    if (last || holdsItems) {
      const l = labelOf(cur);
      parts.push(l ? `「${l}」` : '「输入项」');
    }
  }
  return parts.join('') || '「输入」';
}

type Issue = z.core.$ZodIssue;

/** the union branch the value was meant for: the one whose type it has (fewest issues first) */
function likelyBranch(errors: Issue[][]): Issue[] | undefined {
  const typeOnly = (b: Issue[]) => b.every((i) => i.code === 'invalid_type' && i.path.length === 0);
  return errors.filter((b) => b.length && !typeOnly(b)).sort((a, b) => a.length - b.length)[0];
}

const num = (n: unknown): string => String(n);

/** one issue as Chinese sentences (a union the value was meant for one branch of says that branch's) */
function sentences(issue: Issue, schema: z.ZodType, input: unknown, prefix: readonly PropertyKey[]): { field?: string; message: string }[] {
  const path = [...prefix, ...(issue.path as PropertyKey[])];
  const what = describePath(schema, path);
  const raw = valueAt(input, path);
  const own = authored(issue.message) ? issue.message : undefined;
  const missing = raw === undefined || raw === null;
  const field = (issue.code === 'unrecognized_keys' ? issue.keys[0] : path.filter((p) => typeof p === 'string').join('.')) || undefined;
  const one = (message: string) => [{ field, message }];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.map(typed).join('、');
      return one(path.length ? `${what}中有不认识的字段：${keys}` : `不认识的字段：${keys}`);
    }
    case 'invalid_type':
      if (own) return one(own);
      if (missing) return one(`缺少${what}`);
      if (issue.expected === 'int' && typeof raw === 'number') return one(`${what}应为整数`);
      return one(`${what}格式不正确`);
    case 'invalid_union': {
      const branch = likelyBranch(issue.errors as Issue[][]);
      if (branch) return branch.flatMap((i) => sentences(i, schema, input, path));
      return one(own ?? (missing ? `缺少${what}` : `${what}格式不正确`));
    }
    case 'invalid_value': {
      if (own) return one(own);
      if (raw === undefined) return one(`缺少${what}`);
      const meaning = metaOf(schemaAt(schema, path), 'values') ?? {};
      const show = (v: unknown) => (Object.hasOwn(meaning, String(v)) ? `${String(v)}（${meaning[String(v)]}）` : num(v));
      return one(`${what}应为：${issue.values.map(show).join('、')}`);
    }
    case 'invalid_format':
      return one(own ? `${what}格式不正确（${own}）` : `${what}格式不正确`);
    case 'too_small': {
      if (own) return one(own);
      const min = num(issue.minimum);
      if (issue.origin === 'string') return one(Number(issue.minimum) <= 1 ? `${what}不能为空` : `${what}至少要有 ${min} 个字符`);
      if (issue.origin === 'array' || issue.origin === 'set') return one(`${what}至少要有 ${min} 项`);
      if (issue.origin === 'date') return one(`${what}不能早于 ${min}`);
      return one(issue.inclusive === false ? `${what}应大于 ${min}` : `${what}不能小于 ${min}`);
    }
    case 'too_big': {
      if (own) return one(own);
      const max = num(issue.maximum);
      if (issue.origin === 'string') return one(`${what}过长（最多 ${max} 个字符）`);
      if (issue.origin === 'array' || issue.origin === 'set') return one(`${what}过多（最多 ${max} 项）`);
      if (issue.origin === 'date') return one(`${what}不能晚于 ${max}`);
      return one(issue.inclusive === false ? `${what}应小于 ${max}` : `${what}不能大于 ${max}`);
    }
    case 'not_multiple_of':
      return one(own ?? `${what}应为 ${num(issue.divisor)} 的倍数`);
    case 'invalid_key':
      return one(own ?? `${describePath(schema, path.slice(0, -1))}中的名称${typed(path[path.length - 1])}不正确`);
    case 'invalid_element':
      return one(own ?? `${what}中有不正确的项`);
    case 'custom':
      return one(own ?? (raw === undefined ? `缺少${what}` : `${what}格式不正确`));
    default:
      return one(own ?? `${what}不正确`);
  }
}

/** zod's issues as one Chinese sentence each, naming the field by its label */
export function validationError(error: z.ZodError, schema: z.ZodType, input: unknown): AppError {
  const issues = error.issues.flatMap((issue) => sentences(issue, schema, input, []));
  return new AppError('VALIDATION', issues.map((i) => i.message).join('；'), issues[0]?.field, { issues });
}
