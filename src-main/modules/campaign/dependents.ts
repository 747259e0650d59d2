import type { MemberDependents } from '../../services/context.ts';

// What of the campaign rests on a member (the module manifest's memberDependents): a checklist row that
// records work — a screening, a handling, a signed or explained commitment — keeps the member from being
// deleted. An untouched row goes with the member. Undoing an event never depends on the campaign: its
// checklist follows the members' dates by itself.
export const memberDependents: MemberDependents = async (_ctx, trx, q) => {
  if (q.since) return [];
  const rows = await trx
    .selectFrom('campaign_members as cm')
    .innerJoin('campaigns as c', 'c.id', 'cm.campaign_id')
    .select(['c.name', 'cm.screen_status', 'cm.outcome', 'cm.sign_status', 'cm.not_signed_reason'])
    .where('cm.member_id', '=', q.memberId)
    .where((eb) => eb.or([eb('cm.screen_status', '!=', '未排查'), eb('cm.outcome', 'is not', null), eb('cm.sign_status', '!=', '未签订'), eb('cm.not_signed_reason', 'is not', null)]))
    .execute();
  return rows.map((r) => `“${r.name}”中的${[r.screen_status !== '未排查' ? '排查记录' : '', r.outcome ? '处置记录' : '', r.sign_status !== '未签订' || r.not_signed_reason ? '承诺书记录' : ''].filter(Boolean).join('、')}`);
};
