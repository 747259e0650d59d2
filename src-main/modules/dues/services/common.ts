import { AppError } from '../../../domain/errors.ts';
import { parseYuan } from '../../../domain/money.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import { DEFAULT_ADVANCE_LIMIT } from '../domain/ledger.ts';
import { DEFAULT_ROUNDING, ROUNDING_MODES, type RoundingMode } from '../domain/rounding.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';

// Shared pieces of the dues services: member/org look-ups (by id: names are resolved by services/refs.ts
// in the handlers), the module's settings, money and date input. kysely throughout; the raw connection is
// used only by the month-table rebuild (services/ledger.ts).

export interface MemberRef {
  id: number;
  name: string;
  id_number: string;
  org_id: number;
  joined_on: string;
  left_on: string | null;
  roll: string;
  category: string;
}

/** one user action = one transaction (raw statements of the month-table rebuild run inside it: same connection) */
export function inTx<T>(ctx: ServiceContext, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return ctx.kysely.transaction().execute(fn);
}

export async function memberById(db: Tx, id: number): Promise<MemberRef> {
  const m = await db
    .selectFrom('members')
    .select(['id', 'name', 'id_number', 'org_id', 'joined_on', 'left_on', 'roll', 'category'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!m) throw new AppError('NOT_FOUND', `找不到该党员（编号 ${id}）`, 'memberId');
  return m;
}

/** a member the handler has already resolved (services/refs.ts) */
export async function requireMember(db: Tx, input: { memberId?: number | null }): Promise<MemberRef> {
  if (input.memberId != null) return memberById(db, input.memberId);
  throw new AppError('VALIDATION', '请指定党员（公民身份号码）', 'idNumber');
}

export interface OrgRef {
  id: number;
  name: string;
  path: string;
  parent_id: number | null;
  type: string;
}

/** an organization the handler has already resolved (services/refs.ts: names are looked up there) */
export async function requireOrg(db: Tx, input: { orgId?: number | null }, field = 'org'): Promise<OrgRef> {
  if (input.orgId == null) throw new AppError('VALIDATION', '请指定党组织', field);
  const o = await db.selectFrom('orgs').select(['id', 'name', 'path', 'parent_id', 'type']).where('id', '=', input.orgId).executeTakeFirst();
  if (!o) throw new AppError('NOT_FOUND', `找不到该党组织（编号 ${input.orgId}）`, field);
  return o;
}

export async function orgName(db: Tx, id: number): Promise<string> {
  return (await db.selectFrom('orgs').select('name').where('id', '=', id).executeTakeFirst())?.name ?? '';
}

/** yuan text from the UI/CLI → fen; a clear message naming the field */
export function fenFrom(text: string | number, field: string, label: string): number {
  const fen = parseYuan(text);
  if (fen === null) throw new AppError('VALIDATION', `${label}格式不正确：${text}（应为金额，如 45.00）`, field);
  return fen;
}

/**
 * A day money moved (paid, remitted, spent): a real YYYY-MM-DD, not after today — money is recorded when
 * it has moved (docs/domain/dues.md#who-when-where).
 */
export function checkDay(text: string | null | undefined, field: string, label: string, today: string): string {
  if (!text || !isIsoDay(text)) throw new AppError('VALIDATION', `${label}格式不正确：${text ?? ''}（应为 YYYY-MM-DD）`, field);
  if (text > today) throw new AppError('VALIDATION', `${label} ${text} 晚于今天（${today}）：只能登记已经发生的收支`, field);
  return text;
}

// --- module settings (global rounding, default advance limit) and per-organization settings -------

export interface DuesConfig {
  /** rounding to the fen (docs/domain/dues.md#rounding, U5) */
  rounding: RoundingMode;
  /** default advance-payment limit in months (docs/domain/dues.md#who-when-where, U8) */
  advanceLimit: number;
}

export async function getDuesConfig(db: Tx | null | undefined): Promise<DuesConfig> {
  const cfg: DuesConfig = { rounding: DEFAULT_ROUNDING, advanceLimit: DEFAULT_ADVANCE_LIMIT };
  if (!db) return cfg;
  for (const r of await db.selectFrom('dues_config').select(['key', 'value']).execute()) {
    const v = JSON.parse(r.value);
    if (r.key === 'rounding' && ROUNDING_MODES.includes(v)) cfg.rounding = v;
    if (r.key === 'advanceLimit' && Number.isInteger(v)) cfg.advanceLimit = v;
  }
  return cfg;
}

export async function saveDuesConfig(db: Tx, patch: Partial<DuesConfig>): Promise<void> {
  for (const [key, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const value = JSON.stringify(v);
    await db.insertInto('dues_config').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
}

export interface OrgDuesSettings {
  advanceLimit: number;
  remitShareBp: number | null;
  nextReceipt: number;
  deductionProfile: string | null;
}

export async function orgSettings(db: Tx, orgId: number): Promise<OrgDuesSettings> {
  const row = await db.selectFrom('dues_org_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return {
    advanceLimit: row?.advance_limit ?? (await getDuesConfig(db)).advanceLimit,
    remitShareBp: row?.remit_share_bp ?? null,
    nextReceipt: row?.next_receipt ?? 1,
    deductionProfile: row?.deduction_profile ?? null,
  };
}

/**
 * The per-organization running receipt sequence: numbers taken one by one, the sequence written back
 * once (a whole branch's month takes a hundred numbers). A number typed by the clerk moves it on.
 */
export async function receiptSequence(db: Tx, orgId: number) {
  let next = (await orgSettings(db, orgId)).nextReceipt;
  return {
    take(typed?: string | null): string {
      if (typed && typed.trim()) {
        const receipt = typed.trim();
        if (/^\d+$/.test(receipt) && Number(receipt) >= next) next = Number(receipt) + 1;
        return receipt;
      }
      return String(next++).padStart(6, '0');
    },
    async save(): Promise<void> {
      await db
        .insertInto('dues_org_settings')
        .values({ org_id: orgId, next_receipt: next })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ next_receipt: next }))
        .execute();
    },
  };
}
