import type { Generated } from 'kysely';

// Tables of the dues module (owned by that module; see migrations/0003_dues.ts). Money: integer fen.

export interface DuesStandardsTable {
  id: Generated<number>;
  member_id: number;
  year: number;
  from_month: string;
  category: string;
  base_fen: number | null;
  farmer_fen: number | null;
  rule_fen: number;
  override_fen: number | null;
  override_reason: string | null;
  amount_fen: number;
  rate_label: string;
  table_version: string;
  rounding: string;
  draft: number;
  computation: string | null;
  assessed_on: string | null;
  approved_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DuesWaiversTable {
  id: Generated<number>;
  member_id: number;
  type: string;
  from_month: string;
  to_month: string;
  reduced_fen: number | null;
  approval_body: string;
  approval_date: string;
  reason: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface DuesMonthsTable {
  member_id: number;
  month: string;
  org_id: number;
  standard_id: number;
  due_fen: number;
  paid_fen: number;
  status: string;
  waived: number;
  provisional: number;
  paid_on: string | null;
}

export interface DuesPaymentsTable {
  id: Generated<number>;
  member_id: number;
  org_id: number;
  kind: string;
  paid_on: string;
  amount_fen: number;
  method: string;
  receipt_no: string | null;
  from_month: string | null;
  to_month: string | null;
  /** JSON [[month, fen], ...] */
  allocation: string;
  reverses_id: number | null;
  to_central: number;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface DuesOrgSettingsTable {
  org_id: number;
  advance_limit: number | null;
  remit_share_bp: number | null;
  next_receipt: number;
  deduction_profile: string | null;
}

export interface DuesConfigTable {
  key: string;
  value: string;
}

export interface DuesRemittancesTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  period: string;
  amount_fen: number;
  share_bp: number | null;
  /** the receiving organization's name as recorded (one outside the tree is only named) */
  to_org: string | null;
  /** the receiving organization when it is in the tree: its income (docs/domain/dues.md#accounts-across-levels) */
  to_org_id: number | null;
  paid_on: string;
  voucher_no: string | null;
  method: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface DuesSpendingTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  kind: string;
  category: string;
  amount_fen: number;
  spent_on: string;
  to_org_id: number | null;
  decision_ref: string;
  approver: string;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface DuesOpeningsTable {
  org_id: number;
  year: number;
  amount_fen: number;
}

export interface DuesTables {
  dues_standards: DuesStandardsTable;
  dues_waivers: DuesWaiversTable;
  dues_months: DuesMonthsTable;
  dues_payments: DuesPaymentsTable;
  dues_org_settings: DuesOrgSettingsTable;
  dues_config: DuesConfigTable;
  dues_remittances: DuesRemittancesTable;
  dues_spending: DuesSpendingTable;
  dues_openings: DuesOpeningsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends DuesTables {}
}
