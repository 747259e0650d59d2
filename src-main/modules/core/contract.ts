import { z } from 'zod';
import { jobOp, op, type FileResult, type JobProgress } from '../../contract/define.ts';
import type { ReminderDto } from '../../contract/reminders.ts';
import type { Issue } from '../../domain/errors.ts';
import { isoDate, memberRef, orgRef } from '../../contract/refs.ts';
import { fields, labelled } from '../../contract/labels.ts';
import { FIELD_LABELS } from '../../domain/field-labels.ts';
import type { TermReminderLevel } from '../../domain/org-rules.ts';

// Settings, organization tree, member registry, jobs and the roster export. Every field carries the
// Chinese label the forms show (src-main/contract/labels.ts): validation messages name it by that label.

const text = z.string().max(2000);
const optText = z.union([text, z.null()]).optional();
const flag = z.boolean().optional();

export const settingsSchema = z.strictObject(fields({
  /** 填报单位 (full name); empty means the root organization's name */
  reportingUnit: text.optional(),
  /** 经办人 / 填表人 */
  clerkName: text.optional(),
  clerkPhone: text.optional(),
  reviewer: text.optional(),
  /** 负责人 */
  principal: text.optional(),
  /** how dates are written in exports: 'dot' → 1985.06.15 / 1985.06, 'iso' → 1985-06-15, 'cn' → 1985年6月15日 */
  exportDateStyle: labelled(z.enum(['dot', 'iso', 'cn']).optional(), '导出表格中的日期写法', { dot: '1985.06.15', iso: '1985-06-15', cn: '1985年6月15日' }),
  /** 换届 reminder lead times in days */
  termReminderDays: z.array(z.number().int().min(1).max(3650)).max(6).optional(),
  /** a table too wide for A4 at the minimum print size may be laid out on A3 landscape (docs/print-layout.md) */
  allowA3: z.boolean().optional(),
}, {
  reportingUnit: '填报单位',
  clerkName: '经办人（填表人）',
  clerkPhone: '联系电话',
  reviewer: '审核人',
  principal: '负责人',
  termReminderDays: '换届提前提醒天数',
  allowA3: '宽表允许用 A3 纸打印',
}));
export type Settings = Required<Omit<z.output<typeof settingsSchema>, 'reportingUnit'>> & {
  reportingUnit: string;
  /** the 填报单位 to print: the setting, else the root organization's name */
  effectiveReportingUnit: string;
};

export const orgInput = z.strictObject(fields({
  name: text.min(1, '请填写组织全称'),
  shortName: optText,
  type: z.string(),
  /** parent by id (UI) or by name (CLI) */
  parentId: z.number().int().nullable().optional(),
  parent: optText,
  secretaryId: z.number().int().nullable().optional(),
  establishedOn: optText,
  termStart: optText,
  termYears: z.number().int().min(1).max(10).nullable().optional(),
  postponedUntil: optText,
  postponementNote: optText,
  sortOrder: z.number().int().optional(),
}, {
  // as the organization form (OrgForm) labels them
  name: '组织全称',
  shortName: '简称',
  type: '组织类型',
  parentId: '上级组织',
  parent: '上级组织',
  secretaryId: '书记',
  establishedOn: '成立日期',
  termStart: '本届任期开始',
  termYears: '任期年限',
  postponedUntil: '延期换届截止',
  postponementNote: '延期批准说明',
  sortOrder: '排序',
}));

/** 'due180' / 'due90' / 'due30' (the configured lead time reached), 'overdue', 'ok', or 'none' (no term) */
export type TermReminder = TermReminderLevel;

export interface OrgDto {
  id: number;
  name: string;
  shortName: string | null;
  type: string;
  parentId: number | null;
  parent: string | null;
  secretaryId: number | null;
  secretary: string | null;
  establishedOn: string | null;
  termStart: string | null;
  termYears: number | null;
  termEnd: string | null;
  postponedUntil: string | null;
  postponementNote: string | null;
  /** the deadline that counts: the approved postponement, else termEnd */
  termDeadline: string | null;
  termReminder: TermReminder;
  /** days until the deadline (negative when overdue) */
  termDaysLeft: number | null;
  sortOrder: number;
  /** members on the roll directly in this organization */
  memberCount: number;
}

