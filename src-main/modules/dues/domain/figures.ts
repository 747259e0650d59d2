import type { FigureDefinition } from '../../../domain/figures.ts';

// The dues figures of the work report, declared once (docs/domain/report.md#dues). Money in fen; each
// agrees to the fen with the dues tables of the same period.

export const DUES_FIGURES: readonly FigureDefinition[] = [
  {
    key: 'duesCollected', label: '党费收缴额', unit: '元', group: '党费', additive: true,
    rule: '期间所含各月、范围内各组织党员的实交党费之和（按党费所属月份计，与党费收缴情况公示表、统计表的“实交”一致）',
  },
  {
    key: 'duesRemitted', label: '党费上缴额', unit: '元', group: '党费', additive: true,
    rule: '期间内范围内各组织登记的上缴上级党委的党费之和，按上缴日期计（与党费收缴情况统计表的“上缴”一致）',
  },
  {
    key: 'duesAllocated', label: '党费下拨额', unit: '元', group: '党费', additive: true,
    rule: '期间内范围内各组织登记为“下拨”的党费之和，按下拨日期计（与党费使用情况明细表中的下拨记录一致）',
  },
  {
    key: 'duesCollectionRate', label: '党费收缴率', unit: '%', group: '党费', additive: false,
    rule: '期间所含各月的实交之和 ÷ 应交之和 × 100，保留两位小数；应交为 0 时不计算',
  },
];
