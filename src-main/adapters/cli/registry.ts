import type { CommandModule } from './command.ts';

// Which module holds which top-level command word; each module is imported only when used,
// so start-up stays fast (spreadsheet libraries load only in commands that need them).
export const COMMAND_MODULES: Record<string, () => Promise<CommandModule>> = {
  org: () => import('./commands/core.ts'),
  member: () => import('./commands/core.ts'),
  members: () => import('./commands/core.ts'),
  settings: () => import('./commands/core.ts'),
  export: () => import('./commands/export.ts'),
  import: () => import('./commands/import.ts'),
  dues: () => import('./commands/dues.ts'),
  campaign: () => import('./commands/campaign.ts'),
};
