// Who made a change (docs/domain/members.md#operator): the clerk's name from 设置, or nobody named. A record
// never names a placeholder as a person: with no name the operator is stored empty and shown 未填写, with
// the computer the change was made on beside it.

export const NOT_FILLED = '未填写';

/** what earlier versions stored when no clerk name was set: a word, not a person */
const PLACEHOLDERS = new Set(['经办人']);

/** the operator as shown and printed: the name, else 未填写 (with the computer's name when known) */
export function operatorLabel(name: string | null | undefined, machine?: string | null): string {
  const n = (name ?? '').trim();
  if (n && !PLACEHOLDERS.has(n)) return n;
  const m = (machine ?? '').trim();
  return m ? `${NOT_FILLED}（${m}）` : NOT_FILLED;
}

/** the stored operator name: empty when none (or a placeholder) was given */
export const operatorName = (name: string | null | undefined): string => {
  const n = (name ?? '').trim();
  return PLACEHOLDERS.has(n) ? '' : n;
};
