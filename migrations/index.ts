import type { Migration } from 'kysely/migration';
import * as m0001 from './core/0001_core.ts';
import * as m0002 from './import/0002_import.ts';
import * as m0003 from './dues/0003_dues.ts';
import * as m0004 from './campaign/0004_campaign.ts';

// Static list for kysely's Migrator: the folder-reading provider breaks once the app is bundled.
// Append new migrations here in order; never edit or reorder a released one.
export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_import': m0002,
  '0003_dues': m0003,
  '0004_campaign': m0004,
};
