import { AppError } from '../../domain/errors.ts';
import type { CliArgs, CliCommand, CliIo } from '../../adapters/cli/command.ts';
import type { ActivityInput, ActivityRowDto, SaveResult } from './contract.ts';

// `activity …` and `training …` commands: flags (and a --json payload) mapped onto the orglife
// operations; no business logic here. The JSON printed is the contract of docs/domain/org-life.md#cli.

const str = (args: CliArgs, key: string): string | undefined => args.values[key] as string | undefined;

function usage(message: string): never {
  throw new AppError('USAGE', message);
}

function intFlag(args: CliArgs, key: string): number {
  const v = str(args, key) ?? '';
  if (!/^\d+$/.test(v)) usage(`--${key} 应为整数：${v}`);
  return Number(v);
}

/** --json carries the payload here (and the output is JSON) */
function payload(args: CliArgs, what: string): Record<string, unknown> {
  let p: unknown;
  try {
    p = JSON.parse(str(args, 'json') ?? '');
  } catch (e) {
    usage(`--json 的内容不是有效的 JSON：${(e as Error).message}`);
  }
  if (!p || typeof p !== 'object' || Array.isArray(p)) usage(`--json 应为一个${what}对象 {…}`);
  return p as Record<string, unknown>;
}

const scope = (args: CliArgs) => ({ org: str(args, 'org') ?? null, withSubOrgs: !args.values['no-sub-orgs'] });
const SCOPE_OPTIONS = { org: { type: 'string' }, 'no-sub-orgs': { type: 'boolean' } } as const;

/** the contract's answer to add/edit: totals, and perOrg for a joint activity */
function saved(io: CliIo, r: SaveResult): void {
  for (const w of r.warnings) io.err(`提示：${w}`);
  const out: Record<string, unknown> = { id: r.id, expected: r.expected, present: r.present, onLeave: r.onLeave, absent: r.absent };
  if (r.perOrg) out.perOrg = r.perOrg.map((p) => ({ org: p.org, expected: p.expected, present: p.present, onLeave: p.onLeave, absent: p.absent }));
  io.out(out);
}

const rowJson = (r: ActivityRowDto) => ({
  id: r.id, type: r.type, date: r.date, orgs: r.orgs.map((o) => o.name), topic: r.topic, firstTopic: r.firstTopic, tags: r.tags,
  chair: r.chair, lecturer: r.lecturer, hours: r.hours, expected: r.expected, present: r.present, onLeave: r.onLeave, absent: r.absent,
  quorumMet: r.quorumMet,
});

const UNITS: Record<string, 'month' | 'quarter' | 'half' | 'year' | null> = {
  month: 'month', 每月: 'month', quarter: 'quarter', 每季度: 'quarter', half: 'half', 每半年: 'half', year: 'year', 每年: 'year', none: null, 不要求: null, 不作要求: null,
};

const list = (s: string | undefined) => (s ? s.split(/[,，、]/u).map((x) => x.trim()).filter(Boolean) : undefined);

