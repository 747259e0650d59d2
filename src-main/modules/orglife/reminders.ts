import type { ReminderDto } from '../../contract/reminders.ts';
import { addDays, monthOf, periodOf, yearPeriod, type PeriodUnit } from '../../domain/periods.ts';
import type { ReminderSource } from '../../services/context.ts';
import { computeCompliance } from './services/compliance.ts';

// What organizational life puts on the home page (docs/domain/org-life.md#reminders): for every
// organization with a requirement, the current unit (this month, quarter, year) not yet held, and —
// during the first month of the next unit — the unit just ended that was missed. A yearly requirement with a start month (组织生活会, 民主评议 from
// October) is reminded only from then.

const UNIT_NOW: Record<PeriodUnit, string> = { month: '本月', quarter: '本季度', half: '本半年', year: '本年度' };
const SOON_DAYS = 7;

export const reminders: ReminderSource = async (ctx, q) => {
  const asOf = q.asOf;
  const year = Number(asOf.slice(0, 4));
  // this year and the previous one: the unit just ended may be last year's December or Q4
  const out: ReminderDto[] = [];
  for (const y of [year - 1, year]) {
    const { entries, frequencies } = await computeCompliance(ctx.kysely, { ids: q.orgIds, period: yearPeriod(y), today: asOf });
    const fr = new Map(frequencies.map((f) => [f.type, f]));
    for (const e of entries) {
      const current = periodOf(asOf, e.unit);
      const previous = periodOf(addDays(current.start, -1), e.unit);
      for (const u of e.result.units) {
        if (u.key === current.key && u.count === 0) {
          const from = fr.get(e.type)?.remindFromMonth;
          if (from && Number(asOf.slice(5, 7)) < from) continue;
          const soon = addDays(asOf, SOON_DAYS) >= u.end;
          out.push({
            module: 'orglife', kind: `due-${e.unit}`, org: e.org.name, orgId: e.org.id, due: u.end, level: soon ? 'warning' : 'info',
            message: `${e.org.name}${UNIT_NOW[e.unit]}（${current.label}）尚未开展${e.type}${soon ? `，${u.end} 前须完成` : ''}`,
          });
        } else if (u.key === previous.key && u.state === 'missing' && monthOf(asOf) === current.from) {
          // a miss is reminded during the first month of the next unit (last month's, last quarter's in
          // its following month, last year's in January), not all year long
          out.push({
            module: 'orglife', kind: `missed-${e.unit}`, org: e.org.name, orgId: e.org.id, due: u.end, level: 'error',
            message: `${e.org.name}${previous.label}未开展${e.type}（应${e.unit === 'month' ? '每月' : e.unit === 'quarter' ? '每季度' : e.unit === 'half' ? '每半年' : '每年'}至少一次）`,
          });
        }
      }
    }
  }
  return out;
};
