import { sql } from 'kysely';
import type { MemberDependents } from '../../services/context.ts';

// What of the development register rests on a member (the module manifest's memberDependents,
// docs/domain/development.md#stages): the person the admission meeting entered as this member, and the
// people the member sponsors (入党介绍人) or keeps in contact with (培养联系人), keep the member from
// being deleted. Undoing an event never depends on the register.
export const memberDependents: MemberDependents = async (_ctx, trx, q) => {
  if (q.since) return [];
  const out: string[] = [];
  const admitted = await trx.selectFrom('dev_people').select(['name', 'admitted_on']).where('member_id', '=', q.memberId).execute();
  for (const p of admitted) out.push(`${p.name}的发展记录（${p.admitted_on ?? ''}接收为预备党员时登记的党员）`);
  const { rows } = await sql<{ name: string; role: string }>`
    SELECT p.name, '入党介绍人' AS role FROM dev_people p, json_each(coalesce(p.sponsors, '[]')) j WHERE j.value = ${q.memberId}
    UNION ALL
    SELECT p.name, '培养联系人' FROM dev_people p, json_each(coalesce(p.contacts, '[]')) j WHERE j.value = ${q.memberId}`.execute(trx);
  for (const r of rows) out.push(`${r.name}的${r.role}`);
  return out;
};

// the register names members by unconstrained ids (member_id, and the JSON lists of sponsors and contacts)
memberDependents.among = async (trx, memberIds) => {
  const { rows } = await sql<{ id: number }>`
    SELECT DISTINCT j.value AS id FROM json_each(${JSON.stringify(memberIds)}) j
    WHERE EXISTS (SELECT 1 FROM dev_people p WHERE p.member_id = j.value)
       OR EXISTS (SELECT 1 FROM dev_people p, json_each(coalesce(p.sponsors, '[]')) s WHERE s.value = j.value)
       OR EXISTS (SELECT 1 FROM dev_people p, json_each(coalesce(p.contacts, '[]')) c WHERE c.value = j.value)`.execute(trx);
  return rows.map((r) => r.id);
};
