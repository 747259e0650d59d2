// Tables of the campaign module (owned by that module; see migrations/0004_campaign.ts).
export interface CampaignTables {}
