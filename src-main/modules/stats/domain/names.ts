// The statistical tables by registry name, with the Chinese names `stats table --name` also accepts
// (docs/domain/statistics.md#other-tables).

export const TABLE_NAMES = [
  'stats-basic', 'stats-change', 'stats-join-time', 'stats-education', 'stats-party-age', 'stats-confirmation',
  'stats-development', 'stats-activists', 'stats-exits', 'stats-orgs', 'stats-50-years',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const TABLE_TITLES: Readonly<Record<TableName, string>> = {
  'stats-basic': '党员基本情况',
  'stats-change': '党员数量变化情况',
  'stats-join-time': '党员入党时间情况',
  'stats-education': '党员学历情况',
  'stats-party-age': '党员党龄情况',
  'stats-confirmation': '预备党员转正情况',
  'stats-development': '发展党员情况',
  'stats-activists': '入党积极分子情况',
  'stats-exits': '党员出党情况（一）',
  'stats-orgs': '基层党组织数量情况',
  'stats-50-years': '“光荣在党50年”纪念章颁发对象名单',
};

/** short Chinese names as clerks say them (the CLI's documented spellings among them) */
const ALIASES: Readonly<Record<string, TableName>> = {
  党员基本情况: 'stats-basic', 基本情况: 'stats-basic',
  党员数量变化: 'stats-change', 党员数量变化情况: 'stats-change', 数量变化: 'stats-change',
  入党时间: 'stats-join-time', 党员入党时间情况: 'stats-join-time',
  学历: 'stats-education', 党员学历情况: 'stats-education',
  党龄: 'stats-party-age', 党员党龄情况: 'stats-party-age',
  转正: 'stats-confirmation', 预备党员转正情况: 'stats-confirmation',
  发展党员: 'stats-development', 发展党员情况: 'stats-development',
  积极分子: 'stats-activists', 入党积极分子: 'stats-activists', 入党积极分子情况: 'stats-activists',
  出党: 'stats-exits', 党员出党情况: 'stats-exits', '党员出党情况（一）': 'stats-exits',
  组织: 'stats-orgs', 基层党组织数量: 'stats-orgs', 基层党组织数量情况: 'stats-orgs',
  光荣在党50年: 'stats-50-years', 光荣在党五十年: 'stats-50-years', '50年党龄': 'stats-50-years',
};

/** a registry name or a Chinese name → the registry name, or null */
export function tableNameOf(text: string): TableName | null {
  const t = text.trim().replace(/\s+/g, '');
  if ((TABLE_NAMES as readonly string[]).includes(t)) return t as TableName;
  if (ALIASES[t]) return ALIASES[t];
  const byTitle = TABLE_NAMES.find((n) => TABLE_TITLES[n] === t);
  return byTitle ?? null;
}

/** the tables that count a period (the year up to the statistics date) rather than a day */
export const PERIOD_TABLES: ReadonlySet<TableName> = new Set(['stats-change', 'stats-confirmation', 'stats-development', 'stats-exits']);
