import { sql, type RawBuilder } from 'kysely';
import type { ChecklistFilter, ChecklistRow } from '../contract.ts';
import { NO_FINDING } from '../domain/enums.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { withFreshScope } from './campaigns.ts';

// The checklist: one row per campaign member (findings visible here and only in this module,
// docs/domain/religion-campaign.md#data-handling).

export const CHECKLIST_COLUMNS = sql`
  cm.id, cm.member_id AS memberId, m.name, m.id_number AS idNumber, cm.org_id AS orgId, o.name AS org,
  m.category, m.status AS memberStatus, m.is_lost AS isLost, cm.added_later AS addedLater,
  cm.arrived_on AS arrivedOn, cm.left_on AS leftOn, cm.screen_status AS screenStatus, cm.screened_on AS screenedOn,
  cm.screened_by AS screenedBy, cm.screen_method AS screenMethod, cm.finding, cm.religion, cm.manifestations,
  cm.outcome, cm.outcome_code AS outcomeCode, cm.handled_on AS handledOn, cm.handling_note AS handlingNote,
  cm.sign_status AS signStatus, cm.signed_on AS signedOn, cm.template_version AS templateVersion, cm.signed_by AS signedBy,
  cm.not_signed_reason AS notSignedReason, cm.makeup_signed_on AS makeupSignedOn, cm.paper_location AS paperLocation,
  cm.note`;

export const CHECKLIST_FROM = sql`campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id`;

type RawRow = Omit<ChecklistRow, 'isLost' | 'addedLater'> & { isLost: number; addedLater: number };
export const toRow = (r: RawRow): ChecklistRow => ({ ...r, isLost: r.isLost === 1, addedLater: r.addedLater === 1 });

/** WHERE conditions of a checklist filter (shared by the list, bulk actions and letters) */
export function filterConditions(campaignId: number, f: Omit<ChecklistFilter, 'campaignId'>): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`cm.campaign_id = ${campaignId}`, sql`cm.in_scope = 1`];
  if (f.orgId != null) conds.push(sql`o.path LIKE (SELECT path FROM orgs WHERE id = ${f.orgId}) || '%'`);
  if (f.unscreened) conds.push(sql`cm.screen_status = '未排查'`);
  if (f.unsigned) conds.push(sql`cm.sign_status = '未签订'`);
  if (f.believers) conds.push(sql`cm.finding IS NOT NULL AND cm.finding <> ${NO_FINDING}`);
  if (f.addedLater) conds.push(sql`cm.added_later = 1`);
  if (f.includeLeft === false) conds.push(sql`cm.left_on IS NULL`);
  const s = f.search?.trim();
  if (s) {
    const like = `%${s.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    // name, initials (zw), full pinyin with or without spaces (zhangwei) or an ID fragment
    const flat = `${s.toLowerCase().replace(/\s+/g, '').replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(m.name LIKE ${like} ESCAPE '\\' OR m.name_initials LIKE ${like.toLowerCase()} ESCAPE '\\'
      OR replace(m.name_pinyin, ' ', '') LIKE ${flat} ESCAPE '\\' OR m.id_number LIKE ${like.toUpperCase()} ESCAPE '\\')`);
  }
  return sql.join(conds, sql` AND `);
}

export async function listChecklist(
  ctx: ServiceContext,
  input: ChecklistFilter & { offset?: number; limit?: number | null },
): Promise<{ rows: ChecklistRow[]; total: number }> {
  return withFreshScope(ctx, input.campaignId, async (trx) => {
    const where = filterConditions(input.campaignId, input);
    const { rows: countRows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${CHECKLIST_FROM} WHERE ${where}`.execute(trx);
    const limit = input.limit === null ? -1 : (input.limit ?? 100);
    const { rows } = await sql<RawRow>`SELECT ${CHECKLIST_COLUMNS} FROM ${CHECKLIST_FROM} WHERE ${where}
      ORDER BY o.path, m.name_pinyin, m.id LIMIT ${limit} OFFSET ${input.offset ?? 0}`.execute(trx);
    return { rows: rows.map(toRow), total: countRows[0].n };
  });
}

export async function checklistRow(trx: Tx, campaignMemberId: number): Promise<ChecklistRow> {
  const { rows } = await sql<RawRow>`SELECT ${CHECKLIST_COLUMNS} FROM ${CHECKLIST_FROM} WHERE cm.id = ${campaignMemberId}`.execute(trx);
  return toRow(rows[0]);
}
