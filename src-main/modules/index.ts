import type { Migration } from 'kysely/migration';
import type { OpDef } from '../contract/define.ts';
import type { CliCommand } from '../adapters/cli/command.ts';
import type { ModuleManifest } from './define.ts';
import type { ExportDefinition, Registry } from '../services/context.ts';
import core from './core/index.ts';
import importModule from './import/index.ts';
import dues from './dues/index.ts';
import campaign from './campaign/index.ts';
import orglife from './orglife/index.ts';

// THE list of modules, in menu order. Adding a module = its folder + one line here
// (docs/architecture.md#modules). Everything below is derived from it.
export const MODULES: readonly ModuleManifest<any>[] = [core, importModule, dues, campaign, orglife];

/** the runtime contract table: every operation's schema, by name */
export const contract: Record<string, OpDef> = {};
const moduleOf = new Map<string, ModuleManifest<any>>();
for (const m of MODULES) {
  for (const [name, def] of Object.entries(m.ops as Record<string, OpDef>)) {
    if (contract[name]) throw new Error(`operation ${name} declared twice (${m.name}, ${moduleOf.get(name)!.name})`);
    contract[name] = def;
    moduleOf.set(name, m);
  }
}

export const opNames: readonly string[] = Object.keys(contract);
export const isOpName = (name: string): boolean => Object.hasOwn(contract, name);

type Handler = (ctx: never, input: never) => unknown;
const loaded = new Map<string, Promise<Record<string, Handler>>>();

/** the service function of an operation (its module's handlers load on first use) */
export async function handlerOf(name: string): Promise<Handler> {
  const m = moduleOf.get(name);
  if (!m) throw new Error(`no module declares ${name}`);
  let p = loaded.get(m.name);
  if (!p) loaded.set(m.name, (p = m.handlers() as Promise<Record<string, Handler>>));
  return (await p)[name];
}

/** every module's migrations, in name order (the order they run) */
export function allMigrations(): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const m of MODULES) Object.assign(out, m.migrations ?? {});
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** the CLI commands of the module answering a top-level word */
export async function cliCommandsFor(word: string): Promise<readonly CliCommand[] | null> {
  const m = MODULES.find((x) => x.cli?.words.includes(word));
  return m ? m.cli!.load() : null;
}

export const cliWords = (): string[] => MODULES.flatMap((m) => [...(m.cli?.words ?? [])]);

/** the export registry: every module's tables */
export async function exportDefinitions(): Promise<(ExportDefinition<any> & { module: string })[]> {
  const lists = await Promise.all(MODULES.map(async (m) => ((await m.exports?.()) ?? []).map((d) => ({ ...d, module: m.name }))));
  return lists.flat();
}

export async function exportDefinition(name: string): Promise<(ExportDefinition<any> & { module: string }) | null> {
  return (await exportDefinitions()).find((d) => d.name === name) ?? null;
}

export async function reminderSources() {
  return Promise.all(MODULES.filter((m) => m.reminders).map(async (m) => ({ module: m.name, source: await m.reminders!() })));
}

/** what services may ask of the module list (ServiceContext.registry) */
export const registry: Registry = { exportDefinitions, reminderSources };
