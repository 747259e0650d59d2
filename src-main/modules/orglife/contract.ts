import { z } from 'zod';
import { op, type FileResult } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import { isoDate, memberRef, orgRef, period, year } from '../../contract/refs.ts';
import type { AuditEntryDto } from '../../contract/audit.ts';
import { ABSENCE_KINDS } from './domain/attendance.ts';
import { VOTE_KINDS } from './domain/quorum.ts';
import { ATTENDEE_RULES, LECTURER_KINDS, PANEL_KINDS } from './domain/types.ts';

// Operations of organizational life and study (docs/domain/org-life.md): the activity register with
// attendance by exception, the compliance board, excused members, 中心组 / 党组 lists, attachments,
// batch entry from a clerk's register, training classes and study hours. The CLI's JSON keys are
// the schema keys (`activity add --json '{"org":…,"type":…}'`).

const text = z.string().max(2000);
const optText = z.union([text, z.null()]).optional();
const longText = z.union([z.string().max(100_000), z.null()]).optional();
const id = z.number().int().positive();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 HH:MM，如 09:30');
const hours = z.number().min(0).max(1000);
const count = z.number().int().min(0).max(100_000);

const ballot = (label: string) =>
  labelled(z.strictObject(fields({ for: count, against: count, abstain: count }, { for: '赞成', against: '反对', abstain: '弃权' })), label);

const voteInput = z.strictObject(
  fields(
    {
      for: count,
      against: count,
      abstain: count,
      kind: z.enum(VOTE_KINDS).optional(),
      written: ballot('书面意见').nullable().optional(),
    },
    { for: '赞成', against: '反对', abstain: '弃权', kind: '表决事项类别', written: '书面意见' },
  ),
);

const absentee = z.strictObject(
  fields(
    { idNumber: text.optional(), memberId: id.optional(), kind: z.enum(ABSENCE_KINDS), reason: optText },
    { idNumber: '公民身份号码', memberId: '党员', kind: '缺席类别', reason: '原因' },
  ),
);

const attachmentIn = z.strictObject(
  fields({ fileName: z.string().min(1).max(255), bytes: z.instanceof(Uint8Array) }, { fileName: '文件名', bytes: '文件内容' }),
);

/** every field of an activity (add: org or orgs, type and date required; edit: any of them) */
const activityShape = fields(
  {
    org: orgRef.optional(),
    orgs: z.array(orgRef).min(1).max(50).optional(),
    type: z.string().min(1).max(50),
    date: isoDate,
    start: z.union([hhmm, z.null()]).optional(),
    end: z.union([hhmm, z.null()]).optional(),
    place: optText,
    chair: optText,
    recorder: optText,
    lecturer: labelled(
      z.strictObject(fields({ name: z.string().min(1).max(100), kind: z.enum(LECTURER_KINDS) }, { name: '主讲人姓名', kind: '主讲人类别' })),
      '主讲人',
    ).nullable().optional(),
    topic: optText,
    firstTopic: optText,
    tags: z.array(z.string().min(1).max(40)).max(20).optional(),
    content: longText,
    decisions: longText,
    votes: voteInput.nullable().optional(),
    absent: z.array(absentee).max(100_000).optional(),
    guests: z.array(z.string().min(1).max(100)).max(200).optional(),
    hours: hours.nullable().optional(),
    attachments: z.array(attachmentIn).max(20).optional(),
  },
  {
    org: '党组织', orgs: '联合开展的党组织', type: '活动类型', date: '会议日期', start: '开始时间', end: '结束时间', place: '地点',
    chair: '主持人', recorder: '记录人', lecturer: '主讲人', topic: '主题/议题', firstTopic: '第一议题', tags: '专题标签',
    content: '会议内容', decisions: '决议事项', votes: '表决情况', absent: '缺席人员', guests: '列席人员', hours: '学时',
    attachments: '附件',
  },
);

