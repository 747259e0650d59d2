import { z } from 'zod';
import { labelled } from '../../contract/labels.ts';
import { isoDate, orgRef } from '../../contract/refs.ts';
import { defineExport } from '../../services/context.ts';
import { columnChoices } from '../../services/export-columns.ts';
import type { LayoutColumn } from '../../excel/layout.ts';
import { BAND_VERSIONS } from './domain/bands.ts';
import { TABLE_NAMES, TABLE_TITLES, type TableName } from './domain/names.ts';
import { headerOf } from './domain/tables.ts';
import { exportStatsTable, FIFTY_COLUMNS } from './services/exports.ts';

// The statistical tables in the export registry (docs/domain/statistics.md): `export stats-<name> --org X
// --as-of D [--no-sub-orgs] --out FILE.xlsx`, and the export buttons of the 党内统计 page.

const input = z.strictObject({
  org: orgRef.nullable().optional(),
  asOf: labelled(isoDate, '统计时点'),
  noSubOrgs: labelled(z.boolean().optional(), '不含下级组织'),
});

/** the row labels (and codes) are always printed; the clerk may leave out or reorder the count columns */
const REQUIRED = new Set(['项目', '代码', '序号', '姓名']);

/**
 * A table's columns for the clerk's choice: those of every band version (docs/domain/statistics.md#bulletin-figures),
 * each version's own columns placed after the column they follow in it, so that a table of any date keeps
 * its columns in order.
 */
function catalogue(name: TableName): LayoutColumn<unknown>[] {
  if (name === 'stats-50-years') return FIFTY_COLUMNS as LayoutColumn<unknown>[];
  const keyOf = (h: { label: string; group?: string }) => (h.group ? `${h.group}/${h.label}` : h.label);
  const order: { label: string; group?: string }[] = [];
  for (const v of [...BAND_VERSIONS].reverse()) {
    let at = 0;
    for (const h of headerOf(name, v)) {
      const i = order.findIndex((o) => keyOf(o) === keyOf(h));
      if (i >= 0) at = i + 1;
      else order.splice(at++, 0, h);
    }
  }
  return [
    { header: '项目', value: () => null },
    ...(name === 'stats-change' ? [{ header: '代码', value: () => null }] : []),
    ...order.map((h) => ({ header: h.group ? [h.group, h.label] : h.label, value: () => null })),
  ];
}

export const exports = TABLE_NAMES.map((name) =>
  defineExport({
    name,
    title: TABLE_TITLES[name],
    input,
    columns: columnChoices(catalogue(name), REQUIRED),
    build: (ctx, i) => exportStatsTable(ctx, name, i),
  }),
);
