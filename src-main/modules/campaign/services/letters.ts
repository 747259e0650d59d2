import { sql } from 'kysely';
import type { LetterPage } from '../contract.ts';
import { DEFAULT_LETTER_BODY, DEFAULT_LETTER_TITLE, type LetterTemplate } from '../domain/letter.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { audit } from '../../../services/audit.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { withFreshScope } from './campaigns.ts';

// The commitment-letter template (versioned, docs/domain/religion-campaign.md#commitment-letter) and the
// pages to print for a selection. Version 1 is the built-in neutral default (letter.ts); each save by the
// clerk adds a new version, and a signature records the version that was current when it was signed.

const DEFAULT_TEMPLATE: LetterTemplate = { version: 1, title: DEFAULT_LETTER_TITLE, body: DEFAULT_LETTER_BODY, effectiveOn: '2000-01-01' };

export async function currentTemplate(db: Tx): Promise<LetterTemplate> {
  const t = await db.selectFrom('campaign_letter_templates').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  return t ? { version: t.version, title: t.title, body: t.body, effectiveOn: t.effective_on } : DEFAULT_TEMPLATE;
}

export async function saveTemplate(ctx: ServiceContext, input: { title: string; body: string; effectiveOn?: string }): Promise<LetterTemplate> {
  return ctx.kysely.transaction().execute(async (trx) => {
    const cur = await currentTemplate(trx);
    if (cur.title === input.title.trim() && cur.body === input.body) return cur;
    const now = ctx.clock.now();
    const actor = await actorOf(trx);
    const version = cur.version + 1;
    await trx.insertInto('campaign_letter_templates').values({
      version, title: input.title.trim(), body: input.body, effective_on: input.effectiveOn ?? ctx.clock.today(), created_at: now, created_by: actor.name,
    }).execute();
    await audit(trx, { actor, at: now, entity: 'campaign_letter_template', entityId: version, action: '修改承诺书模板', before: { version: cur.version }, after: { version, title: input.title } });
    return currentTemplate(trx);
  });
}

/** one page per member of a branch (with sub-organizations) or of chosen members, in checklist order */
export async function letters(
  ctx: ServiceContext,
  input: { campaignId: number; orgId?: number | null; memberIds?: number[]; includeSigned?: boolean },
): Promise<{ template: LetterTemplate; year: number; pages: LetterPage[] }> {
  return withFreshScope(ctx, input.campaignId, async (trx, c) => {
    const conds = [sql`cm.campaign_id = ${c.id}`, sql`cm.in_scope = 1`, sql`cm.left_on IS NULL`];
    if (input.orgId != null) conds.push(sql`o.path LIKE (SELECT path FROM orgs WHERE id = ${input.orgId}) || '%'`);
    if (input.memberIds) conds.push(sql`cm.member_id IN (SELECT value FROM json_each(${JSON.stringify(input.memberIds)}))`);
    if (input.includeSigned === false) conds.push(sql`cm.sign_status = '未签订'`);
    const { rows } = await sql<LetterPage>`SELECT cm.member_id AS memberId, m.name, o.name AS org
      FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id
      WHERE ${sql.join(conds, sql` AND `)} ORDER BY o.path, m.name_pinyin, m.id`.execute(trx);
    return { template: await currentTemplate(trx), year: c.year, pages: rows };
  });
}
