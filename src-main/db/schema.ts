import type { CoreTables } from './tables/core.ts';
import type { ImportTables } from './tables/import.ts';
import type { DuesTables } from './tables/dues.ts';
import type { CampaignTables } from './tables/campaign.ts';

export interface Database extends CoreTables, ImportTables, DuesTables, CampaignTables {}
