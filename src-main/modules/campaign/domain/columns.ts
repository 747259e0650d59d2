import { FINDING_CATEGORIES, HANDLING_OUTCOMES, RELIGIONS } from './enums.ts';

// Column catalogues of the three campaign tables. The official layouts are not published
// (docs/domain/religion-campaign.md#tables), so the clerk picks and orders columns per table through the
// export registry; these catalogues are what can be picked, in default order. Shapes match the shared
// layout helper's LayoutColumn, with the stable key the stored choice needs.

export interface CampaignColumn<R> {
  key: string;
  header: string | string[];
  width?: number;
  type?: 'text' | 'number' | 'money' | 'percent';
  /** long text printed whole on several lines (organization names: docs/domain/printing.md#conventions) */
  wrap?: boolean;
  value: (row: R, index: number) => string | number | null;
}

export const CAMPAIGN_TABLES = ['progress', 'findings', 'ledger'] as const;
export type CampaignTable = (typeof CAMPAIGN_TABLES)[number];

export const TABLE_TITLES: Record<CampaignTable, string> = {
  progress: '党员信教问题专项整治工作推进情况统计表',
  findings: '排查出的党员信教情况统计表',
  ledger: '党员承诺书签订台账',
};

/**
 * one organization's row of docs/domain/religion-campaign.md#progress-table (counts of its own members, left
 * members excluded)
 */
export interface ProgressTableRow {
  org: string;
  members: number;
  formal: number;
  probationary: number;
  screened: number;
  screenRate: number;
  talks: number;
  visits: number;
  signed: number;
  signRate: number;
  believers: number;
  byFinding: Record<string, number>;
  byReligion: Record<string, number>;
  byOutcome: Record<string, number>;
  addedLater: number;
  left: number;
}

/** one member found (docs/domain/religion-campaign.md#findings-table); dates already formatted for print */
export interface FindingTableRow {
  org: string;
  name: string;
  gender: string;
  ethnicity: string;
  birth: string;
  category: string;
  position: string;
  religion: string;
  finding: string;
  manifestations: string;
  outcome: string;
  handledOn: string;
  state: string;
  note: string;
}

/**
 * one member of the signing ledger (docs/domain/religion-campaign.md#signing-ledger); dates already formatted
 * for print
 */
export interface LedgerTableRow {
  org: string;
  name: string;
  category: string;
  signedOn: string;
  templateVersion: string;
  confirmed: string;
  notSignedReason: string;
  makeupOn: string;
  handler: string;
  paperLocation: string;
  note: string;
}

const seq = <R,>(): CampaignColumn<R> => ({ key: 'seq', header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 });

export const PROGRESS_COLUMNS: CampaignColumn<ProgressTableRow>[] = [
  seq(),
  { key: 'org', header: '单位/党组织名称', width: 28, wrap: true, value: (r) => r.org },
  { key: 'members', header: ['党员总数', '合计'], width: 8, type: 'number', value: (r) => r.members },
  { key: 'formal', header: ['党员总数', '正式党员'], width: 8, type: 'number', value: (r) => r.formal },
  { key: 'probationary', header: ['党员总数', '预备党员'], width: 8, type: 'number', value: (r) => r.probationary },
  { key: 'screened', header: ['排查情况', '已排查党员数'], width: 10, type: 'number', value: (r) => r.screened },
  { key: 'screenRate', header: ['排查情况', '排查覆盖率(%)'], width: 10, type: 'number', value: (r) => r.screenRate },
  { key: 'talks', header: ['排查情况', '谈心谈话人次'], width: 10, type: 'number', value: (r) => r.talks },
  { key: 'visits', header: ['排查情况', '走访人次'], width: 8, type: 'number', value: (r) => r.visits },
  { key: 'shouldSign', header: ['承诺书签订', '应签订人数'], width: 10, type: 'number', value: (r) => r.members },
  { key: 'signed', header: ['承诺书签订', '已签订人数'], width: 10, type: 'number', value: (r) => r.signed },
  { key: 'signRate', header: ['承诺书签订', '签订率(%)'], width: 9, type: 'number', value: (r) => r.signRate },
  { key: 'believers', header: ['排查出的问题', '合计'], width: 8, type: 'number', value: (r) => r.believers },
  ...FINDING_CATEGORIES.map((f): CampaignColumn<ProgressTableRow> => ({
    key: `finding:${f}`, header: ['排查出的问题', f], width: 10, type: 'number', value: (r) => r.byFinding[f] ?? 0,
  })),
  ...RELIGIONS.map((g): CampaignColumn<ProgressTableRow> => ({
    key: `religion:${g}`, header: ['信教类别', g], width: 7, type: 'number', value: (r) => r.byReligion[g] ?? 0,
  })),
  ...HANDLING_OUTCOMES.map((o): CampaignColumn<ProgressTableRow> => ({
    key: `outcome:${o.label}`, header: ['处置情况', o.label], width: 8, type: 'number', value: (r) => r.byOutcome[o.label] ?? 0,
  })),
  { key: 'addedLater', header: ['人员变动', '期间新增'], width: 8, type: 'number', value: (r) => r.addedLater },
  { key: 'left', header: ['人员变动', '期间减少'], width: 8, type: 'number', value: (r) => r.left },
];