/** the member record, labelled as the member form labels it (FIELD_LABELS) */
export const memberInput = z.strictObject(fields({
  name: text,
  idNumber: text,
  gender: optText,
  ethnicity: optText,
  birthDate: optText,
  education: optText,
  degree: optText,
  category: optText,
  joinedOn: optText,
  confirmedOn: optText,
  /** organization by full or short name (CLI, import) or by id (UI) */
  org: optText,
  orgId: z.number().int().nullable().optional(),
  jobPosition: optText,
  workUnit: optText,
  nativePlace: optText,
  phone: optText,
  landline: optText,
  address: optText,
  householdReg: optText,
  partyPost: optText,
  workStart: optText,
  status: optText,
  isLost: flag,
  lostOn: optText,
  isMobile: flag,
  outflow: optText,
  remark: optText,
}, FIELD_LABELS));
export type MemberInput = z.input<typeof memberInput>;

export interface MemberDto {
  id: number;
  name: string;
  gender: string;
  ethnicity: string;
  birthDate: string;
  idNumber: string;
  idNeedsReview: boolean;
  education: string;
  degree: string;
  category: string;
  joinedOn: string;
  /** "" when none */
  confirmedOn: string;
  orgId: number;
  org: string;
  phone: string;
  landline: string;
  jobPosition: string;
  workUnit: string;
  nativePlace: string;
  address: string;
  householdReg: string;
  partyPost: string;
  workStart: string;
  status: string;
  roll: string;
  leftOn: string;
  isLost: boolean;
  lostOn: string;
  isMobile: boolean;
  outflow: string;
  remark: string;
}

export const memberSortFields = [
  'name', 'gender', 'ethnicity', 'birthDate', 'idNumber', 'education', 'category', 'joinedOn',
  'confirmedOn', 'org', 'status', 'roll',
] as const;

/** the roster's filter (members.list, the roster export), labelled once for both */
export const memberFilter = z.strictObject(fields({
  /** name, pinyin initials (zs → 张三) or an ID-number fragment */
  search: optText,
  orgId: z.number().int().nullable().optional(),
  org: optText,
  /** include sub-organizations of orgId/org (default true) */
  includeSubOrgs: z.boolean().optional(),
  category: optText,
  gender: optText,
  ethnicity: optText,
  education: optText,
  /** label of AGE_BANDS */
  ageBand: optText,
  /** label of PARTY_AGE_BANDS */
  partyAgeBand: optText,
  status: optText,
  /** '在册' (default), 'all', or one roll value */
  roll: optText,
}, {
  category: FIELD_LABELS.category,
  gender: FIELD_LABELS.gender,
  ethnicity: FIELD_LABELS.ethnicity,
  education: FIELD_LABELS.education,
  status: FIELD_LABELS.status,
  roll: FIELD_LABELS.roll,
  search: '查找',
  orgId: '党组织',
  org: '党组织',
  includeSubOrgs: '包含下级组织',
  ageBand: '年龄段',
  partyAgeBand: '党龄段',
}));
export type MemberFilter = z.input<typeof memberFilter>;

/** a page of rows: where it starts and how many (the checklist pages the same way) */
export const pageInput = {
  offset: labelled(z.number().int().min(0).optional(), '起始行'),
  /** page size; null = everything (the CLI) */
  limit: labelled(z.number().int().min(1).max(1000).nullable().optional(), '每页条数'),
};

export const memberListInput = memberFilter.extend({
  sortBy: labelled(z.enum(memberSortFields).optional(), '排序字段', FIELD_LABELS),
  sortOrder: labelled(z.enum(['asc', 'desc']).optional(), '排序方向', { asc: '升序', desc: '降序' }),
  ...pageInput,
});

export interface MemberEventDto {
  id: number;
  type: string;
  date: string;
  detail: string;
  fromOrg: string | null;
  toOrg: string | null;
  recordedAt: string;
  recordedBy: string;
}

