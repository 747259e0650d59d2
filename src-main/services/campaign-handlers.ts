import type { ModuleHandlers } from './handler-types.ts';
import type { campaignOps } from '../contract/campaign.ts';

export const campaignHandlers: ModuleHandlers<typeof campaignOps> = {};
