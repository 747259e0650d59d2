import { str, type CliArgs, type CliCommand, type CliIo } from '../../adapters/cli/command.ts';
import type { StatsTableDto } from './contract.ts';

// `stats …`: the statistical tables as of a date (docs/domain/statistics.md), flags mapped onto the
// statistics operations. The tables' workbooks are `export stats-<name> …`.

const TABLE_OPTIONS = {
  name: { type: 'string' }, org: { type: 'string' }, 'no-sub-orgs': { type: 'boolean' }, 'as-of': { type: 'string' },
} as const;
const TABLE_USAGE = '--name 统计表（stats-basic…或中文名：党员基本情况、党员数量变化、入党时间、学历、党龄、转正、发展党员、积极分子、出党、组织、光荣在党50年） [--org 党组织] [--no-sub-orgs] --as-of YYYY-MM-DD';

const query = (args: CliArgs) => ({
  name: str(args, 'name')!,
  org: str(args, 'org') ?? null,
  includeSubOrgs: !args.values['no-sub-orgs'],
  asOf: str(args, 'as-of')!,
});

/** what `--json` prints: the table as counted, its checks, and whether it was signed off */
const jsonOf = (t: StatsTableDto) => ({
  name: t.name, title: t.title, asOf: t.asOf, periodStart: t.periodStart, org: t.org, columns: t.columns, rows: t.rows, checks: t.checks,
  finalized: t.finalized, ...(t.list ? { list: t.list } : {}),
});

function printTable(io: CliIo, t: StatsTableDto): void {
  const lines = [`${t.title}\t${t.org}\t统计时点 ${t.asOf}${t.finalized ? `\t已上报（${t.finalized.at.slice(0, 10)}）` : ''}`];
  lines.push(['项目', ...(t.name === 'stats-change' ? ['代码'] : []), ...t.columns].join('\t'));
  for (const r of t.rows) lines.push([`${'  '.repeat(r.level)}${r.label}`, ...(t.name === 'stats-change' ? [r.code ?? ''] : []), ...r.values.map(String)].join('\t'));
  for (const c of t.checks) {
    lines.push(`${c.ok ? '✓' : c.level === 'error' ? '✗' : '·'} ${c.rule}`);
    for (const m of c.members ?? []) lines.push(`    ${m.name}\t${m.idNumber}\t${m.org}${m.reason ? `\t${m.reason}` : ''}`);
  }
  io.out(lines.join('\n'));
}

export const commands: CliCommand[] = [
  {
    words: ['stats', 'table'],
    usage: `stats table ${TABLE_USAGE} [--json]`,
    options: TABLE_OPTIONS,
    required: ['name', 'as-of'],
    async run(io, args) {
      const t = await io.call('stats.table', query(args));
      if (io.json) io.out(jsonOf(t));
      else printTable(io, t);
    },
  },
  {
    words: ['stats', 'finalize'],
    usage: `stats finalize ${TABLE_USAGE}    （上报：校验未通过时拒绝，如实有数与应有数不符）`,
    options: TABLE_OPTIONS,
    required: ['name', 'as-of'],
    async run(io, args) {
      const t = await io.call('stats.finalize', query(args));
      if (io.json) io.out(jsonOf(t));
      else io.out(`已上报：${t.title}（${t.org}，${t.asOf}）`);
    },
  },
  {
    words: ['stats', 'unfinalize'],
    usage: `stats unfinalize ${TABLE_USAGE}    （撤销上报）`,
    options: TABLE_OPTIONS,
    required: ['name', 'as-of'],
    async run(io, args) {
      const t = await io.call('stats.unfinalize', query(args));
      if (io.json) io.out(jsonOf(t));
      else io.out(`已撤销上报：${t.title}（${t.org}，${t.asOf}）`);
    },
  },
  {
    words: ['stats', 'cover'],
    usage: 'stats cover [--org 党组织] --as-of YYYY-MM-DD [--unit 填报单位] [--principal 负责人] [--clerk 填表人] [--reported-on YYYY-MM-DD] [--phone 联系电话] [--json]',
    options: {
      org: { type: 'string' }, 'as-of': { type: 'string' }, unit: { type: 'string' }, principal: { type: 'string' }, clerk: { type: 'string' },
      'reported-on': { type: 'string' }, phone: { type: 'string' },
    },
    required: ['as-of'],
    async run(io, args) {
      const base = { org: str(args, 'org') ?? null, asOf: str(args, 'as-of')! };
      const patch = {
        reportingUnit: str(args, 'unit'), principal: str(args, 'principal'), clerk: str(args, 'clerk'), reportedOn: str(args, 'reported-on'), phone: str(args, 'phone'),
      };
      const changes = Object.values(patch).some((v) => v !== undefined);
      const c = changes ? await io.call('stats.saveCover', { ...base, ...patch }) : await io.call('stats.cover', base);
      if (io.json) io.out(c);
      else io.out(`填报单位（盖章）：${c.reportingUnit}\n负责人：${c.principal}\n填表人：${c.clerk}\n报出时间：${c.reportedOn}\n联系电话：${c.phone}`);
    },
  },
  {
    words: ['stats', 'jobs'],
    usage: 'stats jobs [--json]    （列出尚未对应统计行的工作岗位写法）',
    async run(io) {
      const list = await io.call('stats.jobMappings', {});
      if (io.json) return io.out(list);
      if (!list.length) return io.out('所有工作岗位均已对应统计行');
      io.out(list.map((j) => `${j.text}\t${j.count}人\t${j.code ? `已对应 ${j.code} ${j.codeName}` : j.suggestion ? `建议 ${j.suggestion} ${j.suggestionName}（待确认）` : '待确认'}`).join('\n'));
    },
  },
  {
    words: ['stats', 'jobs', 'map'],
    usage: 'stats jobs map --text 原工作岗位 --code 工作岗位代码或名称',
    options: { text: { type: 'string' }, code: { type: 'string' } },
    required: ['text', 'code'],
    async run(io, args) {
      const list = await io.call('stats.mapJob', { text: str(args, 'text')!, code: str(args, 'code')! });
      const j = list.find((x) => x.text === str(args, 'text')!.trim());
      io.out(io.json ? list : `已确认：${j?.text} → ${j?.code} ${j?.codeName}`);
    },
  },
];
