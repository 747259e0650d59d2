import type { Migration } from 'kysely/migration';
import type { OpDef } from '../contract/define.ts';
import type { ExportDefinition, FigureSource, MemberDependents, ModuleHandlers, ReminderSource, RollChangeListener, Safeguard } from '../services/context.ts';
import type { CliCommand } from '../adapters/cli/command.ts';

export { defineExport, type ExportDefinition, type ModuleHandlers } from '../services/context.ts';

// The shape of a module (docs/architecture.md#modules): one folder under src-main/modules/<name>/ whose
// index.ts returns defineModule({...}); the list in src-main/modules/index.ts feeds the contract table,
// the handlers, the migrator, the CLI, the export registry, the home page's reminders and the work
// report's figures. Everything that loads services is behind a loader, so that naming a module costs
// nothing until it is used.

export interface ModuleManifest<Ops extends Record<string, OpDef> = Record<string, OpDef>> {
  /** folder name, e.g. 'dues' */
  name: string;
  /** Chinese name, e.g. 党费管理 */
  title: string;
  ops: Ops;
  handlers: () => Promise<ModuleHandlers<Ops>>;
  /** kysely migrations by name (files under migrations/<module>/); names sort in the order they must run */
  migrations?: Record<string, Migration>;
  /** the top-level CLI words this module answers (e.g. ['dues']) and its commands */
  cli?: { words: readonly string[]; load: () => Promise<readonly CliCommand[]> };
  exports?: () => Promise<readonly ExportDefinition<any>[]>;
  reminders?: () => Promise<ReminderSource>;
  /** the work report's figures computed from this module's records (docs/domain/report.md#sources-of-figures) */
  figures?: () => Promise<FigureSource>;
  /** what it does around other modules' writes (automatic backups: the safety module) */
  safeguard?: () => Promise<Safeguard>;
  /** told, inside the same transaction, when members' roll changed (an event recorded or undone, a move) */
  onRollChange?: () => Promise<RollChangeListener>;
  /** this module's records that depend on a member (deletion) or on a member's latest event (undo) */
  memberDependents?: () => Promise<MemberDependents>;
}

export function defineModule<Ops extends Record<string, OpDef>>(m: ModuleManifest<Ops>): ModuleManifest<Ops> {
  return m;
}
