import type { ReminderDto } from '../../contract/reminders.ts';
import { monthOf } from '../../domain/periods.ts';
import type { ReminderSource } from '../../services/context.ts';
import { computeArrears } from './services/arrears.ts';

// The dues module's reminders for the home page (docs/domain/dues.md#non-payment): members whose open months
// run to 3, 5 or 6 and more, and, per organization, members on the roll whose dues are not yet assessed.
const LEVEL = { warn: 'info', escalate: 'warning', risk: 'error' } as const;

export const reminders: ReminderSource = async (ctx, q) => {
  const asOf = monthOf(q.asOf);
  const inScope = q.orgIds ? new Set(q.orgIds) : null;
  const out: ReminderDto[] = [];
  const unassessed = new Map<number, { org: string; n: number }>();
  for (const e of await computeArrears(ctx.kysely, { asOf, scope: null })) {
    if (inScope && !inScope.has(e.orgId)) continue;
    if (e.unassessed) {
      const u = unassessed.get(e.orgId) ?? { org: e.org, n: 0 };
      u.n++;
      unassessed.set(e.orgId, u);
    }
    if (e.level === 'none') continue;
    out.push({
      module: 'dues', kind: `arrears-${e.level}`, org: e.org, orgId: e.orgId, member: e.name, memberId: e.memberId, due: e.monthsOwed[0] ?? asOf,
      level: LEVEL[e.level], page: 'dues', message: `${e.name}${e.levelText}（欠交${e.monthsOwed.length}个月，${e.amountOwed}元${e.left ? `，已于${e.left.on}${e.left.type}` : ''}）`,
    });
  }
  for (const [orgId, u] of unassessed) {
    out.push({ module: 'dues', kind: 'unassessed', org: u.org, orgId, due: asOf, level: 'warning', page: 'dues', message: `${u.org}有 ${u.n} 名在册党员未核定党费标准，请尽快核定` });
  }
  return out;
};
