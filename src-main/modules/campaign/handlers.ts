import type { ModuleHandlers } from '../../services/context.ts';
import type { campaignOps } from './contract.ts';
import { createCampaign, deleteCampaign, listCampaigns, setStatus, updateCampaign } from './services/campaigns.ts';
import { listChecklist } from './services/checklist.ts';
import { bulk, handle, history, screen, sign } from './services/records.ts';
import { progress } from './services/progress.ts';
import { currentTemplate, letters, saveTemplate } from './services/letters.ts';

// Service functions of the religious-belief screening campaign.
export const handlers: ModuleHandlers<typeof campaignOps> = {
  'campaign.list': (ctx) => listCampaigns(ctx),
  'campaign.create': (ctx, input) => createCampaign(ctx, input),
  'campaign.setStatus': (ctx, input) => setStatus(ctx, input),
  'campaign.update': (ctx, input) => updateCampaign(ctx, input),
  'campaign.delete': (ctx, input) => deleteCampaign(ctx, input),
  'campaign.checklist': (ctx, input) => listChecklist(ctx, input),
  'campaign.screen': (ctx, input) => screen(ctx, input),
  'campaign.handle': (ctx, input) => handle(ctx, input),
  'campaign.sign': (ctx, input) => sign(ctx, input),
  'campaign.bulk': (ctx, input) => bulk(ctx, input),
  'campaign.history': (ctx, input) => history(ctx, input),
  'campaign.progress': (ctx, input) => progress(ctx, input),
  'campaign.template': (ctx) => currentTemplate(ctx.kysely),
  'campaign.saveTemplate': (ctx, input) => saveTemplate(ctx, input),
  'campaign.letters': (ctx, input) => letters(ctx, input),
};
