// Training and study hours (docs/domain/org-life.md#training-hours): yearly targets as data, kinds and
// levels of classes. Pure.

export const TRAINING_LEVELS = ['中央', '省', '市', '县', '单位'] as const;
export const TRAINING_KINDS = ['党校示范培训班', '专题培训班', '专题讲座', '网络培训', '集中轮训', '其他'] as const;

export interface Target {
  key: 'member' | 'committee';
  label: string;
  hours: number;
}

/** 32 class hours for members, 56 for secretaries and committee members (2019–2023 plan) */
export const DEFAULT_TARGETS: readonly Target[] = [
  { key: 'member', label: '党员', hours: 32 },
  { key: 'committee', label: '书记、委员', hours: 56 },
];

/** hours are kept to one decimal (half-hours and 0.1 h for short sessions are both seen) */
export const roundHours = (h: number): number => Math.round(h * 10) / 10;

export function validHours(h: number | null | undefined): boolean {
  return h === null || h === undefined || (Number.isFinite(h) && h >= 0 && h <= 1000 && Math.abs(roundHours(h) - h) < 1e-9);
}
