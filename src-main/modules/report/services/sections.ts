import { parsePeriod } from '../../../domain/periods.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { resolveOrg } from '../../../services/refs.ts';
import { actor as actorOf } from '../../../services/actor.ts';
import type { SectionsDto } from '../contract.ts';
import { SECTION_KEYS, type SectionKey } from '../domain/draft.ts';
import { periodDto } from './figures.ts';

// The parts of the work report the clerk writes (开头语, 其他工作, 存在问题, 下步工作打算), kept per
// organization and period (docs/domain/report.md#the-word-draft). A period with nothing saved yet offers
// the latest earlier period's text to re-use: 下步工作打算 of the last half-year is where the next begins.

const empty = (): Record<SectionKey, string> => Object.fromEntries(SECTION_KEYS.map((k) => [k, ''])) as Record<SectionKey, string>;

async function rowsOf(db: Tx, orgId: number, period: string) {
  return db.selectFrom('report_sections').select(['section', 'text', 'updated_at']).where('org_id', '=', orgId).where('period', '=', period).execute();
}

export async function getSections(ctx: ServiceContext, input: { org: number | string; period: string }): Promise<SectionsDto> {
  const org = await resolveOrg(ctx.kysely, input.org);
  const period = parsePeriod(input.period, 'period');
  let rows = await rowsOf(ctx.kysely, org.id, period.key);
  let carriedFrom = null;
  if (!rows.length) {
    const earlier = await ctx.kysely
      .selectFrom('report_sections')
      .select(['period'])
      .where('org_id', '=', org.id)
      .where('period_start', '<', period.start)
      .orderBy('period_start', 'desc')
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    if (earlier) {
      rows = await rowsOf(ctx.kysely, org.id, earlier.period);
      carriedFrom = periodDto(parsePeriod(earlier.period));
    }
  }
  const sections = empty();
  let updatedAt: string | null = null;
  for (const r of rows) {
    if ((SECTION_KEYS as readonly string[]).includes(r.section)) sections[r.section as SectionKey] = r.text;
    if (!updatedAt || r.updated_at > updatedAt) updatedAt = r.updated_at;
  }
  return { orgId: org.id, period: periodDto(period), sections, carriedFrom, updatedAt: carriedFrom ? null : updatedAt };
}

export async function saveSections(
  ctx: ServiceContext,
  input: { org: number | string; period: string; sections: Partial<Record<SectionKey, string>> },
): Promise<SectionsDto> {
  const org = await resolveOrg(ctx.kysely, input.org);
  const period = parsePeriod(input.period, 'period');
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  await ctx.kysely.transaction().execute(async (trx) => {
    const before = Object.fromEntries((await rowsOf(trx, org.id, period.key)).map((r) => [r.section, r.text]));
    const after: Record<string, string> = {};
    for (const key of SECTION_KEYS) {
      const text = input.sections[key];
      if (text === undefined) continue;
      after[key] = text;
      await trx
        .insertInto('report_sections')
        .values({ org_id: org.id, period: period.key, period_start: period.start, section: key, text, updated_at: now, updated_by: actor.name || null })
        .onConflict((oc) => oc.columns(['org_id', 'period', 'section']).doUpdateSet({ text, updated_at: now, updated_by: actor.name || null }))
        .execute();
    }
    await audit(trx, { actor, at: now, entity: 'report_sections', entityId: org.id, action: `保存${period.label}工作总结`, before, after });
  });
  return getSections(ctx, { org: org.id, period: period.key });
}
