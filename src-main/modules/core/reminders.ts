import type { ReminderDto } from '../../contract/reminders.ts';
import type { ReminderSource } from '../../services/context.ts';
import { listOrgs } from './services/orgs.ts';

// The registry's reminders: terms ending or overdue (换届, docs/domain/org-life.md#terms-and-elections).
export const reminders: ReminderSource = async (ctx, q) => {
  const inScope = q.orgIds ? new Set(q.orgIds) : null;
  const out: ReminderDto[] = [];
  for (const o of await listOrgs(ctx.kysely, q.asOf)) {
    if (inScope && !inScope.has(o.id)) continue;
    if (o.termReminder === 'none' || o.termReminder === 'ok' || !o.termDeadline) continue;
    const overdue = o.termReminder === 'overdue';
    out.push({
      module: 'core',
      kind: overdue ? 'term-overdue' : 'term-due',
      org: o.name,
      orgId: o.id,
      due: o.termDeadline,
      level: overdue ? 'error' : 'warning',
      page: 'orgs',
      message: overdue
        ? `${o.name}任期已于 ${o.termDeadline} 届满，已逾期 ${-(o.termDaysLeft ?? 0)} 天，请尽快换届`
        : `${o.name}任期将于 ${o.termDeadline} 届满（还有 ${o.termDaysLeft} 天），请做好换届准备`,
    });
  }
  return out;
};
