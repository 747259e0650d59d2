import { AppError } from '../../../domain/errors.ts';
import { CAMPAIGN_TABLES, TABLE_COLUMNS, TABLE_TITLES, columnLabel, pickColumns, type CampaignColumn, type CampaignTable } from '../domain/columns.ts';
import { audit } from '../../../services/audit.ts';
import { currentActor } from '../../../services/settings.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';

// The clerk's column choice per table (which columns, in which order), kept so the next export
// matches the template the upper level sent (issue 5 "Exports").

const key = (table: CampaignTable) => `columns.${table}`;

export async function chosenKeys(db: Tx, table: CampaignTable): Promise<string[]> {
  const row = await db.selectFrom('campaign_prefs').select('value').where('key', '=', key(table)).executeTakeFirst();
  return row ? (JSON.parse(row.value) as string[]) : TABLE_COLUMNS[table].map((c) => c.key);
}

export async function chosenColumns<R>(db: Tx, table: CampaignTable): Promise<CampaignColumn<R>[]> {
  return pickColumns(TABLE_COLUMNS[table] as CampaignColumn<R>[], await chosenKeys(db, table));
}

export async function columns(ctx: ServiceContext, input: { table: CampaignTable }) {
  return {
    table: input.table,
    available: TABLE_COLUMNS[input.table].map((c) => ({ key: c.key, label: columnLabel(c) })),
    chosen: await chosenKeys(ctx.kysely, input.table),
  };
}

export async function saveColumns(ctx: ServiceContext, input: { table: CampaignTable; columns: string[] }): Promise<{ chosen: string[] }> {
  const known = new Set(TABLE_COLUMNS[input.table].map((c) => c.key));
  const unknown = input.columns.filter((k) => !known.has(k));
  if (unknown.length) throw new AppError('VALIDATION', `不认识的列：${unknown.join('、')}`, 'columns');
  const chosen = [...new Set(input.columns)];
  if (!chosen.length) throw new AppError('VALIDATION', '请至少选择一列', 'columns');
  await ctx.kysely.transaction().execute(async (trx) => {
    const before = await chosenKeys(trx, input.table);
    await trx
      .insertInto('campaign_prefs')
      .values({ key: key(input.table), value: JSON.stringify(chosen) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(chosen) }))
      .execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: 'campaign_columns', entityId: CAMPAIGN_TABLES.indexOf(input.table), action: `列设置：${TABLE_TITLES[input.table]}`, before, after: chosen });
  });
  return { chosen };
}