export const commands: CliCommand[] = [
  {
    words: ['activity', 'add'],
    usage: `activity add --json '{"org":"机关第一党支部","type":"支部委员会","date":"2026-03-05","topic":"…","absent":[{"idNumber":"…","kind":"请假","reason":"出差"}]}'（联合开展用 "orgs":["…","…"]）`,
    options: { json: { type: 'string' } },
    required: ['json'],
    async run(io, args) {
      saved(io, await io.call('activity.add', payload(args, '活动') as ActivityInput));
    },
  },
  {
    words: ['activity', 'edit'],
    usage: `activity edit --id 编号 --json '{"topic":"…","absent":[…]}'`,
    options: { id: { type: 'string' }, json: { type: 'string' } },
    required: ['id', 'json'],
    async run(io, args) {
      saved(io, await io.call('activity.edit', { ...payload(args, '活动'), id: intFlag(args, 'id') } as never));
    },
  },
  {
    words: ['activity', 'delete'],
    usage: 'activity delete --id 编号',
    options: { id: { type: 'string' } },
    required: ['id'],
    async run(io, args) {
      const r = await io.call('activity.delete', { id: intFlag(args, 'id') });
      io.out(io.json ? r : '已删除');
    },
  },
  {
    words: ['activity', 'show'],
    usage: 'activity show --id 编号 [--json]',
    options: { id: { type: 'string' } },
    required: ['id'],
    async run(io, args) {
      const a = await io.call('activity.get', { id: intFlag(args, 'id') });
      if (io.json) return io.out(a);
      io.out(`${a.date} ${a.type} ${a.orgs.map((o) => o.name).join('、')}\n主题：${a.topic ?? ''}\n应到 ${a.expected} 实到 ${a.present} 请假 ${a.onLeave} 缺席 ${a.absent}`);
    },
  },
  {
    words: ['activity', 'list'],
    usage: 'activity list --org 组织（含下级） [--no-sub-orgs] [--period 2026-H1] [--type 类型] [--tag 专题] [--json]',
    options: { ...SCOPE_OPTIONS, period: { type: 'string' }, type: { type: 'string' }, tag: { type: 'string' } },
    async run(io, args) {
      const { rows } = await io.call('activity.list', { ...scope(args), period: str(args, 'period') ?? null, type: str(args, 'type') ?? null, tag: str(args, 'tag') ?? null, limit: null });
      if (io.json) return io.out(rows.map(rowJson));
      if (!rows.length) return io.out('（没有登记的活动）');
      io.out(rows.map((r) => `${r.id}\t${r.date}\t${r.type}\t${r.orgs.map((o) => o.name).join('、')}\t${r.topic ?? ''}\t应到${r.expected} 实到${r.present}`).join('\n'));
    },
  },
  {
    words: ['activity', 'compliance'],
    usage: 'activity compliance --org 组织（含下级） --period 2026-H1 [--no-sub-orgs] [--type 类型] [--json]',
    options: { ...SCOPE_OPTIONS, period: { type: 'string' }, type: { type: 'string' } },
    required: ['period'],
    async run(io, args) {
      const list = await io.call('activity.compliance', { ...scope(args), period: str(args, 'period')!, type: str(args, 'type') ?? null });
      if (io.json) return io.out(list.map((e) => ({ org: e.org, type: e.type, required: e.required, held: e.held, missing: e.missing, notYetDue: e.notYetDue, rate: e.rate })));
      if (!list.length) return io.out('（该范围内没有须按频次开展的组织生活）');
      io.out(list.map((e) => `${e.org}\t${e.type}\t应开${e.required} 已开${e.held}\t${e.rate === null ? '—' : `${Math.round(e.rate * 100)}%`}${e.missing.length ? `\t未开展：${e.missing.join('、')}` : ''}`).join('\n'));
    },
  },
  {
    words: ['activity', 'types'],
    usage: 'activity types [--json]',
    async run(io) {
      const types = await io.call('activity.types', {});
      if (io.json) return io.out(types);
      io.out(types.map((t) => `${t.name}\t简称：${t.aliases.join('、') || '—'}\t可开展：${t.holders.join('、')}`).join('\n'));
    },
  },
  {
    words: ['activity', 'frequency'],
    usage: 'activity frequency --type 类型 --unit 每月|每季度|每半年|每年|不要求 [--org-types 党支部,联合党支部] [--remind-from 10]',
    options: { type: { type: 'string' }, unit: { type: 'string' }, 'org-types': { type: 'string' }, 'remind-from': { type: 'string' } },
    required: ['type', 'unit'],
    async run(io, args) {
      const u = str(args, 'unit')!;
      if (!Object.hasOwn(UNITS, u)) usage(`--unit 应为：每月、每季度、每半年、每年、不要求（或 month、quarter、half、year、none）`);
      const f = await io.call('activity.saveFrequency', {
        type: str(args, 'type')!,
        unit: UNITS[u],
        orgTypes: list(str(args, 'org-types')),
        remindFromMonth: str(args, 'remind-from') !== undefined ? intFlag(args, 'remind-from') : undefined,
      });
      io.out(io.json ? f : `${f.type}：${f.unitLabel}（${f.orgTypes.join('、')}）`);
    },
  },
  {
    words: ['activity', 'excuse'],
    usage: 'activity excuse --id-number 公民身份号码 --reason 原因 --from YYYY-MM-DD [--until YYYY-MM-DD] [--note 批准情况]',
    options: { 'id-number': { type: 'string' }, reason: { type: 'string' }, from: { type: 'string' }, until: { type: 'string' }, note: { type: 'string' } },
    required: ['id-number', 'reason', 'from'],
    async run(io, args) {
      const r = await io.call('activity.excuse', { member: str(args, 'id-number')!, reason: str(args, 'reason')!, from: str(args, 'from')!, until: str(args, 'until') ?? null, note: str(args, 'note') ?? null });
      io.out(io.json ? r : `已登记：${r.name} 自 ${r.from} 起免计应到（${r.reason}）`);
    },
  },
  {
    words: ['activity', 'panel', 'add'],
    usage: 'activity panel add --org 党委 --kind 中心组|党组（党委） --id-number 公民身份号码 --from YYYY-MM-DD [--until YYYY-MM-DD] [--role 职务]',
    options: { org: { type: 'string' }, kind: { type: 'string' }, 'id-number': { type: 'string' }, from: { type: 'string' }, until: { type: 'string' }, role: { type: 'string' } },
    required: ['org', 'kind', 'id-number', 'from'],
    async run(io, args) {
      const r = await io.call('activity.savePanelMember', {
        org: str(args, 'org')!, kind: str(args, 'kind') as never, member: str(args, 'id-number')!, from: str(args, 'from')!, until: str(args, 'until') ?? null, role: str(args, 'role') ?? null,
      });
      io.out(io.json ? r : `已加入${r.org}${r.kind}名单：${r.name}`);
    },
  },
  {
    words: ['activity', 'panel', 'list'],
    usage: 'activity panel list --org 党委 --kind 中心组|党组（党委） [--date YYYY-MM-DD] [--json]',
    options: { org: { type: 'string' }, kind: { type: 'string' }, date: { type: 'string' } },
    required: ['org', 'kind'],
    async run(io, args) {
      const r = await io.call('activity.panel', { org: str(args, 'org')!, kind: str(args, 'kind') as never, date: str(args, 'date') ?? null });
      io.out(io.json ? r : r.map((p) => `${p.name}\t${p.role ?? ''}\t${p.from} 至 ${p.until ?? '今'}`).join('\n') || '（名单为空）');
    },
  },
  {
    words: ['activity', 'attach'],
    usage: 'activity attach --id 活动编号 --file 签到表.jpg',
    options: { id: { type: 'string' }, file: { type: 'string' } },
    required: ['id', 'file'],
    async run(io, args) {
      const file = str(args, 'file')!;
      const r = await io.call('activity.attach', { activityId: intFlag(args, 'id'), fileName: file, bytes: io.readFile(file) });
      io.out(io.json ? r : `已添加附件：${r.fileName}（编号 ${r.id}）`);
    },
  },
  {
    words: ['activity', 'import'],
    usage: 'activity import --file 三会一课登记表.xlsx [--org 党组织（表中无党组织列时）] [--dry-run] [--json]',
    options: { file: { type: 'string' }, org: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    required: ['file'],
    async run(io, args) {
      const file = str(args, 'file')!;
      const input = { org: str(args, 'org') ?? null, fileName: file, bytes: io.readFile(file) };
      if (args.values['dry-run']) {
        const p = await io.call('activity.importPreview', input);
        if (io.json) return io.out(p);
        io.out(p.rows.map((r) => `第${r.row}行\t${r.date ?? ''}\t${r.type ?? ''}\t${r.errors.length ? `不能登记：${r.errors.join('；')}` : `应到${r.expected} 实到${r.present}`}`).join('\n'));
        return p.failed ? 1 : 0;
      }
      const r = await io.call('activity.importCommit', input);
      io.out(io.json ? r : `已登记 ${r.added} 次活动`);
    },
  },
  {
    words: ['training', 'add'],
    usage: `training add --json '{"title":"…","kind":"党校示范培训班","level":"市","org":"…","start":"2026-04-01","end":"2026-04-05","hours":24,"participants":["公民身份号码",…]}'`,
    options: { json: { type: 'string' } },
    required: ['json'],
    async run(io, args) {
      io.out(await io.call('training.add', payload(args, '培训') as never));
    },
  },
  {
    words: ['training', 'edit'],
    usage: `training edit --id 编号 --json '{"hours":16,…}'`,
    options: { id: { type: 'string' }, json: { type: 'string' } },
    required: ['id', 'json'],
    async run(io, args) {
      io.out(await io.call('training.edit', { ...payload(args, '培训'), id: intFlag(args, 'id') } as never));
    },
  },
  {
    words: ['training', 'delete'],
    usage: 'training delete --id 编号',
    options: { id: { type: 'string' } },
    required: ['id'],
    async run(io, args) {
      const r = await io.call('training.delete', { id: intFlag(args, 'id') });
      io.out(io.json ? r : '已删除');
    },
  },
  {
    words: ['training', 'list'],
    usage: 'training list [--org 组织（含下级）] [--no-sub-orgs] [--year 2026] [--json]',
    options: { ...SCOPE_OPTIONS, year: { type: 'string' } },
    async run(io, args) {
      const rows = await io.call('training.list', { ...scope(args), year: str(args, 'year') ? intFlag(args, 'year') : null });
      if (io.json) return io.out(rows);
      io.out(rows.map((r) => `${r.id}\t${r.start}\t${r.title}\t${r.level}\t${r.hours}学时\t${r.personTimes}人次`).join('\n') || '（没有培训记录）');
    },
  },
  {
    words: ['training', 'hours'],
    usage: 'training hours --org 组织（含下级） --year 2026 [--no-sub-orgs] [--json]',
    options: { ...SCOPE_OPTIONS, year: { type: 'string' } },
    required: ['year'],
    async run(io, args) {
      const rows = await io.call('training.hours', { ...scope(args), year: intFlag(args, 'year') });
      if (io.json) return io.out(rows.map((r) => ({ idNumber: r.idNumber, name: r.name, hours: r.hours, target: r.target, met: r.met })));
      io.out(rows.map((r) => `${r.name}\t${r.idNumber}\t${r.hours}/${r.target}学时\t${r.met ? '达标' : '未达标'}`).join('\n') || '（没有党员）');
    },
  },
];
