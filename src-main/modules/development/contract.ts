import { z } from 'zod';
import { op } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import { isoDate, memberRef, orgRef } from '../../contract/refs.ts';
import type { DueItem } from './domain/rules.ts';

// Operations of the development pipeline (docs/domain/development.md): people who are not yet members,
// from the written application to the admission meeting, which enters them into the member registry as
// 预备党员 (through the core module's members.save). The time rules refuse a step unless overridden with a
// reason, which is kept.

export { JOIN_TYPES, REVIEW_KINDS, STAGES, type DueItem, type Stage } from './domain/rules.ts';
export type { VoteCount } from '../../domain/votes.ts';

const text = z.string().max(200);
const optText = z.union([z.string().max(500), z.null()]).optional();
const optDate = z.union([z.string().max(20), z.null()]).optional();

/** someone in the development register: by id (the UI) or 公民身份号码 (CLI, imports) */
export const personRef = labelled(z.union([z.number().int().positive(), z.string().min(1).max(40)]), '发展党员对象');

const PERSON_LABELS = {
  name: '姓名', idNumber: '公民身份号码', gender: '性别', ethnicity: '民族', birthDate: '出生日期', education: '学历', phone: '联系电话',
  jobPosition: '工作岗位', workUnit: '工作单位及职务', org: '所在党组织', appliedOn: '申请入党日期', talkedOn: '谈话日期', joinType: '入党类型',
  remark: '备注', activistOn: '确定入党积极分子日期', candidateOn: '确定发展对象日期', contacts: '培养联系人', sponsors: '入党介绍人',
  politicalReviewOn: '政治审查日期', politicalReviewResult: '政治审查结论', trainingFrom: '集中培训开始日期', trainingTo: '集中培训结束日期',
  trainingHours: '集中培训学时', trainingCert: '培训结业证书编号', publicityFrom: '公示开始日期', publicityTo: '公示结束日期',
  preReviewOn: '上级党委预审日期', volunteerFormNo: '入党志愿书编号', approvalOn: '上级党委审批日期', oathOn: '入党宣誓日期',
};

const memberList = z.array(memberRef).max(2);

export const votesInput = z.strictObject(fields({
  expected: z.number().int().min(0).max(100_000),
  present: z.number().int().min(0).max(100_000),
  for: z.number().int().min(0).max(100_000),
  against: z.number().int().min(0).max(100_000),
  abstain: z.number().int().min(0).max(100_000),
  written: z.number().int().min(0).max(100_000).optional(),
}, { expected: '应到会有表决权的正式党员', present: '实到会有表决权的正式党员', for: '赞成票', against: '反对票', abstain: '弃权票', written: '书面意见' }));

const override = {
  override: labelled(z.boolean().optional(), '确认特殊情况'),
  reason: labelled(optText, '特殊情况的理由'),
};

/** what a person's record may be changed to (dev edit, the detail drawer) */
export const personPatch = z.strictObject(fields({
  name: text.optional(),
  gender: optText,
  ethnicity: optText,
  birthDate: optDate,
  education: optText,
  phone: optText,
  jobPosition: optText,
  workUnit: optText,
  org: orgRef.optional(),
  appliedOn: z.string().max(20).optional(),
  talkedOn: optDate,
  activistOn: optDate,
  candidateOn: optDate,
  contacts: memberList.optional(),
  sponsors: memberList.optional(),
  politicalReviewOn: optDate,
  politicalReviewResult: optText,
  trainingFrom: optDate,
  trainingTo: optDate,
  trainingHours: z.number().int().min(0).max(1000).nullable().optional(),
  trainingCert: optText,
  publicityFrom: optDate,
  publicityTo: optDate,
  preReviewOn: optDate,
  volunteerFormNo: optText,
  approvalOn: optDate,
  oathOn: optDate,
  joinType: optText,
  remark: optText,
}, PERSON_LABELS));

export interface PersonRefDto {
  id: number;
  name: string;
  idNumber: string;
}

export interface OverrideDto {
  /** the rule set aside, as the refusal named it */
  rule: string;
  code: string;
  reason: string;
  /** the date of the step it was set aside for */
  date: string;
  stage: string;
}

export interface ReviewDto {
  id: number;
  kind: string;
  date: string;
  reviewer: string;
  summary: string;
}

/** `dev list --json`: one person */
export interface DevListItem {
  id: number;
  idNumber: string;
  name: string;
  org: string;
  orgId: number;
  stage: string;
  appliedOn: string;
  talkedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  admittedOn: string | null;
  overrides: OverrideDto[];
  /** what is due within a month or overdue */
  due: DueItem[];
}

