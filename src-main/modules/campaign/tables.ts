import type { Generated } from 'kysely';

// Tables of the campaign module (see migrations/0004_campaign.ts).

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  year: number;
  start_on: string;
  end_on: string;
  status: string;
  scope_stamp: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignOrgsTable {
  campaign_id: number;
  org_id: number;
}

export interface CampaignMembersTable {
  id: Generated<number>;
  campaign_id: number;
  member_id: number;
  org_id: number;
  in_scope: number;
  added_later: number;
  arrived_on: string;
  left_on: string | null;
  screen_status: string;
  screened_on: string | null;
  screened_by: string | null;
  screen_method: string | null;
  finding: string | null;
  religion: string | null;
  manifestations: string | null;
  outcome: string | null;
  outcome_code: string | null;
  handled_on: string | null;
  handling_note: string | null;
  sign_status: string;
  signed_on: string | null;
  template_version: number | null;
  signed_by: string | null;
  not_signed_reason: string | null;
  makeup_signed_on: string | null;
  paper_location: string | null;
  note: string | null;
  updated_at: string;
}

export interface CampaignLetterTemplatesTable {
  version: Generated<number>;
  title: string;
  body: string;
  effective_on: string;
  created_at: string;
  created_by: string | null;
}

export interface CampaignTables {
  campaigns: CampaignsTable;
  campaign_orgs: CampaignOrgsTable;
  campaign_members: CampaignMembersTable;
  campaign_letter_templates: CampaignLetterTemplatesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends CampaignTables {}
}
