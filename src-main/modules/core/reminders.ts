import type { ReminderDto } from '../../contract/reminders.ts';
import type { ReminderSource } from '../../services/context.ts';
import { addYears } from '../../domain/partial-date.ts';
import { probationEnd, probationLevel } from '../../domain/lifecycle.ts';
import { listOrgs } from './services/orgs.ts';

// The registry's reminders: terms ending or overdue (换届, docs/domain/org-life.md#terms-and-elections) and
// probation past its end (docs/domain/members.md#probation): past the end (one year, or the extension's) a
// warning, past two years from admission an error.
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
  const probationers = await ctx.kysely
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .leftJoin('member_events as e', (j) => j.onRef('e.member_id', '=', 'm.id').on('e.type', '=', '延长预备期'))
    .select(['m.id', 'm.name', 'm.joined_on', 'm.org_id', 'o.name as org', 'e.months'])
    .where('m.category', '=', '预备党员')
    .where('m.roll', '=', '在册')
    .where('m.joined_on', '<=', addYears(q.asOf, -1))
    .execute();
  for (const p of probationers) {
    if (inScope && !inScope.has(p.org_id)) continue;
    const level = probationLevel({ category: '预备党员', joinedOn: p.joined_on, extensionMonths: p.months }, q.asOf);
    if (level === 'ok') continue;
    const end = probationEnd(p.joined_on, p.months);
    out.push({
      module: 'core',
      kind: level === 'long-overdue' ? 'probation-long-overdue' : 'probation-overdue',
      org: p.org,
      orgId: p.org_id,
      member: p.name,
      memberId: p.id,
      due: end,
      level: level === 'long-overdue' ? 'error' : 'warning',
      page: 'members',
      message: level === 'long-overdue'
        ? `${p.name}入党已超过两年仍为预备党员（预备期应于 ${end} 届满），已超出预备期规定，请立即讨论转正或取消预备党员资格`
        : `${p.name}的预备期已于 ${end} 届满，请及时召开支部大会讨论转正（或延长预备期）`,
    });
  }
  return out;
};