export const activityInput = z.strictObject(activityShape);
export type ActivityInput = z.input<typeof activityInput>;
/** every key optional (labels stay: labelOf looks through the optional wrapper) */
function optionalShape<T extends z.ZodRawShape>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, (v as z.ZodType).optional()])) as unknown as { [K in keyof T]: z.ZodOptional<T[K]> };
}

export const activityEdit = z.strictObject({ id: labelled(id, '活动编号'), ...optionalShape(activityShape) });
export type ActivityEdit = z.input<typeof activityEdit>;

const scope = fields(
  { org: orgRef.nullable().optional(), withSubOrgs: z.boolean().optional() },
  { org: '党组织', withSubOrgs: '含下级组织' },
);

export interface OrgName {
  id: number;
  name: string;
}

export interface CountsDto {
  expected: number;
  present: number;
  onLeave: number;
  absent: number;
  excused: number;
}

export interface ActivityTypeDto {
  name: string;
  aliases: string[];
  holders: string[];
  attendees: (typeof ATTENDEE_RULES)[number];
  panel: string | null;
  quorum: boolean;
  votes: boolean;
  sortOrder: number;
}

export interface FrequencyDto {
  type: string;
  /** month | quarter | half | year, or null (recorded, not required) */
  unit: 'month' | 'quarter' | 'half' | 'year' | null;
  unitLabel: string;
  orgTypes: string[];
  needsCommittee: boolean;
  remindFromMonth: number | null;
}

export interface ActivityRowDto extends CountsDto {
  id: number;
  type: string;
  date: string;
  start: string | null;
  end: string | null;
  orgs: OrgName[];
  topic: string | null;
  firstTopic: string | null;
  tags: string[];
  chair: string | null;
  recorder: string | null;
  lecturer: { name: string; kind: string } | null;
  hours: number | null;
  /** null for types without a quorum rule */
  quorumMet: boolean | null;
  attachments: number;
}

export interface AttendeeDto {
  memberId: number;
  name: string;
  idNumber: string;
  orgId: number;
  org: string;
  /** 出席, 请假, 因公, 病假, 缺席, 免计 */
  status: string;
  reason: string | null;
  voting: boolean;
}

export interface AttachmentDto {
  id: number;
  fileName: string;
  mime: string;
  size: number;
  addedAt: string;
}

export interface VotesDto {
  kind: string;
  for: number;
  against: number;
  abstain: number;
  written: { for: number; against: number; abstain: number } | null;
  passed: boolean;
}

export interface ActivityDto extends ActivityRowDto {
  place: string | null;
  content: string | null;
  decisions: string | null;
  votes: VotesDto | null;
  guests: string[];
  votingExpected: number;
  votingPresent: number;
  perOrg: (CountsDto & OrgName)[];
  attendance: AttendeeDto[];
  attachmentList: AttachmentDto[];
  history: AuditEntryDto[];
}

export interface SaveResult extends CountsDto {
  id: number;
  quorumMet: boolean | null;
  votePassed: boolean | null;
  /** one entry per organization of a joint activity (absent for a single organization) */
  perOrg?: (CountsDto & { org: string })[];
  /** saved, but worth saying (不足法定人数 …) */
  warnings: string[];
}

export interface RosterMemberDto {
  memberId: number;
  name: string;
  idNumber: string;
  orgId: number;
  org: string;
  voting: boolean;
  post: string | null;
  /** left out of 应到, with the reason */
  excused: string | null;
}

export interface RosterDto {
  type: string;
  attendees: string;
  members: RosterMemberDto[];
  /** why the list is empty or what it is based on */
  note: string | null;
}

export interface ComplianceEntryDto {
  orgId: number;
  org: string;
  type: string;
  unit: string;
  required: number;
  held: number;
  missing: string[];
  notYetDue: string[];
  heldAhead: string[];
  rate: number | null;
}

export interface BoardCellDto {
  type: string;
  /** the unit's spelling (2026-04, 2026-Q2 …) */
  unit: string;
  state: 'held' | 'missing' | 'notYetDue';
  count: number;
}

