import { z } from 'zod';
import { op } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import { isoDate } from '../../contract/refs.ts';
import { TABLE_TITLES } from './domain/columns.ts';
import type { Issue } from '../../domain/errors.ts';
import type { ProgressCounts } from './domain/board.ts';
import type { LetterTemplate } from './domain/letter.ts';
import type { AuditEntryDto } from '../../contract/audit.ts';
import { pageInput } from '../core/contract.ts';

// Operations of the religious-belief screening campaign (docs/domain/religion-campaign.md).
// Enumerated values (情形认定, 信教类别, 方式, 未签原因, 状态) travel as text and are checked by the service
// against domain/campaign/enums.ts, so that a wrong value gets a Chinese message naming the field.
// Every field carries the label the campaign pages show (src-main/contract/labels.ts).

const text = z.string().max(2000);
const optText = z.union([text, z.null()]).optional();
const day = isoDate;
const id = z.number().int();
const campaignId = labelled(id, '专项工作');
const memberIds = labelled(z.array(id).max(200_000), '选中的党员');
const note = labelled(optText, '备注');

/** a member by id (UI) or by ID number (CLI) */
const memberRef = {
  campaignId,
  memberId: labelled(id.optional(), '党员'),
  idNumber: labelled(text.optional(), '公民身份号码'),
};

export const checklistFilter = z.strictObject(fields({
  campaignId,
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
}, {
  orgId: '党组织',
  search: '查找',
  unscreened: '未排查',
  unsigned: '未签订',
  believers: '信教',
  addedLater: '期间新增',
  includeLeft: '包含期间离开的党员',
}));
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
    z.strictObject(fields({
      name: text.min(1, '请填写专项工作名称'),
      year: z.number().int().min(1921).max(2200),
      start: day,
      end: day,
      orgIds: z.array(id).optional(),
      /** organizations by full or short name (CLI) */
      orgs: z.array(text).optional(),
    }, { name: '名称', year: '年度', start: '开始日期', end: '结束日期', orgIds: '范围', orgs: '范围' })),
  ),
  'campaign.setStatus': op<CampaignDto>()(z.strictObject({ campaignId, status: labelled(text, '状态') })),
  'campaign.checklist': op<{ rows: ChecklistRow[]; total: number }>()(
    checklistFilter.extend(pageInput),
  ),
  'campaign.screen': op<{ row: ChecklistRow; warnings: Issue[] }>()(
    z.strictObject(fields({
      ...memberRef,
      date: day,
      method: text.optional(),
      screenedBy: optText,
      /** 未发现问题 or a finding category; omitted: 已信仰宗教 when a religion is named, else 未发现问题 */
      finding: text.optional(),
      religion: optText,
      manifestations: optText,
      note,
    }, { date: '排查日期', method: '排查方式', screenedBy: '排查人', finding: '情形认定', religion: '信教类别', manifestations: '主要表现' })),
  ),
  'campaign.handle': op<{ row: ChecklistRow; warnings: Issue[] }>()(
    z.strictObject(fields({
      ...memberRef,
      /** label, alias (批评教育, 劝而不退除名 …) or code of docs/domain/religion-campaign.md#handling-codes */
      outcome: text.min(1),
      date: day,
      note: optText,
    }, { outcome: '处置方式', date: '处置日期', note: '处置说明' })),
  ),
  'campaign.sign': op<{ row: ChecklistRow; warnings: Issue[] }>()(
    z.strictObject(fields({
      ...memberRef,
      /** 签订日期; omit together with notSignedReason to record why it is not signed */
      date: day.optional(),
      notSignedReason: optText,
      /** 补签日期 after a not-signed reason */
      makeupDate: day.optional(),
      paperLocation: optText,
      note,
    }, { date: '签订日期', notSignedReason: '未签原因', makeupDate: '补签日期', paperLocation: '纸质件存放' })),
  ),
  /** bulk actions on a selection (ids, or every row matching a checklist filter): one transaction */
  'campaign.bulk': op<{ updated: number; warnings: Issue[] }>()(
    z.strictObject(fields({
      campaignId,
      action: labelled(z.enum(['screenedNoFinding', 'signed']), '批量操作', { screenedNoFinding: '标记已排查·未发现信教', signed: '标记已签订' }),
      date: day,
      memberIds: memberIds.optional(),
      filter: checklistFilter.omit({ campaignId: true }).optional(),
    }, { date: '日期', filter: '筛选条件' })),
  ),
  'campaign.history': op<CampaignHistoryEntry[]>()(z.strictObject({ campaignId, memberId: labelled(id, '党员') })),
  'campaign.progress': op<CampaignProgress>()(z.strictObject({ campaignId })),
  'campaign.template': op<LetterTemplate>()(z.strictObject({})),
  'campaign.saveTemplate': op<LetterTemplate>()(
    z.strictObject(fields({
      title: text.min(1, '请填写承诺书标题'),
      body: z.string().min(1, '请填写承诺书正文').max(20_000),
      effectiveOn: day.optional(),
    }, { title: '承诺书标题', body: '承诺书正文', effectiveOn: '生效日期' })),
  ),
  /** the pages to print: one per member of the selection (a branch, or chosen ids) */
  'campaign.letters': op<{ template: LetterTemplate; year: number; pages: LetterPage[] }>()(
    z.strictObject({
      campaignId,
      orgId: labelled(id.nullable().optional(), '党组织'),
      memberIds: memberIds.optional(),
      includeSigned: labelled(z.boolean().optional(), '包含已签订的'),
    }),
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
export { fillLetter, paragraphs, PLACEHOLDERS, type LetterTemplate } from './domain/letter.ts';
