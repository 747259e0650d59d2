import type { CommandModule } from './command.ts';

// Which module holds which top-level command word; each module is imported only when used,
// so start-up stays fast (spreadsheet libraries load only in commands that need them).
export const COMMAND_MODULES: Record<string, () => Promise<CommandModule>> = {
  org: () => import('../../modules/core/cli.ts'),
  member: () => import('../../modules/core/cli.ts'),
  members: () => import('../../modules/core/cli.ts'),
  settings: () => import('../../modules/core/cli.ts'),
  export: () => import('./commands/export.ts'),
  import: () => import('../../modules/import/cli.ts'),
  dues: () => import('../../modules/dues/cli.ts'),
  campaign: () => import('../../modules/campaign/cli.ts'),
};
