// Rounding of a computed amount to the fen. No national rule was found (U5,
// docs/domain/dues.md#rounding): default half up, configurable.

export const ROUNDING_MODES = ['half-up', 'down', 'up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];
export const DEFAULT_ROUNDING: RoundingMode = 'half-up';

export const ROUNDING_LABELS: Record<RoundingMode, string> = {
  'half-up': '四舍五入到分',
  down: '舍去分以下',
  up: '分以下进一',
};

/** exact integer division numerator/denominator (both ≥ 0, within 2^53) rounded by mode */
export function divideRounded(numerator: number, denominator: number, mode: RoundingMode): number {
  const q = Math.floor(numerator / denominator);
  const r = numerator - q * denominator;
  if (r === 0) return q;
  if (mode === 'down') return q;
  if (mode === 'up') return q + 1;
  return r * 2 >= denominator ? q + 1 : q;
}
