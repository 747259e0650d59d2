import type { ReminderDto } from '../contract/reminders.ts';
import type { ServiceContext } from './context.ts';
import { orgScope } from './refs.ts';

// The home page's list of what is due: every module's reminder source asked once, for one subtree and
// one date; errors first, then by due date.

const LEVEL_ORDER = { error: 0, warning: 1, info: 2 } as const;

export async function listReminders(ctx: ServiceContext, input: { org?: number | string | null; asOf?: string | null }): Promise<ReminderDto[]> {
  const scope = await orgScope(ctx.kysely, input.org ?? null);
  const asOf = input.asOf ?? ctx.clock.today();
  const sources = await ctx.registry.reminderSources();
  const lists = await Promise.all(sources.map(async (s) => (await s.source(ctx, { orgIds: scope?.ids ?? null, asOf })).map((r) => ({ ...r, module: s.module, moduleTitle: s.title }))));
  return lists.flat().sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}
