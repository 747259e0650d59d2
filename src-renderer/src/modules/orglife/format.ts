// Small pure helpers of the 组织生活 pages.

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '—' : `${Math.round(r * 100)}%`);

/** the days shown in a month grid (Monday first): leading days of the previous month, trailing of the next */
export function monthGrid(month: string): { date: string; inMonth: boolean }[] {
  const [y, m] = month.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const out: { date: string; inMonth: boolean }[] = [];
  const start = Date.UTC(y, m - 1, 1 - lead);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const cells = Math.ceil((lead + days) / 7) * 7;
  for (let i = 0; i < cells; i++) {
    const d = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    out.push({ date: d, inMonth: d.slice(0, 7) === month });
  }
  return out;
}

export function addMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export const SHORT: Record<string, string> = {
  支部党员大会: '党员大会', 支部委员会: '支委会', 党小组会: '小组会', 党课: '党课', 主题党日: '主题党日', 组织生活会: '组织生活会',
  民主评议党员: '民主评议', 谈心谈话: '谈心谈话', 民主生活会: '民主生活会', 理论学习中心组学习: '中心组学习', '党组（党委）会议': '党组会议',
  专题部署会: '部署会', 远程教育收看: '远程教育', 其他: '其他',
};
export const shortType = (t: string): string => SHORT[t] ?? t;

/** reads a picked file as bytes */
export async function fileBytes(file: File): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.arrayBuffer());
}
