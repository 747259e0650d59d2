import type { MemberDto, MemberInput, OrgDto, Settings } from './contract.ts';
import { AppError } from '../../domain/errors.ts';
import type { CliArgs, CliCommand, CliIo } from '../../adapters/cli/command.ts';

// org / member / members / settings commands: flags → one contract operation.

const str = (args: CliArgs, key: string): string | undefined => args.values[key] as string | undefined;

function usage(message: string): never {
  throw new AppError('USAGE', message);
}

/** the shape `org list --json` prints */
const orgJson = (o: OrgDto) => ({
  name: o.name,
  shortName: o.shortName,
  type: o.type,
  parent: o.parent,
  secretary: o.secretary,
  establishedOn: o.establishedOn,
  termStart: o.termStart,
  termYears: o.termYears,
  termEnd: o.termEnd,
});

function intFlag(args: CliArgs, key: string): number | undefined {
  const v = str(args, key);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) usage(`--${key} 应为整数：${v}`);
  return Number(v);
}

function printWarnings(io: CliIo, warnings: { message: string }[]): void {
  for (const w of warnings) io.err(`警告：${w.message}`);
}

function printMembers(io: CliIo, rows: MemberDto[]): void {
  if (io.json) return io.out(rows);
  if (!rows.length) return io.out('（无匹配的党员）');
  io.out(rows.map((m) => [m.name, m.gender, m.idNumber, m.category, m.joinedOn, m.confirmedOn || '—', m.org, m.roll].join('\t')).join('\n'));
}

const orgAdd: CliCommand = {
  words: ['org', 'add'],
  usage: 'org add --name 全称 --type 党支部 [--parent 上级组织] [--short 简称] [--established 日期] [--term-start 日期] [--term-years N] [--postponed-until 日期] [--sort N] [--json]',
  options: {
    name: { type: 'string' },
    type: { type: 'string' },
    parent: { type: 'string' },
    short: { type: 'string' },
    established: { type: 'string' },
    'term-start': { type: 'string' },
    'term-years': { type: 'string' },
    'postponed-until': { type: 'string' },
    sort: { type: 'string' },
  },
  required: ['name', 'type'],
  async run(io, args) {
    const org = await io.call('orgs.save', {
      org: {
        name: str(args, 'name')!,
        type: str(args, 'type')!,
        parent: str(args, 'parent') ?? null,
        shortName: str(args, 'short') ?? null,
        establishedOn: str(args, 'established') ?? null,
        termStart: str(args, 'term-start') ?? null,
        termYears: intFlag(args, 'term-years') ?? null,
        postponedUntil: str(args, 'postponed-until') ?? null,
        sortOrder: intFlag(args, 'sort'),
      },
    });
    io.out(io.json ? orgJson(org) : `已添加党组织：${org.name}（${org.type}）`);
  },
};

const orgList: CliCommand = {
  words: ['org', 'list'],
  usage: 'org list [--json]',
  async run(io) {
    const orgs = await io.call('orgs.list', {});
    if (io.json) return io.out(orgs.map(orgJson));
    io.out(
      orgs
        .map((o) => `${o.name}\t${o.type}\t上级：${o.parent ?? '—'}\t在册党员：${o.memberCount}\t任期届满：${o.termEnd ?? '—'}`)
        .join('\n') || '（尚无党组织）',
    );
  },
};

const orgDelete: CliCommand = {
  words: ['org', 'delete'],
  usage: 'org delete --name 全称或简称',
  options: { name: { type: 'string' } },
  required: ['name'],
  async run(io, args) {
    await io.call('orgs.delete', { org: str(args, 'name')! });
    io.out(io.json ? { deleted: true } : '已删除');
  },
};

const memberAdd: CliCommand = {
  words: ['member', 'add'],
  usage: `member add --json '{"name":"张三","idNumber":"…","org":"机关第一党支部",…}'`,
  // here --json carries the payload (and also asks for JSON output)
  options: { json: { type: 'string' } },
  required: ['json'],
  async run(io, args) {
    let payload: unknown;
    try {
      payload = JSON.parse(str(args, 'json')!);
    } catch (e) {
      usage(`--json 的内容不是有效的 JSON：${(e as Error).message}`);
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) usage('--json 应为一个党员对象 {…}');
    const { member, warnings } = await io.call('members.save', { member: payload as MemberInput });
    printWarnings(io, warnings);
    io.out(member);
  },
};

const memberEvent: CliCommand = {
  words: ['member', 'event'],
  usage: 'member event --id-number 身份证号 --type 转出|转入|死亡|出党|停止党籍|恢复党籍|失联|流动 --date 日期 [--detail 去向或原因] [--to-org 组织] [--json]',
  options: {
    'id-number': { type: 'string' },
    type: { type: 'string' },
    date: { type: 'string' },
    detail: { type: 'string' },
    'to-org': { type: 'string' },
  },
  required: ['id-number', 'type', 'date'],
  async run(io, args) {
    const toOrg = str(args, 'to-org');
    const { member } = await io.call('members.recordEvent', {
      member: str(args, 'id-number')!,
      type: str(args, 'type')!,
      date: str(args, 'date')!,
      detail: str(args, 'detail') ?? null,
      toOrg: toOrg ?? null,
    });
    io.out(io.json ? member : `已登记：${member.name} ${str(args, 'type')}`);
  },
};