export const FINDINGS_COLUMNS: CampaignColumn<FindingTableRow>[] = [
  seq(),
  { key: 'org', header: '所在党支部', width: 22, wrap: true, value: (r) => r.org },
  { key: 'name', header: '姓名', width: 10, value: (r) => r.name },
  { key: 'gender', header: '性别', width: 5, value: (r) => r.gender },
  { key: 'ethnicity', header: '民族', width: 8, value: (r) => r.ethnicity },
  { key: 'birth', header: '出生年月', width: 10, value: (r) => r.birth },
  { key: 'category', header: '人员类别', width: 9, value: (r) => r.category },
  { key: 'position', header: '工作岗位及职务', width: 16, value: (r) => r.position },
  ...RELIGIONS.map((g): CampaignColumn<FindingTableRow> => ({
    key: `religion:${g}`, header: ['信教类别', g], width: 6, value: (r) => (r.religion === g ? '√' : ''),
  })),
  { key: 'finding', header: '情形认定', width: 12, value: (r) => r.finding },
  { key: 'manifestations', header: '主要表现', width: 24, value: (r) => r.manifestations },
  { key: 'outcome', header: '处置方式/结果', width: 14, value: (r) => r.outcome },
  { key: 'handledOn', header: '处置时间', width: 11, value: (r) => r.handledOn },
  { key: 'state', header: '目前状态', width: 12, value: (r) => r.state },
  { key: 'note', header: '备注', width: 14, value: (r) => r.note },
];

export const LEDGER_COLUMNS: CampaignColumn<LedgerTableRow>[] = [
  seq(),
  { key: 'org', header: '所在党支部', width: 22, wrap: true, value: (r) => r.org },
  { key: 'name', header: '姓名', width: 10, value: (r) => r.name },
  { key: 'category', header: '人员类别', width: 9, value: (r) => r.category },
  { key: 'signedOn', header: '签订日期', width: 11, value: (r) => r.signedOn },
  { key: 'templateVersion', header: '承诺书版本', width: 9, value: (r) => r.templateVersion },
  { key: 'confirmed', header: '本人签字确认', width: 8, value: (r) => r.confirmed },
  { key: 'notSignedReason', header: '未签原因', width: 9, value: (r) => r.notSignedReason },
  { key: 'makeupOn', header: '补签日期', width: 11, value: (r) => r.makeupOn },
  { key: 'handler', header: '经办人', width: 9, value: (r) => r.handler },
  { key: 'paperLocation', header: '纸质件存放', width: 14, value: (r) => r.paperLocation },
  { key: 'note', header: '备注', width: 14, value: (r) => r.note },
];

export const TABLE_COLUMNS: Record<CampaignTable, CampaignColumn<any>[]> = {
  progress: PROGRESS_COLUMNS,
  findings: FINDINGS_COLUMNS,
  ledger: LEDGER_COLUMNS,
};
