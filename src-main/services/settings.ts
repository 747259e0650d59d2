import type { Settings } from '../modules/core/contract.ts';
import type { ServiceContext, Tx } from './context.ts';

// Settings every export and record uses (填报单位, 经办人/填表人, 审核人, 负责人, ...), kept as key/value rows.

const DEFAULTS: Omit<Settings, 'effectiveReportingUnit'> = {
  reportingUnit: '',
  clerkName: '',
  clerkPhone: '',
  reviewer: '',
  principal: '',
  exportDateStyle: 'dot',
  termReminderDays: [180, 90, 30],
  allowA3: false,
};

export async function getSettings(db: Tx): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored: Record<string, unknown> = {};
  for (const r of rows) stored[r.key] = JSON.parse(r.value);
  const merged = { ...DEFAULTS, ...stored } as Omit<Settings, 'effectiveReportingUnit'>;
  let effective = merged.reportingUnit;
  if (!effective) {
    const root = await db
      .selectFrom('orgs')
      .select('name')
      .where('parent_id', 'is', null)
      .where('type', '!=', '党组')
      .orderBy('sort_order')
      .orderBy('id')
      .executeTakeFirst();
    effective = root?.name ?? '';
  }
  return { ...merged, effectiveReportingUnit: effective };
}

export async function saveSettings(ctx: ServiceContext, patch: Partial<Omit<Settings, 'effectiveReportingUnit'>>): Promise<Settings> {
  await ctx.kysely.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await trx
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
        .execute();
    }
  });
  return getSettings(ctx.kysely);
}

/** who recorded a change: the clerk from settings */
export async function currentActor(db: Tx): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'clerkName').executeTakeFirst();
  const name = row ? (JSON.parse(row.value) as string) : '';
  return name || '经办人';
}
