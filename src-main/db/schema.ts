import type { CoreTables } from '../modules/core/tables.ts';
import type { ImportTables } from '../modules/import/tables.ts';
import type { DuesTables } from '../modules/dues/tables.ts';
import type { CampaignTables } from '../modules/campaign/tables.ts';

export interface Database extends CoreTables, ImportTables, DuesTables, CampaignTables {}
