import { sql, type Kysely } from 'kysely';

// Schema of the dues module (docs/domain/dues.md#data-model):
// - dues_standards: assessed standards, one row per member and starting month, applying until the next
//   (a yearly assessment is a row at January; 年薪制/个体经营 bases are rows per month/quarter).
// - dues_months: ONE ROW PER MEMBER-MONTH (应交/实交/status), materialized from the standards so the grid,
//   arrears and yearly statistics are index scans, never recomputations (1.2 M rows in the bench).
// - dues_payments: every payment, with its allocation to months; never deleted (冲正 entries reverse).
// Money is INTEGER fen; months TEXT 'YYYY-MM'; dates TEXT 'YYYY-MM-DD'.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE dues_standards (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    from_month TEXT NOT NULL,
    category TEXT NOT NULL,
    base_fen INTEGER,
    farmer_fen INTEGER,
    rule_fen INTEGER NOT NULL,
    override_fen INTEGER,
    override_reason TEXT,
    amount_fen INTEGER NOT NULL,
    rate_label TEXT NOT NULL,
    table_version TEXT NOT NULL,
    rounding TEXT NOT NULL,
    draft INTEGER NOT NULL DEFAULT 0,
    computation TEXT,
    assessed_on TEXT,
    approved_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (member_id, from_month)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dues_standards_year ON dues_standards(year, member_id)`.execute(db);

  await sql`CREATE TABLE dues_waivers (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('少交', '免交')),
    from_month TEXT NOT NULL,
    to_month TEXT NOT NULL,
    reduced_fen INTEGER,
    approval_body TEXT NOT NULL,
    approval_date TEXT NOT NULL,
    reason TEXT,
    revoked_at TEXT,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dues_waivers_member ON dues_waivers(member_id)`.execute(db);

  await sql`CREATE TABLE dues_months (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    org_id INTEGER NOT NULL,
    standard_id INTEGER NOT NULL,
    due_fen INTEGER NOT NULL,
    paid_fen INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    waived INTEGER NOT NULL DEFAULT 0,
    provisional INTEGER NOT NULL DEFAULT 0,
    paid_on TEXT,
    PRIMARY KEY (member_id, month)
  ) STRICT, WITHOUT ROWID`.execute(db);
  // COVERING indexes (bench: 1.2 M rows): the grid and the yearly statistics scan an organization's
  // months without touching the table; the arrears list reads only the open (未交/部分) months, member
  // first and in month order, so its per-member aggregation needs no sort (status is in the partial
  // index too: SQLite re-checks the WHERE term, and without it every row is a table seek)
  await sql`CREATE INDEX dues_months_org ON dues_months(org_id, month, member_id, due_fen, paid_fen, status)`.execute(db);
  await sql`CREATE INDEX dues_months_open ON dues_months(member_id, month, org_id, due_fen, paid_fen, status) WHERE status IN ('未交', '部分')`.execute(db);

  await sql`CREATE TABLE dues_payments (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    org_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    paid_on TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    method TEXT NOT NULL,
    receipt_no TEXT,
    from_month TEXT,
    to_month TEXT,
    allocation TEXT NOT NULL,
    reverses_id INTEGER REFERENCES dues_payments(id),
    to_central INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dues_payments_member ON dues_payments(member_id, paid_on)`.execute(db);
  // the year's cash income per organization without table lookups
  await sql`CREATE INDEX dues_payments_org ON dues_payments(org_id, paid_on, amount_fen)`.execute(db);

  await sql`CREATE TABLE dues_org_settings (
    org_id INTEGER PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
    advance_limit INTEGER,
    remit_share_bp INTEGER,
    next_receipt INTEGER NOT NULL DEFAULT 1,
    deduction_profile TEXT
  ) STRICT`.execute(db);

  await sql`CREATE TABLE dues_config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`.execute(db);

  await sql`CREATE TABLE dues_remittances (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    period TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    share_bp INTEGER,
    to_org TEXT,
    paid_on TEXT NOT NULL,
    voucher_no TEXT,
    method TEXT,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dues_remittances_org ON dues_remittances(org_id, year)`.execute(db);

  await sql`CREATE TABLE dues_spending (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    spent_on TEXT NOT NULL,
    to_org_id INTEGER REFERENCES orgs(id),
    decision_ref TEXT NOT NULL,
    approver TEXT NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX dues_spending_org ON dues_spending(org_id, year)`.execute(db);

  await sql`CREATE TABLE dues_openings (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    PRIMARY KEY (org_id, year)
  ) STRICT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
