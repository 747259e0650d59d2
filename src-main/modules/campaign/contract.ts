import { z } from 'zod';
import { op } from '../../contract/define.ts';
import { labelled } from '../../contract/labels.ts';
import { TABLE_TITLES } from './domain/columns.ts';
import type { Issue } from '../../domain/errors.ts';
import type { ProgressCounts } from './domain/board.ts';
import type { LetterTemplate } from './domain/letter.ts';
import type { AuditEntryDto } from '../../contract/audit.ts';

// Operations of the religious-belief screening campaign (docs/domain/religion-campaign.md).
// Enumerated values (情形认定, 信教类别, 方式, 未签原因, 状态) travel as text and are checked by the service
// against domain/campaign/enums.ts, so that a wrong value gets a Chinese message naming the field.

const text = z.string().max(2000);
const optText = z.union([text, z.null()]).optional();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD 格式');
const id = z.number().int();

/** a member by id (UI) or by ID number (CLI) */
const memberRef = {
  campaignId: id,
  memberId: id.optional(),
  idNumber: text.optional(),
};

export const checklistFilter = z.strictObject({
  campaignId: id,
  /** this organization and its sub-organizations */
  orgId: id.nullable().optional(),
  /** name, initials or ID-number fragment */
  search: optText,
  unscreened: z.boolean().optional(),
  unsigned: z.boolean().optional(),
  /** any finding other than 未发现问题 */
  believers: z.boolean().optional(),
  addedLater: z.boolean().optional(),
  /** include members who left during the campaign (default true: they stay on the record, marked) */
  includeLeft: z.boolean().optional(),
});
export type ChecklistFilter = z.input<typeof checklistFilter>;

export interface CampaignDto {
  id: number;
  name: string;
  year: number;
  start: string;
  end: string;
  status: string;
  orgIds: number[];
  /** scope organizations' names; empty = every organization */
  orgs: string[];
}

/** a campaign as services pass it around (without the scope's names) */
export type CampaignRow = Omit<CampaignDto, 'orgs'>;

export interface ChecklistRow {
  id: number;
  memberId: number;
  name: string;
  idNumber: string;
  orgId: number;
  org: string;
  category: string;
  memberStatus: string;
  isLost: boolean;
  addedLater: boolean;
  arrivedOn: string;
  leftOn: string | null;
  screenStatus: string;
  screenedOn: string | null;
  screenedBy: string | null;
  screenMethod: string | null;
  finding: string | null;
  religion: string | null;
  manifestations: string | null;
  outcome: string | null;
  outcomeCode: string | null;
  handledOn: string | null;
  handlingNote: string | null;
  signStatus: string;
  signedOn: string | null;
  templateVersion: number | null;
  signedBy: string | null;
  notSignedReason: string | null;
  makeupSignedOn: string | null;
  paperLocation: string | null;
  note: string | null;
}

export interface ProgressOrgRow extends ProgressCounts {
  orgId: number;
  org: string;
  screenRate: number;
  signRate: number;
}

export interface CampaignProgress {
  campaign: CampaignDto;
  total: ProgressCounts & { screenRate: number; signRate: number };
  /** lagging organizations first */
  orgs: ProgressOrgRow[];
}

/** a checklist record's change history: the same audit entries as a member's */
export type CampaignHistoryEntry = AuditEntryDto;

export interface LetterPage {
  memberId: number;
  name: string;
  org: string;
}

