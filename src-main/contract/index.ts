import type { Api } from './registry.ts';

// The contract as callers see it: every operation's types (assembled from the modules' contract.ts by
// declaration merging, registry.ts) and the typed nested api over one call function. The runtime table of
// schemas is built on the server side from the module list (src-main/modules/index.ts).

export type { Api, Contract, OpInput, OpName, OpOutput, OpParsedInput } from './registry.ts';
export type { FileResult, JobProgress, JobStarted, JobResultOf, JobStatus } from './define.ts';

/**
 * `api.members.list(input)` → call('members.list', input). Built lazily from the names used, so the
 * renderer needs no list of operations (the server refuses unknown ones).
 */
export function buildApi(call: (name: string, input: unknown) => Promise<unknown>): Api {
  const namespaces = new Map<string, Record<string, (input: unknown) => Promise<unknown>>>();
  return new Proxy({} as Api, {
    get(_target, ns) {
      // not a thenable, not a symbol-keyed protocol object
      if (typeof ns !== 'string' || ns === 'then') return undefined;
      let methods = namespaces.get(ns);
      if (!methods) {
        methods = new Proxy({} as Record<string, (input: unknown) => Promise<unknown>>, {
          get(cache, method) {
            if (typeof method !== 'string' || method === 'then') return undefined;
            return (cache[method] ??= (input: unknown) => call(`${ns}.${method}`, input ?? {}));
          },
        });
        namespaces.set(ns, methods);
      }
      return methods;
    },
  });
}
