// What the report page's tabs work on, and the periods offered in its 统计期间 box (any other spelling
// may be typed: docs/domain/report.md#periods-and-the-as-of-day).

/** what every tab of the page works on */
export interface ReportScope {
  orgId: number;
  period: string;
  compare: string | null;
  withSubOrgs: boolean;
  tags: string[];
}

export interface PeriodOption {
  value: string;
  label: string;
}

/** the report the clerk is most likely writing on this day: the half-year in summer, the year in winter */
export function defaultPeriod(today: Date): string {
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  if (m >= 11) return String(y);
  if (m >= 6) return `${y}-H1`;
  return String(y - 1);
}

/** the same period a year earlier (同比), when the spelling allows */
export function yearBefore(period: string): string {
  const m = /^(\d{4})(.*)$/.exec(period.trim());
  if (!m) return '';
  const range = /^(\d{4})(-\d{2}-\d{2})\.\.(\d{4})(-\d{2}-\d{2})$/.exec(period.trim());
  if (range) return `${Number(range[1]) - 1}${range[2]}..${Number(range[3]) - 1}${range[4]}`;
  return `${Number(m[1]) - 1}${m[2]}`;
}

export function periodOptions(today: Date): PeriodOption[] {
  const y = today.getFullYear();
  const out: PeriodOption[] = [];
  for (const year of [y, y - 1]) {
    out.push(
      { value: `${year}-H1`, label: `${year}年上半年（${year}-H1）` },
      { value: `${year}-H2`, label: `${year}年下半年（${year}-H2）` },
      { value: String(year), label: `${year}年度（${year}）` },
    );
    for (let q = 1; q <= 4; q++) out.push({ value: `${year}-Q${q}`, label: `${year}年第${'一二三四'[q - 1]}季度（${year}-Q${q}）` });
  }
  return out;
}
