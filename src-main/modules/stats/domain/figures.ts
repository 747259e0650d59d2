import type { FigureDefinition } from '../../../domain/figures.ts';

// The party statistics' figures of the work report (docs/domain/report.md#membership-and-organizations),
// declared once: the movements of 党员数量变化情况 (docs/domain/statistics.md#balance-equation) at the
// level of the chosen organization — A3 发展党员, A7 转入, E5 转出, E4 死亡, E2 出党. They replace the core
// module's provisional definitions of the same keys (docs/domain/report.md#sources-of-figures). Pure.

/** the line of 党员数量变化情况 each figure counts */
export const STATS_FIGURE_LINES = { newMembers: 'A3', transfersIn: 'A7', transfersOut: 'E5', deaths: 'E4', exits: 'E2' } as const;

export const STATS_FIGURES: readonly FigureDefinition[] = [
  {
    key: 'newMembers', label: '发展党员数', unit: '人', group: '党员队伍', additive: true,
    rule: '期间内在范围内组织入党（党员数量变化情况表 A3 行：新发展和重新入党）的人数',
  },
  {
    key: 'transfersIn', label: '转入党员数', unit: '人', group: '党员队伍', additive: false,
    rule: '期间内转入或调整进入所选组织范围的党员人次（党员数量变化情况表 A7 行）；范围内两个组织之间的调整不计',
  },
  {
    key: 'transfersOut', label: '转出党员数', unit: '人', group: '党员队伍', additive: false,
    rule: '期间内从所选组织范围转出或调整出去的党员人次（党员数量变化情况表 E5 行）；范围内两个组织之间的调整不计',
  },
  {
    key: 'deaths', label: '死亡党员数', unit: '人', group: '党员队伍', additive: true,
    rule: '期间内在范围内组织去世的党员人数（党员数量变化情况表 E4 行）',
  },
  {
    key: 'exits', label: '出党人数', unit: '人', group: '党员队伍', additive: true,
    rule: '期间内从范围内组织出党的人数（党员数量变化情况表 E2 行）；此前已停止党籍的不再计入',
  },
];
