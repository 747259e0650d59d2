import type { MonthStatus } from '../../../../src-main/modules/dues/contract.ts';

// How the dues ledger is shown: yuan with two decimals from integer fen, status colours.

export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export const STATUS_COLORS: Record<MonthStatus, string> = {
  已交: 'green',
  预交: 'cyan',
  部分: 'orange',
  未交: 'red',
  免交: 'default',
};

export const LEVEL_COLORS = { none: 'default', warn: 'gold', escalate: 'orange', risk: 'red' } as const;

export function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