export interface DevPersonDto extends DevListItem {
  gender: string;
  ethnicity: string;
  birthDate: string;
  education: string;
  phone: string;
  jobPosition: string;
  workUnit: string;
  contacts: PersonRefDto[];
  sponsors: PersonRefDto[];
  politicalReviewOn: string | null;
  politicalReviewResult: string;
  trainingFrom: string | null;
  trainingTo: string | null;
  trainingHours: number | null;
  trainingCert: string;
  publicityFrom: string | null;
  publicityTo: string | null;
  preReviewOn: string | null;
  volunteerFormNo: string;
  votes: { expected: number; present: number; for: number; against: number; abstain: number; written?: number } | null;
  approvalOn: string | null;
  oathOn: string | null;
  joinType: string;
  /** the member record made at the admission meeting */
  memberId: number | null;
  remark: string;
  reviews: ReviewDto[];
}

export interface DevBoardBranch {
  orgId: number;
  org: string;
  applicants: number;
  activists: number;
  candidates: number;
  /** 预备党员 on the branch's roll (the member registry) */
  probationary: number;
}

export interface DevDueEntry extends DueItem {
  idNumber: string;
  name: string;
  org: string;
  stage: string;
}

export interface DevBoardDto {
  asOf: string;
  branches: DevBoardBranch[];
  /** due this month or overdue, earliest first */
  due: DevDueEntry[];
}

export interface DevImportResult {
  dryRun: boolean;
  imported: number;
  rows: number;
  /** the file's columns and the fields they were read as */
  mapping: { column: string; field: string | null }[];
  errors: { row: number; message: string }[];
  warnings: { row: number; message: string }[];
}

const stage = labelled(z.string().max(20), '阶段');

export const developmentOps = {
  'dev.add': op<{ person: DevPersonDto; warnings: string[] }>()(
    z.strictObject({
      ...fields({
        name: text.min(1),
        idNumber: z.string().min(1).max(40),
        org: orgRef,
        appliedOn: z.string().max(20),
        gender: optText, ethnicity: optText, birthDate: optDate, education: optText, phone: optText, jobPosition: optText, workUnit: optText,
        talkedOn: optDate, joinType: optText, remark: optText,
      }, PERSON_LABELS),
      ...override,
    }),
  ),
  /** the next stage on a date: 入党积极分子, 发展对象, 预备党员 (the admission meeting, with its votes) */
  'dev.advance': op<{ person: DevPersonDto; warnings: string[] }>()(
    z.strictObject({
      person: personRef,
      stage,
      date: labelled(isoDate, '日期'),
      ...override,
      votes: labelled(votesInput.nullable().optional(), '表决情况'),
      contacts: labelled(memberList.optional(), '培养联系人'),
      sponsors: labelled(memberList.optional(), '入党介绍人'),
    }),
  ),
  'dev.edit': op<{ person: DevPersonDto; warnings: string[] }>()(z.strictObject({ person: personRef, patch: labelled(personPatch, '修改内容') })),
  'dev.delete': op<{ deleted: true; name: string }>()(z.strictObject({ person: personRef })),
  'dev.get': op<DevPersonDto>()(z.strictObject({ person: personRef })),
  'dev.list': op<DevListItem[]>()(
    z.strictObject({
      org: orgRef.nullable().optional(),
      includeSubOrgs: labelled(z.boolean().optional(), '包含下级组织'),
      stage: labelled(z.string().max(20).nullable().optional(), '阶段'),
      asOf: labelled(isoDate.nullable().optional(), '截至日期'),
    }),
  ),
  'dev.addReview': op<DevPersonDto>()(
    z.strictObject(fields({ person: personRef, kind: z.string().max(20), date: isoDate, reviewer: optText, summary: optText }, {
      kind: '类别', date: '日期', reviewer: '考察人', summary: '考察情况',
    })),
  ),
  /** per branch: how many at each stage; who is due for what this month */
  'dev.board': op<DevBoardDto>()(
    z.strictObject({ org: orgRef.nullable().optional(), asOf: labelled(isoDate.nullable().optional(), '截至日期') }),
  ),
  /** an existing applicant / activist list from a spreadsheet (the shared readers; headings mapped here) */
  'dev.import': op<DevImportResult>()(
    z.strictObject(fields({
      bytes: z.instanceof(Uint8Array),
      fileName: z.string().max(260),
      org: orgRef.nullable().optional(),
      dryRun: z.boolean().optional(),
    }, { bytes: '文件内容', fileName: '文件名', org: '默认党组织', dryRun: '只检查不导入' })),
  ),
};

declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    development: typeof developmentOps;
  }
}
