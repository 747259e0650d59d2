import { z } from 'zod';
import { labelled } from '../../contract/labels.ts';
import { id } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { columnChoices } from '../../services/export-columns.ts';
import { TABLE_COLUMNS } from './domain/columns.ts';
import { CAMPAIGN_EXPORTS } from './contract.ts';
import { buildExport } from './services/exports.ts';

// The three campaign tables in the export registry (docs/domain/religion-campaign.md#tables).

const input = z.strictObject({ campaignId: labelled(id, '专项工作') });

export const exports = CAMPAIGN_EXPORTS.map((t) =>
  defineExport({
    name: t.name,
    title: t.title,
    input,
    columns: columnChoices(TABLE_COLUMNS[t.table]),
    confidential: t.confidential,
    build: (ctx, i, job) => buildExport(ctx, i.campaignId, t.table, job),
  }),
);
