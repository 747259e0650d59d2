import { memberInput, type MemberDto, type MemberInput } from '../../../../../src-main/modules/core/contract.ts';

// Converting between the form's values and the contract's memberInput (keys are the same).

export type FormValues = Record<string, string | number | boolean | null | undefined>;

const KEYS = Object.keys(memberInput.shape) as (keyof MemberInput & string)[];
const FLAGS = new Set(['isLost', 'isMobile', 'taiwan', 'migrantWorker', 'selfCareUnable']);

/** empty optional text becomes null so that clearing a field clears it in the database too */
export function toMemberInput(v: FormValues): MemberInput {
  const out: Record<string, unknown> = {};
  for (const k of KEYS) {
    if (k === 'org') continue; // the form chooses by id
    const raw = v[k];
    if (k === 'orgId') out[k] = typeof raw === 'number' ? raw : null;
    else if (FLAGS.has(k)) out[k] = Boolean(raw);
    else if (k === 'name' || k === 'idNumber') out[k] = typeof raw === 'string' ? raw : '';
    else out[k] = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
  }
  return out as MemberInput;
}

export function fromMember(m: MemberDto): FormValues {
  const out: FormValues = {};
  for (const k of KEYS) {
    if (k === 'org') continue;
    out[k] = (m as unknown as Record<string, string | number | boolean>)[k] ?? null;
  }
  return out;
}

/** an Issue names a memberInput key; the form shows the organization by id */
export const formFieldOf = (field: string) => (field === 'org' ? 'orgId' : field);
