import { sql } from 'kysely';
import { formatFen } from '../../../domain/money.ts';
import { monthOf } from '../../../domain/periods.ts';
import { rollEffect } from '../../../domain/roll.ts';
import type { MemberDependents, RollChangeListener } from '../../../services/context.ts';
import { rebuildMembers } from './ledger.ts';

// What the dues module does when the registry changes (the module manifest's hooks,
// docs/domain/dues.md#ledger-and-roll): a roll event rebuilds the members' months in the same
// transaction; a member's payments keep the member from being deleted, and payments into months a
// return or a move assigned keep that event from being undone.

export const onRollChange: RollChangeListener = async (ctx, _trx, memberIds) => {
  rebuildMembers(ctx.db.sqlite, memberIds);
};

const describe = (p: { paid_on: string; amount_fen: number; receipt_no: string | null; kind: string }) =>
  `${p.paid_on} ${p.kind} ${formatFen(p.amount_fen)} 元${p.receipt_no ? `（收据号 ${p.receipt_no}）` : ''}`;

export const memberDependents: MemberDependents = async (_ctx, trx, q) => {
  const since = q.since;
  if (since) {
    const eff = rollEffect(since.type);
    // a leaving only closes months: undoing it re-opens them, and nothing recorded rests on it
    if (eff !== 'return' && eff !== 'move') return [];
    const { rows } = await sql<{ paid_on: string; amount_fen: number; receipt_no: string | null; kind: string }>`
      SELECT p.paid_on, p.amount_fen, p.receipt_no, p.kind FROM dues_payments p
      WHERE p.member_id = ${q.memberId} AND p.kind = '交纳' AND p.to_month >= ${monthOf(since.date)}
        AND (${since.orgId ?? null} IS NULL OR p.org_id = ${since.orgId ?? null})
        AND NOT EXISTS (SELECT 1 FROM dues_payments r WHERE r.reverses_id = p.id)
      ORDER BY p.paid_on, p.id`.execute(trx);
    return rows.length ? [`此后在新组织登记的党费交纳 ${rows.length} 笔：${rows.slice(0, 3).map(describe).join('、')}${rows.length > 3 ? '等' : ''}（可先冲正）`] : [];
  }
  const payments = await trx.selectFrom('dues_payments').select(['paid_on', 'amount_fen', 'receipt_no', 'kind'])
    .where('member_id', '=', q.memberId).orderBy('paid_on').orderBy('id').execute();
  return payments.length ? [`党费交纳记录 ${payments.length} 笔：${payments.slice(0, 3).map(describe).join('、')}${payments.length > 3 ? '等' : ''}`] : [];
};
