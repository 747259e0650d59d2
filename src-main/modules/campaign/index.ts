import { defineModule } from '../define.ts';
// the module's tables join the Database type by declaration merging (src-main/db/schema.ts)
import type {} from './tables.ts';
import { campaignOps } from './contract.ts';
import * as m0004 from '../../../migrations/campaign/0004_campaign.ts';
import * as m0006 from '../../../migrations/campaign/0006_campaign_prefs.ts';

// 信教排查与承诺书: the religious-belief screening campaign (docs/domain/religion-campaign.md).
export default defineModule({
  name: 'campaign',
  title: '信教排查与承诺书',
  ops: campaignOps,
  handlers: async () => (await import('./handlers.ts')).handlers,
  migrations: { '0004_campaign': m0004, '0006_campaign_prefs': m0006 },
  cli: { words: ['campaign'], load: async () => (await import('./cli.ts')).commands },
  exports: async () => (await import('./exports.ts')).exports,
  figures: async () => (await import('./figures.ts')).figures,
  memberDependents: async () => (await import('./dependents.ts')).memberDependents,
});