export interface BoardRowDto {
  orgId: number;
  org: string;
  required: number;
  held: number;
  rate: number | null;
  /** 实到 / 应到 over the period's activities, 2 places */
  attendanceRate: number | null;
  missing: number;
  /** by month (YYYY-MM): the units that end in that month (or at the period's end) */
  cells: Record<string, BoardCellDto[]>;
}

export interface BoardDto {
  period: { key: string; label: string; start: string; end: string };
  months: string[];
  types: { type: string; unit: string; short: string }[];
  /** lagging organizations first (lowest rate, then most missing) */
  rows: BoardRowDto[];
  total: { required: number; held: number; rate: number | null; attendanceRate: number | null; orgs: number; lagging: number };
  /** for the chart: per month, units due that ended then, held or missing, and attendance */
  monthly: { month: string; held: number; missing: number; expected: number; present: number }[];
}

export interface ExcuseDto {
  id: number;
  memberId: number;
  name: string;
  idNumber: string;
  org: string;
  reason: string;
  from: string;
  until: string | null;
  note: string | null;
}

export interface PanelMemberDto {
  id: number;
  orgId: number;
  org: string;
  kind: string;
  memberId: number;
  name: string;
  idNumber: string;
  role: string | null;
  from: string;
  until: string | null;
}

export interface ImportColumnDto {
  index: number;
  heading: string;
  field: string | null;
}

export interface ImportRowDto {
  /** the sheet's row number */
  row: number;
  org: string | null;
  type: string | null;
  date: string | null;
  topic: string | null;
  absent: string[];
  expected: number | null;
  present: number | null;
  errors: string[];
  warnings: string[];
}

export interface ImportPreviewDto {
  sheet: string;
  headerRow: number;
  columns: ImportColumnDto[];
  /** the fields a column may be mapped to: key and Chinese label */
  fields: { key: string; label: string }[];
  rows: ImportRowDto[];
  ok: number;
  failed: number;
}

export interface TrainingDto {
  id: number;
  title: string;
  kind: string;
  level: string;
  orgId: number;
  org: string;
  start: string;
  end: string;
  hours: number;
  place: string | null;
  note: string | null;
  participants: { memberId: number; name: string; idNumber: string; org: string }[];
  /** 人次 */
  personTimes: number;
  history: AuditEntryDto[];
}

export interface TrainingRowDto {
  id: number;
  title: string;
  kind: string;
  level: string;
  org: string;
  start: string;
  end: string;
  hours: number;
  personTimes: number;
  /** hours × participants */
  totalHours: number;
}

export interface MemberHoursDto {
  memberId: number;
  idNumber: string;
  name: string;
  org: string;
  post: string | null;
  trainingHours: number;
  activityHours: number;
  hours: number;
  target: number;
  met: boolean;
}

export interface TargetDto {
  key: string;
  label: string;
  hours: number;
}

const trainingShape = fields(
  {
    title: z.string().min(1).max(200),
    kind: z.string().min(1).max(50),
    level: z.string().min(1).max(10),
    org: orgRef,
    start: isoDate,
    end: isoDate,
    hours,
    place: optText,
    note: optText,
    participants: z.array(memberRef).max(100_000),
  },
  {
    title: '培训名称', kind: '培训类别', level: '举办层级', org: '党组织', start: '开始日期', end: '结束日期', hours: '学时',
    place: '地点', note: '备注', participants: '参训人员',
  },
);

const fileIn = fields(
  {
    org: orgRef.nullable().optional(),
    fileName: z.string().min(1).max(255),
    bytes: z.instanceof(Uint8Array),
    mapping: z.record(z.string().max(200), z.union([z.string().max(40), z.null()])).optional(),
  },
  { org: '党组织', fileName: '文件名', bytes: '文件内容', mapping: '列对应' },
);

