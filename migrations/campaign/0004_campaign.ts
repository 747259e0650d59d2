import { sql, type Kysely } from 'kysely';

// Schema of the religious-belief screening campaign (docs/domain/religion-campaign.md). One row per campaign
// member holds the current state (screening, finding, handling, commitment); the old values live in audit_log
// (entity 'campaign_member'). Findings are the most sensitive data in the app
// (docs/domain/religion-campaign.md#data-handling): they live only in these tables, which only the campaign
// module reads.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '进行中',
    -- fingerprint of members/events/orgs at the last scope refresh (services/campaign/scope-sync.ts)
    scope_stamp TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (start_on <= end_on)
  ) STRICT`.execute(db);

  // chosen scope roots; none = every organization. Sub-organizations are included via orgs.path.
  await sql`CREATE TABLE campaign_orgs (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (campaign_id, org_id)
  ) STRICT, WITHOUT ROWID`.execute(db);

  await sql`CREATE TABLE campaign_members (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL,
    in_scope INTEGER NOT NULL DEFAULT 1,
    added_later INTEGER NOT NULL DEFAULT 0,
    arrived_on TEXT NOT NULL,
    left_on TEXT,
    screen_status TEXT NOT NULL DEFAULT '未排查',
    screened_on TEXT,
    screened_by TEXT,
    screen_method TEXT,
    finding TEXT,
    religion TEXT,
    manifestations TEXT,
    outcome TEXT,
    outcome_code TEXT,
    handled_on TEXT,
    handling_note TEXT,
    sign_status TEXT NOT NULL DEFAULT '未签订',
    signed_on TEXT,
    template_version INTEGER,
    signed_by TEXT,
    not_signed_reason TEXT,
    makeup_signed_on TEXT,
    paper_location TEXT,
    note TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (campaign_id, member_id)
  ) STRICT`.execute(db);
  // the board groups one campaign's rows by organization; checklist filters walk (campaign, org)
  await sql`CREATE INDEX campaign_members_org ON campaign_members(campaign_id, org_id)`.execute(db);

  await sql`CREATE TABLE campaign_letter_templates (
    version INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT
  ) STRICT`.execute(db);

  // the clerk's column choice per export table (key = table name, value = JSON array of column keys)
  await sql`CREATE TABLE campaign_prefs (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('downgrades are not supported');
}
