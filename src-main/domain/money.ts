// Money in integer fen (分) everywhere (docs/architecture.md#data); yuan text only at the edges.
// Parsing is string-based so that '4500.10' never passes through a binary float.

/** '4500', '4500.1', '4,500.00' → 450010 fen; null when the text is not a non-negative yuan amount */
export function parseYuan(text: string | number): number | null {
  const raw = typeof text === 'number' ? (Number.isFinite(text) ? text.toFixed(2) : '') : text;
  const t = raw.trim().replace(/[,，\s]/g, '').replace(/^¥|元$/g, '');
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(frac);
}

/** 450010 → '4500.10' (negative amounts keep their sign: reversals) */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