export type { AuditEntryDto } from '../../contract/audit.ts';
import type { AuditEntryDto } from '../../contract/audit.ts';

export interface MemberCheck {
  errors: Issue[];
  warnings: Issue[];
  /** values the ID number implies (filled into the form as the clerk types) */
  derived: { gender?: string; birthDate?: string; idNumber?: string };
}

const memberId = labelled(z.number().int(), '党员');
const orgId = labelled(z.number().int(), '党组织');
const jobId = labelled(z.string().max(200), '任务编号');
const exportName = labelled(z.string().max(100), '表格名称');
const columns = labelled(z.array(z.string().max(100)).max(200), '导出的列');

export const coreOps = {
  'settings.get': op<Settings>()(z.strictObject({})),
  'settings.save': op<Settings>()(settingsSchema),

  'orgs.list': op<OrgDto[]>()(z.strictObject({})),
  'orgs.save': op<OrgDto>()(z.strictObject({ id: labelled(orgId.optional(), '组织'), org: labelled(orgInput, '组织信息') })),
  'orgs.delete': op<{ deleted: true }>()(z.strictObject({ org: orgRef })),

  'members.check': op<MemberCheck>()(z.strictObject({ id: memberId.optional(), member: labelled(memberInput, '党员信息') })),
  'members.save': op<{ member: MemberDto; warnings: Issue[] }>()(
    z.strictObject({ id: memberId.optional(), member: labelled(memberInput, '党员信息') }),
  ),
  'members.list': op<{ rows: MemberDto[]; total: number }>()(memberListInput),
  'members.get': op<{ member: MemberDto; events: MemberEventDto[]; history: AuditEntryDto[] }>()(
    z.strictObject({ id: memberId }),
  ),
  'members.move': op<{ moved: number }>()(
    z.strictObject({
      ids: labelled(z.array(z.number().int()).min(1).max(100_000), '选中的党员'),
      orgId: labelled(z.number().int(), '调整到的党组织'),
    }),
  ),
  'members.recordEvent': op<{ member: MemberDto }>()(
    z.strictObject(fields({
      member: memberRef,
      type: z.string().max(20),
      date: text,
      detail: optText,
      toOrg: labelled(orgRef.nullable().optional(), '转入到'),
    }, { type: '变动类型', date: '日期', detail: '说明' })),
  ),

  'jobs.progress': op<JobProgress>()(z.strictObject({ jobId })),
  'jobs.cancel': op<JobProgress>()(z.strictObject({ jobId })),

  /** every registered table: name, title, the module, the flags its input takes */
  'exports.list': op<ExportInfo[]>()(z.strictObject({})),
  /** any registered table as a job whose result is the file */
  'exports.run': jobOp<FileResult>()(
    z.strictObject({
      name: exportName,
      /** checked by the table's own input schema (its labels name its fields) */
      input: labelled(z.record(z.string(), z.unknown()).optional(), '导出条件'),
      /** this time only: these columns in this order (else the kept choice) */
      columns: columns.optional(),
    }),
  ),
  'exports.columns': op<ExportColumns>()(z.strictObject({ name: exportName })),
  'exports.saveColumns': op<ExportColumns>()(z.strictObject({ name: exportName, columns })),

  /** what is due, from every module (the home page) */
  'reminders.list': op<ReminderDto[]>()(
    z.strictObject({ org: orgRef.nullable().optional(), asOf: labelled(isoDate.nullable().optional(), '截至日期') }),
  ),
};

export interface ExportFlag {
  /** the schema key and the CLI flag (--org, --year, --id-number …) */
  key: string;
  flag: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'list';
  required: boolean;
}

export interface ExportInfo {
  name: string;
  title: string;
  module: string;
  confidential: boolean;
  flags: ExportFlag[];
  choosableColumns: boolean;
}

export interface ExportColumns {
  name: string;
  available: { key: string; label: string; required: boolean }[];
  chosen: string[];
}

export type { FileResult };

declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    core: typeof coreOps;
  }
}
