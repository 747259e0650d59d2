import type { FigureDefinition } from '../../../domain/figures.ts';

// The registry's figures for the work report (docs/domain/report.md#membership-and-organizations),
// declared once: members and organizations counted on the report's as-of day, and — until the party
// statistics module gives them by its own rules — the period's movements across the subtree's border.

/** the types counted as 基层党组织 (党小组 and 党组 are not: docs/domain/report.md#membership-and-organizations) */
export const GRASSROOTS_ORG_TYPES = ['党委', '党总支', '党支部', '联合党支部'] as const;

export const CORE_FIGURES: readonly FigureDefinition[] = [
  {
    key: 'members', label: '党员总数', unit: '人', group: '党员队伍', additive: true,
    rule: '统计截止日（期间最后一天，未到则为今天）在所选组织及其下级组织名册上的党员人数，含预备党员，停止党籍的不计',
  },
  {
    key: 'probationaryMembers', label: '预备党员数', unit: '人', group: '党员队伍', additive: true,
    rule: '同一天在册党员中当时仍是预备党员的人数（尚未转正，或转正日期在该日之后）',
  },
  {
    key: 'orgsByType', label: '基层党组织数', unit: '个', group: '组织建设', additive: true,
    param: { kind: 'orgType', label: '组织类型', required: false, values: GRASSROOTS_ORG_TYPES },
    rule: '统计截止日已成立的所选组织及其下级组织个数；不指定类型时为党委、党总支、党支部（含联合党支部）之和，党小组、党组不计',
  },
  // provisional: the party statistics module gives these by the rules of its 党员数量变化情况 table
  {
    key: 'transfersIn', label: '转入党员数', unit: '人', group: '党员队伍', additive: false, fallback: true,
    rule: '期间内从所选范围以外转入或调整进入范围内组织的党员人次；范围内两个组织之间的调整不计',
  },
  {
    key: 'transfersOut', label: '转出党员数', unit: '人', group: '党员队伍', additive: false, fallback: true,
    rule: '期间内从范围内组织转出或调整到范围以外组织的党员人次；范围内两个组织之间的调整不计',
  },
  {
    key: 'deaths', label: '死亡党员数', unit: '人', group: '党员队伍', additive: true, fallback: true,
    rule: '期间内在范围内组织去世的党员人数（按死亡日期）',
  },
  {
    key: 'exits', label: '出党人数', unit: '人', group: '党员队伍', additive: true, fallback: true,
    rule: '期间内从范围内组织出党的人数（按出党日期，含除名、开除党籍、劝退、自行脱党等）',
  },
];