const LIST_FILTERS = {
  org: 'org',
  search: 'search',
  category: 'category',
  gender: 'gender',
  ethnicity: 'ethnicity',
  education: 'education',
  'age-band': 'ageBand',
  'party-age-band': 'partyAgeBand',
  status: 'status',
  roll: 'roll',
} as const;

const membersList: CliCommand = {
  words: ['members', 'list'],
  usage: 'members list [--json] [--org 组织（含下级）] [--search 姓名/拼音首字母/身份证号片段] [--all] [--category …] [--gender …] [--status …] [--roll 在册|转出|死亡|出党]',
  options: {
    all: { type: 'boolean' },
    'no-sub-orgs': { type: 'boolean' },
    sort: { type: 'string' },
    desc: { type: 'boolean' },
    ...Object.fromEntries(Object.keys(LIST_FILTERS).map((k) => [k, { type: 'string' as const }])),
  },
  async run(io, args) {
    const filter: Record<string, unknown> = {};
    for (const [flag, key] of Object.entries(LIST_FILTERS)) {
      const v = str(args, flag);
      if (v !== undefined) filter[key] = v;
    }
    if (args.values.all) {
      if (filter.roll !== undefined) usage('--all 与 --roll 不能同时使用');
      filter.roll = 'all';
    }
    if (args.values['no-sub-orgs']) filter.includeSubOrgs = false;
    const { rows } = await io.call('members.list', {
      ...filter,
      sortBy: str(args, 'sort') as never,
      sortOrder: args.values.desc ? 'desc' : undefined,
      limit: null,
    });
    printMembers(io, rows);
  },
};

const SETTING_FLAGS = {
  'reporting-unit': 'reportingUnit',
  'clerk-name': 'clerkName',
  'clerk-phone': 'clerkPhone',
  reviewer: 'reviewer',
  principal: 'principal',
  'date-style': 'exportDateStyle',
  'reminder-days': 'termReminderDays',
  'allow-a3': 'allowA3',
} as const;

const printSettings = (io: CliIo, s: Settings) =>
  io.out(
    io.json
      ? s
      : [
          `填报单位：${s.reportingUnit || `（默认：${s.effectiveReportingUnit || '—'}）`}`,
          `填表人：${s.clerkName || '—'}　联系电话：${s.clerkPhone || '—'}`,
          `审核人：${s.reviewer || '—'}　负责人：${s.principal || '—'}`,
          `导出日期格式：${s.exportDateStyle}　换届提醒（天）：${s.termReminderDays.join('、')}`,
          `宽表允许用 A3 纸打印：${s.allowA3 ? '是' : '否'}`,
        ].join('\n'),
  );

const settingsGet: CliCommand = {
  words: ['settings', 'get'],
  usage: 'settings get [--json]',
  async run(io) {
    printSettings(io, await io.call('settings.get', {}));
  },
};

const settingsSet: CliCommand = {
  words: ['settings', 'set'],
  usage: 'settings set [--reporting-unit 填报单位] [--clerk-name 填表人] [--clerk-phone 电话] [--reviewer 审核人] [--principal 负责人] [--date-style dot|iso|cn] [--reminder-days 180,90,30] [--allow-a3 是|否] [--json]',
  options: Object.fromEntries(Object.keys(SETTING_FLAGS).map((k) => [k, { type: 'string' as const }])),
  async run(io, args) {
    const patch: Record<string, unknown> = {};
    for (const [flag, key] of Object.entries(SETTING_FLAGS)) {
      const v = str(args, flag);
      if (v === undefined) continue;
      if (key === 'termReminderDays') {
        const days = v.split(/[,，、\s]+/).filter(Boolean);
        if (!days.every((d) => /^\d+$/.test(d))) usage(`--reminder-days 应为逗号分隔的天数，如 180,90,30：${v}`);
        patch[key] = days.map(Number);
      } else if (key === 'allowA3') {
        if (/^(是|yes|true|1)$/i.test(v)) patch[key] = true;
        else if (/^(否|no|false|0)$/i.test(v)) patch[key] = false;
        else usage(`--allow-a3 应为 是 或 否：${v}`);
      } else patch[key] = v;
    }
    if (!Object.keys(patch).length) usage(`没有要修改的设置\n用法：${settingsSet.usage}`);
    printSettings(io, await io.call('settings.save', patch as never));
  },
};

export const commands: CliCommand[] = [orgAdd, orgList, orgDelete, memberAdd, memberEvent, membersList, settingsGet, settingsSet];