export const campaignOps = {
  'campaign.list': op<CampaignDto[]>()(z.strictObject({})),
  'campaign.create': op<{ id: number }>()(
    z.strictObject({
      name: text.min(1, '请填写专项工作名称'),
      year: z.number().int().min(1921).max(2200),
      start: day,
      end: day,
      orgIds: z.array(id).optional(),
      /** organizations by full or short name (CLI) */
      orgs: z.array(text).optional(),
    }),
  ),
  'campaign.setStatus': op<CampaignDto>()(z.strictObject({ campaignId: id, status: text })),
  /** rename or re-date a campaign (its checklist follows the new period); audited */
  'campaign.update': op<{ campaign: CampaignDto; warnings: Issue[] }>()(
    z.strictObject({
      campaignId: labelled(id, '专项工作'),
      name: labelled(text.min(1, '请填写专项工作名称').optional(), '名称'),
      year: labelled(z.number().int().min(1921).max(2200).optional(), '年度'),
      start: labelled(day.optional(), '开始日期'),
      end: labelled(day.optional(), '结束日期'),
    }),
  ),
  /** delete a campaign entered by mistake: refused (naming what) while any member has a record in it */
  'campaign.delete': op<{ deleted: true; name: string }>()(z.strictObject({ campaignId: labelled(id, '专项工作') })),
  'campaign.checklist': op<{ rows: ChecklistRow[]; total: number }>()(
    checklistFilter.extend({
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).nullable().optional(),
    }),
  ),
  'campaign.screen': op<{ row: ChecklistRow; warnings: Issue[] }>()(
    z.strictObject({
      ...memberRef,
      date: day,
      method: text.optional(),
      screenedBy: optText,
      /** 未发现问题 or a finding category; omitted: 已信仰宗教 when a religion is named, else 未发现问题 */
      finding: text.optional(),
      religion: optText,
      manifestations: optText,
      note: optText,
    }),
  ),
  'campaign.handle': op<{ row: ChecklistRow; warnings: Issue[] }>()(
    z.strictObject({
      ...memberRef,
      /** label, alias (批评教育, 劝而不退除名 …) or code of docs/domain/religion-campaign.md#handling-codes */
      outcome: text.min(1),
      date: day,
      note: optText,
    }),
  ),
  'campaign.sign': op<{ row: ChecklistRow; warnings: Issue[] }>()(
    z.strictObject({
      ...memberRef,
      /** 签订日期; omit together with notSignedReason to record why it is not signed */
      date: day.optional(),
      notSignedReason: optText,
      /** 补签日期 after a not-signed reason */
      makeupDate: day.optional(),
      paperLocation: optText,
      note: optText,
    }),
  ),
  /** bulk actions on a selection (ids, or every row matching a checklist filter): one transaction */
  'campaign.bulk': op<{ updated: number; warnings: Issue[] }>()(
    z.strictObject({
      campaignId: id,
      action: z.enum(['screenedNoFinding', 'signed']),
      date: day,
      /** 排查方式 for 标记已排查: as chosen by the clerk; omitted, no method is recorded (never a guessed one) */
      method: labelled(text.optional(), '排查方式'),
      memberIds: z.array(id).max(200_000).optional(),
      filter: checklistFilter.omit({ campaignId: true }).optional(),
    }),
  ),
  'campaign.history': op<CampaignHistoryEntry[]>()(z.strictObject({ campaignId: id, memberId: id })),
  'campaign.progress': op<CampaignProgress>()(z.strictObject({ campaignId: id })),
  'campaign.template': op<LetterTemplate>()(z.strictObject({})),
  'campaign.saveTemplate': op<LetterTemplate>()(
    z.strictObject({ title: text.min(1, '请填写承诺书标题'), body: z.string().min(1, '请填写承诺书正文').max(20_000), effectiveOn: day.optional() }),
  ),
  /** the pages to print: one per member of the selection (a branch, or chosen ids) */
  'campaign.letters': op<{ template: LetterTemplate; year: number; pages: LetterPage[] }>()(
    z.strictObject({ campaignId: id, orgId: id.nullable().optional(), memberIds: z.array(id).max(200_000).optional(), includeSigned: z.boolean().optional() }),
  ),
};


declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    campaign: typeof campaignOps;
  }
}

/** the campaign's tables in the export registry (the UI lists them; titles from the column catalogues) */
export const CAMPAIGN_EXPORTS = [
  { name: 'religion-progress', table: 'progress', title: TABLE_TITLES.progress, confidential: false },
  { name: 'religion-findings', table: 'findings', title: TABLE_TITLES.findings, confidential: true },
  { name: 'religion-ledger', table: 'ledger', title: TABLE_TITLES.ledger, confidential: false },
] as const;

// pure code the campaign pages show (the renderer's door: docs/architecture.md#layers)
export { FINDINGS, HANDLING_OUTCOMES, NO_FINDING, NOT_SIGNED_REASONS, RELIGIONS, SCREEN_METHODS } from './domain/enums.ts';
export { defaultCampaignPeriod } from './domain/period.ts';
export { fillLetter, paragraphs, PLACEHOLDERS, type LetterTemplate } from './domain/letter.ts';
