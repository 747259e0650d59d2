import type { FigureDefinition } from '../../../domain/figures.ts';

// The screening campaign's figures for the work report, declared once (docs/domain/report.md#screening).
// They count people, never findings: what a member was found to believe stays in the campaign's own tables.

export const CAMPAIGN_FIGURES: readonly FigureDefinition[] = [
  {
    key: 'screenedMembers', label: '排查党员数', unit: '人', group: '专项工作', additive: true,
    rule: '排查日期在期间内、已完成排查的范围内党员人数，一人只计一次；排查期间离开的党员不计（与推进情况统计表一致）',
  },
  {
    key: 'commitmentsSigned', label: '承诺书签订数', unit: '人', group: '专项工作', additive: true,
    rule: '签订日期（含补签）在期间内的范围内党员人数，一人只计一次；排查期间离开的党员不计',
  },
  {
    key: 'commitmentRate', label: '承诺书签订率', unit: '%', group: '专项工作', additive: false,
    rule: '与期间有交集的专项工作中，截至期间末已签订承诺书的人数 ÷ 应签人数（范围内、未离开的党员）× 100，保留两位小数',
  },
];