export const orglifeOps = {
  /** activity types with their aliases and who attends (types are data) */
  'activity.types': op<ActivityTypeDto[]>()(z.strictObject({})),
  'activity.saveType': op<ActivityTypeDto>()(
    z.strictObject(
      fields(
        {
          name: z.string().min(1).max(50),
          aliases: z.array(z.string().min(1).max(50)).max(30).optional(),
          holders: z.array(z.string().max(20)).min(1).max(10).optional(),
          attendees: z.enum(ATTENDEE_RULES).optional(),
          panel: z.union([z.enum(PANEL_KINDS), z.null()]).optional(),
          quorum: z.boolean().optional(),
          votes: z.boolean().optional(),
        },
        { name: '活动类型', aliases: '简称', holders: '可开展的组织类型', attendees: '应到人员', panel: '名单类别', quorum: '须过半数到会', votes: '可表决' },
      ),
    ),
  ),
  'activity.frequencies': op<FrequencyDto[]>()(z.strictObject({})),
  'activity.saveFrequency': op<FrequencyDto>()(
    z.strictObject(
      fields(
        {
          type: z.string().min(1).max(50),
          unit: z.union([z.enum(['month', 'quarter', 'half', 'year']), z.null()]),
          orgTypes: z.array(z.string().max(20)).min(1).max(10).optional(),
          needsCommittee: z.boolean().optional(),
          remindFromMonth: z.union([z.number().int().min(1).max(12), z.null()]).optional(),
        },
        { type: '活动类型', unit: '频次', orgTypes: '适用组织类型', needsCommittee: '仅限设支部委员会的组织', remindFromMonth: '从几月起提醒' },
      ),
    ),
  ),
  /** who should attend: the expected members for the entry form (the same rule as add) */
  'activity.roster': op<RosterDto>()(
    z.strictObject(fields({ org: orgRef.optional(), orgs: z.array(orgRef).min(1).max(50).optional(), type: z.string().min(1).max(50), date: isoDate }, {
      org: '党组织', orgs: '联合开展的党组织', type: '活动类型', date: '会议日期',
    })),
  ),
  'activity.add': op<SaveResult>()(activityInput),
  'activity.edit': op<SaveResult>()(activityEdit),
  'activity.delete': op<{ deleted: true }>()(z.strictObject({ id: labelled(id, '活动编号') })),
  'activity.get': op<ActivityDto>()(z.strictObject({ id: labelled(id, '活动编号') })),
  /** the last activity of a type held by the organization (copy-last in the entry form) */
  'activity.last': op<ActivityDto | null>()(
    z.strictObject(fields({ org: orgRef, type: z.string().min(1).max(50), before: isoDate.nullable().optional() }, { org: '党组织', type: '活动类型', before: '日期之前' })),
  ),
  /** paged in SQL, newest first */
  'activity.list': op<{ rows: ActivityRowDto[]; total: number }>()(
    z.strictObject({
      ...scope,
      ...fields(
        {
          period: period.nullable().optional(),
          type: optText,
          tag: optText,
          search: optText,
          offset: z.number().int().min(0).optional(),
          limit: z.number().int().min(1).max(100_000).nullable().optional(),
        },
        { period: '期间', type: '活动类型', tag: '专题标签', search: '查找', offset: '起始行', limit: '每页行数' },
      ),
    }),
  ),
  'activity.compliance': op<ComplianceEntryDto[]>()(
    z.strictObject({ ...scope, ...fields({ period, type: optText }, { period: '期间', type: '活动类型' }) }),
  ),
  'activity.board': op<BoardDto>()(z.strictObject({ ...scope, ...fields({ period }, { period: '期间' }) })),
  'activity.tags': op<{ name: string; count: number }[]>()(z.strictObject({})),
  'activity.attach': op<AttachmentDto>()(
    z.strictObject(fields({ activityId: id, fileName: z.string().min(1).max(255), bytes: z.instanceof(Uint8Array) }, {
      activityId: '活动编号', fileName: '文件名', bytes: '文件内容',
    })),
  ),
  'activity.attachment': op<FileResult>()(z.strictObject({ id: labelled(id, '附件编号') })),
  'activity.detach': op<{ deleted: true }>()(z.strictObject({ id: labelled(id, '附件编号') })),
  'activity.excused': op<ExcuseDto[]>()(z.strictObject({ ...scope, ...fields({ date: isoDate.nullable().optional() }, { date: '日期' }) })),
  'activity.excuse': op<ExcuseDto>()(
    z.strictObject(
      fields(
        { member: memberRef, reason: z.string().min(1).max(100), from: isoDate, until: isoDate.nullable().optional(), note: optText },
        { member: '党员', reason: '免计原因', from: '起始日期', until: '截止日期', note: '备注' },
      ),
    ),
  ),
  'activity.unexcuse': op<{ deleted: true }>()(z.strictObject({ id: labelled(id, '免计记录编号') })),
  'activity.panel': op<PanelMemberDto[]>()(
    z.strictObject(fields({ org: orgRef, kind: z.enum(PANEL_KINDS), date: isoDate.nullable().optional() }, { org: '党组织', kind: '名单类别', date: '日期' })),
  ),
  'activity.savePanelMember': op<PanelMemberDto>()(
    z.strictObject(
      fields(
        {
          id: id.optional(),
          org: orgRef,
          kind: z.enum(PANEL_KINDS),
          member: memberRef,
          role: optText,
          from: isoDate,
          until: isoDate.nullable().optional(),
        },
        { id: '名单记录编号', org: '党组织', kind: '名单类别', member: '党员', role: '职务', from: '起始日期', until: '截止日期' },
      ),
    ),
  ),
  'activity.removePanelMember': op<{ deleted: true }>()(z.strictObject({ id: labelled(id, '名单记录编号') })),
  /** a clerk's own register (三会一课登记表) read through its header; nothing is saved */
  'activity.importPreview': op<ImportPreviewDto>()(z.strictObject(fileIn)),
  /** the same file saved: every row or none (one transaction) */
  'activity.importCommit': op<{ added: number; ids: number[] }>()(z.strictObject(fileIn)),

  'training.add': op<{ id: number; personTimes: number }>()(z.strictObject(trainingShape)),
  'training.edit': op<{ id: number; personTimes: number }>()(z.strictObject({ id: labelled(id, '培训编号'), ...optionalShape(trainingShape) })),
  'training.delete': op<{ deleted: true }>()(z.strictObject({ id: labelled(id, '培训编号') })),
  'training.get': op<TrainingDto>()(z.strictObject({ id: labelled(id, '培训编号') })),
  'training.list': op<TrainingRowDto[]>()(
    z.strictObject({ ...scope, ...fields({ year: year.nullable().optional() }, { year: '年度' }) }),
  ),
  /** per member: training hours + hours of activities attended, against the target */
  'training.hours': op<MemberHoursDto[]>()(z.strictObject({ ...scope, ...fields({ year }, { year: '年度' }) })),
  'training.targets': op<TargetDto[]>()(z.strictObject({})),
  'training.saveTarget': op<TargetDto>()(
    z.strictObject(fields({ key: z.enum(['member', 'committee']), hours }, { key: '对象', hours: '年度学时目标' })),
  ),
};

declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    orglife: typeof orglifeOps;
  }
}

// pure code the orglife pages show (the renderer's door: docs/architecture.md#layers)
export { ABSENCE_KINDS, EXCUSE_REASONS, LEAVE_KINDS } from './domain/attendance.ts';
export { VOTE_KINDS, hasQuorum, votePasses } from './domain/quorum.ts';
export { LECTURER_KINDS, PANEL_KINDS, ORG_TYPES_ALL } from './domain/types.ts';
export { TRAINING_KINDS, TRAINING_LEVELS } from './domain/training.ts';
export { UNIT_LABELS } from './domain/compliance.ts';
