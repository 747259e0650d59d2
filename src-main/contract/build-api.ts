// The nested api shape (`api.members.list(input)`) built from a flat list of op names and one call
// function. Kept apart from index.ts, and free of any import, so that the sandboxed preload can
// use it without bundling zod and every schema (the preload gets the names inlined at build time).

export type CallFn = (name: string, input: unknown) => Promise<unknown>;
export type NestedApi = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

export function buildNestedApi(call: CallFn, names: readonly string[]): NestedApi {
  const api: NestedApi = {};
  for (const name of names) {
    const dot = name.indexOf('.');
    const ns = name.slice(0, dot);
    const method = name.slice(dot + 1);
    (api[ns] ??= {})[method] = (input: unknown) => call(name, input ?? {});
  }
  return api;
}
