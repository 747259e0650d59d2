// Pure formatting helpers for exported sheets: dates written the way clerks write them.
// Stored dates are ISO text at their own precision (YYYY-MM-DD or YYYY-MM, docs/architecture.md#data);
// a month-only date is never given an invented day.

export type ExportDateStyle = 'dot' | 'iso' | 'cn';

const PARTIAL = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/**
 * 'dot' → 1985.06.15 / 1985.06 (the common roster form, docs/domain/printing.md#conventions),
 * 'iso' → 1985-06-15 / 1985-06, 'cn' → 1985年6月15日 / 1985年6月.
 * Empty or unparseable input is returned as is (trimmed) so that nothing is silently lost.
 */
export function formatPartialDate(iso: string | null | undefined, style: ExportDateStyle = 'dot'): string {
  if (!iso) return '';
  const text = iso.trim();
  const m = PARTIAL.exec(text);
  if (!m) return text;
  const [, y, mo, d] = m;
  switch (style) {
    case 'iso':
      return text;
    case 'cn':
      return d ? `${y}年${Number(mo)}月${Number(d)}日` : `${y}年${Number(mo)}月`;
    default:
      return d ? `${y}.${mo}.${d}` : `${y}.${mo}`;
  }
}

/** 填报日期 on row 2: always the Chinese long form (2025年1月10日), as on printed forms. */
export function formatReportDate(iso: string): string {
  return formatPartialDate(iso, 'cn');
}
