import { z } from 'zod';
import { labelled } from '../../contract/labels.ts';
import { isoDate, orgRef } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { TABLE_NAMES, TABLE_TITLES } from './domain/names.ts';
import { exportStatsTable } from './services/exports.ts';

// The statistical tables in the export registry (docs/domain/statistics.md): `export stats-<name> --org X
// --as-of D [--no-sub-orgs] --out FILE.xlsx`, and the export buttons of the 党内统计 page.

const input = z.strictObject({
  org: orgRef.nullable().optional(),
  asOf: labelled(isoDate, '统计时点'),
  noSubOrgs: labelled(z.boolean().optional(), '不含下级组织'),
});

export const exports = TABLE_NAMES.map((name) =>
  defineExport({ name, title: TABLE_TITLES[name], input, build: (ctx, i) => exportStatsTable(ctx, name, i) }),
);
