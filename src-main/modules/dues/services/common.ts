import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../domain/errors.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { parseYuan } from '../../../domain/money.ts';
import { DEFAULT_ADVANCE_LIMIT } from '../domain/ledger.ts';
import { DEFAULT_ROUNDING, ROUNDING_MODES, type RoundingMode } from '../domain/rounding.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';

// Shared pieces of the dues services: member/org lookups, the module's settings, money input.

export type Sqlite = BetterSqlite3.Database;

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

/** one user action = one transaction (raw statements on ctx.db.sqlite run inside it: same connection) */
export function inTx<T>(ctx: ServiceContext, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return ctx.kysely.transaction().execute(fn);
}

export function memberById(sqlite: Sqlite, id: number): MemberRef {
  const m = sqlite
    .prepare('SELECT id, name, id_number, org_id, joined_on, left_on, roll, category FROM members WHERE id = ?')
    .get(id) as MemberRef | undefined;
  if (!m) throw new AppError('NOT_FOUND', `找不到该党员（编号 ${id}）`, 'memberId');
  return m;
}

/** a member the handler has already resolved (services/refs.ts) */
export function resolveMember(sqlite: Sqlite, input: { memberId?: number | null }): MemberRef {
  if (input.memberId != null) return memberById(sqlite, input.memberId);
  throw new AppError('VALIDATION', '请指定党员（公民身份号码）', 'idNumber');
}

export interface OrgRef {
  id: number;
  name: string;
  path: string;
}

/** an organization the handler has already resolved (services/refs.ts: names are looked up there) */
export function resolveOrg(sqlite: Sqlite, input: { orgId?: number | null }): OrgRef {
  if (input.orgId == null) throw new AppError('VALIDATION', '请指定党组织', 'org');
  const o = sqlite.prepare('SELECT id, name, path FROM orgs WHERE id = ?').get(input.orgId) as OrgRef | undefined;
  if (!o) throw new AppError('NOT_FOUND', `找不到该党组织（编号 ${input.orgId}）`, 'org');
  return o;
}

export function orgName(sqlite: Sqlite, id: number): string {
  return (sqlite.prepare('SELECT name FROM orgs WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '';
}

/** yuan text from the UI/CLI → fen; a clear message naming the field */
export function fenFrom(text: string | number, field: string, label: string): number {
  const fen = parseYuan(text);
  if (fen === null) throw new AppError('VALIDATION', `${label}格式不正确：${text}（应为金额，如 45.00）`, field);
  return fen;
}

// --- module settings (global rounding, default advance limit) and per-organization settings -------

export interface DuesConfig {
  /** rounding to the fen (docs/domain/dues.md#rounding, U5) */
  rounding: RoundingMode;
  /** default advance-payment limit in months (docs/domain/dues.md#who-when-where, U8) */
  advanceLimit: number;
}

export function getDuesConfig(sqlite: Sqlite | null): DuesConfig {
  const cfg: DuesConfig = { rounding: DEFAULT_ROUNDING, advanceLimit: DEFAULT_ADVANCE_LIMIT };
  if (!sqlite) return cfg;
  for (const r of sqlite.prepare('SELECT key, value FROM dues_config').all() as { key: string; value: string }[]) {
    const v = JSON.parse(r.value);
    if (r.key === 'rounding' && ROUNDING_MODES.includes(v)) cfg.rounding = v;
    if (r.key === 'advanceLimit' && Number.isInteger(v)) cfg.advanceLimit = v;
  }
  return cfg;
}

export function saveDuesConfig(sqlite: Sqlite, patch: Partial<DuesConfig>): void {
  const stmt = sqlite.prepare('INSERT INTO dues_config (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) stmt.run(k, JSON.stringify(v));
}

export interface OrgDuesSettings {
  advanceLimit: number;
  remitShareBp: number | null;
  nextReceipt: number;
  deductionProfile: string | null;
}

export function orgSettings(sqlite: Sqlite, orgId: number): OrgDuesSettings {
  const row = sqlite.prepare('SELECT * FROM dues_org_settings WHERE org_id = ?').get(orgId) as
    | { advance_limit: number | null; remit_share_bp: number | null; next_receipt: number; deduction_profile: string | null }
    | undefined;
  return {
    advanceLimit: row?.advance_limit ?? getDuesConfig(sqlite).advanceLimit,
    remitShareBp: row?.remit_share_bp ?? null,
    nextReceipt: row?.next_receipt ?? 1,
    deductionProfile: row?.deduction_profile ?? null,
  };
}

/** the per-organization running receipt sequence; a number typed by the clerk moves the sequence on */
export function takeReceiptNo(sqlite: Sqlite, orgId: number, typed: string | null | undefined): string {
  const s = orgSettings(sqlite, orgId);
  let receipt: string;
  let next = s.nextReceipt;
  if (typed && typed.trim()) {
    receipt = typed.trim();
    if (/^\d+$/.test(receipt) && Number(receipt) >= next) next = Number(receipt) + 1;
  } else {
    receipt = String(next).padStart(6, '0');
    next += 1;
  }
  sqlite
    .prepare('INSERT INTO dues_org_settings (org_id, next_receipt) VALUES (?, ?) ON CONFLICT(org_id) DO UPDATE SET next_receipt = excluded.next_receipt')
    .run(orgId, next);
  return receipt;
}
