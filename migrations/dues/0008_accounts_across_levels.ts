import { sql, type Kysely } from 'kysely';

// Accounts across levels (docs/domain/dues.md#accounts-across-levels): a branch's remittance is the
// receiving committee's income, so the remittance names the receiving organization by id when it is in
// the tree (to_org keeps the name of one outside it, e.g. the 工委 above the committee). Remittances
// recorded before name their receiver in text: matched by full name or 简称 where one organization has it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dues_remittances ADD COLUMN to_org_id INTEGER REFERENCES orgs(id)`.execute(db);
  await sql`UPDATE dues_remittances SET to_org_id = (SELECT o.id FROM orgs o WHERE o.name = dues_remittances.to_org)
    WHERE to_org IS NOT NULL AND (SELECT COUNT(*) FROM orgs o WHERE o.name = dues_remittances.to_org) = 1`.execute(db);
  await sql`UPDATE dues_remittances SET to_org_id = (SELECT o.id FROM orgs o WHERE o.short_name = dues_remittances.to_org)
    WHERE to_org_id IS NULL AND to_org IS NOT NULL AND (SELECT COUNT(*) FROM orgs o WHERE o.short_name = dues_remittances.to_org) = 1`.execute(db);
  // the year's money by the day it moved, on both sides of every transfer
  await sql`CREATE INDEX dues_remittances_paid ON dues_remittances(org_id, paid_on)`.execute(db);
  await sql`CREATE INDEX dues_remittances_to ON dues_remittances(to_org_id, paid_on)`.execute(db);
  await sql`CREATE INDEX dues_spending_to ON dues_spending(to_org_id, spent_on)`.execute(db);
  // voluntary one-offs due to the Centre are few: kept apart from income without reading every payment
  await sql`CREATE INDEX dues_payments_central ON dues_payments(org_id, paid_on, amount_fen) WHERE to_central = 1`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
