import { rollEffect } from '../../domain/roll.ts';
import type { MemberDependents } from '../../services/context.ts';

// What of organizational life rests on a member (the module manifest's memberDependents,
// docs/domain/org-life.md#attendance): the member's attendance rows in recorded activities, excusals,
// 中心组/党组 membership and training keep the member from being deleted (the activities' stored headcounts
// count the member). Undoing a 转入 or 调整 is refused while the member is in the attendance of activities
// of the organization it brought the member into, held on or after its date.

const some = (dates: { date: string; type: string }[], n: number) =>
  `${dates.map((d) => `${d.date} ${d.type}`).join('、')}${n > dates.length ? `等 ${n} 次活动` : ''}`;

export const memberDependents: MemberDependents = async (_ctx, trx, q) => {
  const attendance = trx
    .selectFrom('orglife_attendance as a')
    .innerJoin('orglife_activities as x', 'x.id', 'a.activity_id')
    .where('a.member_id', '=', q.memberId);
  if (q.since) {
    const eff = rollEffect(q.since.type);
    if (eff !== 'return' && eff !== 'move') return [];
    let later = attendance.where('x.date', '>=', q.since.date);
    if (q.since.orgId != null) later = later.where('a.org_id', '=', q.since.orgId);
    const n = Number((await later.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    if (!n) return [];
    const first = await later.select(['x.date', 'x.type']).orderBy('x.date').orderBy('x.id').limit(3).execute();
    return [`此后在新组织参加的组织生活 ${n} 次（${some(first, n)}）的出勤记录`];
  }
  const out: string[] = [];
  const n = Number((await attendance.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  if (n) {
    const first = await attendance.select(['x.date', 'x.type']).orderBy('x.date').orderBy('x.id').limit(3).execute();
    out.push(`组织生活出勤记录 ${n} 条（${some(first, n)}）`);
  }
  const count = async (table: 'orglife_excused' | 'orglife_panels' | 'orglife_training_members') =>
    Number((await trx.selectFrom(table).where('member_id', '=', q.memberId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const excused = await count('orglife_excused');
  if (excused) out.push(`免计应到记录 ${excused} 条`);
  const panels = await count('orglife_panels');
  if (panels) out.push(`中心组或党组（党委）名单 ${panels} 条`);
  const trainings = await count('orglife_training_members');
  if (trainings) out.push(`培训记录 ${trainings} 条`);
  return out;
};
