import { exitSubtypeForOutcome } from '../core/contract.ts';
import type { CliCommand, CliIo } from '../../adapters/cli/command.ts';
import { AppError, type Issue } from '../../domain/errors.ts';

// `campaign …`: the religious-belief screening campaign. Each command maps its
// flags onto one contract operation; date-range warnings go to stderr with exit 0.

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function printWarnings(io: CliIo, warnings: Issue[]): void {
  for (const w of warnings) io.err(`提示：${w.message}`);
}

const memberFlags = { campaign: { type: 'string' }, id: { type: 'string' } } as const;

function ref(values: Record<string, unknown>) {
  return { campaignId: campaignId(values), idNumber: str(values.id) };
}

function campaignId(values: Record<string, unknown>): number {
  const n = Number(values.campaign);
  if (!Number.isInteger(n)) throw new AppError('USAGE', `--campaign 应为专项工作编号（收到 ${String(values.campaign)}）`, 'campaign');
  return n;
}

export const commands: CliCommand[] = [
  {
    words: ['campaign', 'create'],
    usage: 'campaign create --name 名称 --year 2023 --start 2023-04-01 --end 2023-09-30 [--org 组织]... [--json]',
    options: { name: { type: 'string' }, year: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, org: { type: 'string', multiple: true } },
    required: ['name', 'year', 'start', 'end'],
    async run(io, { values }) {
      const r = await io.call('campaign.create', {
        name: str(values.name)!, year: Number(values.year), start: str(values.start)!, end: str(values.end)!,
        orgs: (values.org as string[] | undefined) ?? [],
      });
      io.out(io.json ? r : `已创建专项工作，编号 ${r.id}`);
    },
  },
  {
    words: ['campaign', 'list'],
    usage: 'campaign list [--json]',
    async run(io) {
      const r = await io.call('campaign.list', {});
      io.out(io.json ? r : r.map((c) => `${c.id}\t${c.name}\t${c.start}～${c.end}\t${c.status}\t${c.orgs.join('、') || '全部组织'}`).join('\n'));
    },
  },
  {
    words: ['campaign', 'update'],
    usage: 'campaign update --campaign ID [--name 名称] [--year 2023] [--start 2023-04-01] [--end 2023-09-30] [--json]',
    options: { campaign: { type: 'string' }, name: { type: 'string' }, year: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } },
    required: ['campaign'],
    async run(io, { values }) {
      const year = str(values.year);
      if (year !== undefined && !/^\d{4}$/.test(year)) throw new AppError('USAGE', `--year 应为四位年份（收到 ${year}）`, 'year');
      const r = await io.call('campaign.update', {
        campaignId: campaignId(values), name: str(values.name), year: year === undefined ? undefined : Number(year), start: str(values.start), end: str(values.end),
      });
      printWarnings(io, r.warnings);
      io.out(io.json ? r.campaign : `已修改专项工作 ${r.campaign.id}：${r.campaign.name}（${r.campaign.start} 至 ${r.campaign.end}）`);
    },
  },
  {
    words: ['campaign', 'delete'],
    usage: 'campaign delete --campaign ID',
    options: { campaign: { type: 'string' } },
    required: ['campaign'],
    async run(io, { values }) {
      const r = await io.call('campaign.delete', { campaignId: campaignId(values) });
      io.out(io.json ? r : `已删除专项工作：${r.name}`);
    },
  },
  {
    words: ['campaign', 'screen'],
    usage: 'campaign screen --campaign ID --id 公民身份号码 --date 2023-05-10 [--belief 佛教] [--finding 已信仰宗教] [--method 谈心谈话|走访] [--note 说明] [--manifestations 主要表现]',
    options: { ...memberFlags, date: { type: 'string' }, belief: { type: 'string' }, finding: { type: 'string' }, method: { type: 'string' }, note: { type: 'string' }, manifestations: { type: 'string' } },
    required: ['campaign', 'id', 'date'],
    async run(io, { values }) {
      campaignId(values);
      const religion = str(values.belief);
      const finding = str(values.finding);
      // --note describes what was found (主要表现) when there is a finding, else it is a plain note
      const found = Boolean(religion || (finding && finding !== '未发现问题'));
      const note = str(values.note);
      const r = await io.call('campaign.screen', {
        ...ref(values), date: str(values.date)!, religion: religion as never, finding: finding as never, method: str(values.method) as never,
        manifestations: str(values.manifestations) ?? (found ? note : undefined),
        note: found && !values.manifestations ? undefined : note,
      });
      printWarnings(io, r.warnings);
      io.out(io.json ? r : `已记录排查：${r.row.name}（${r.row.finding}${r.row.religion ? `，${r.row.religion}` : ''}）`);
    },
  },
  {
    words: ['campaign', 'handle'],
    usage: 'campaign handle --campaign ID --id 公民身份号码 --outcome 教育转化 --date 2023-06-01 [--note 说明]',
    options: { ...memberFlags, outcome: { type: 'string' }, date: { type: 'string' }, note: { type: 'string' } },
    required: ['campaign', 'id', 'outcome', 'date'],
    async run(io, { values }) {
      campaignId(values);
      const r = await io.call('campaign.handle', { ...ref(values), outcome: str(values.outcome)!, date: str(values.date)!, note: str(values.note) });
      printWarnings(io, r.warnings);
      // an outcome that ends membership: the matching 出党 is offered, never recorded by itself
      const exit = exitSubtypeForOutcome(r.row.outcome);
      if (exit) io.err(`提示：处置为“${r.row.outcome}”的党员不再在册，请登记出党：member event --id-number ${r.row.idNumber} --type 出党 --subtype ${exit} --date ${str(values.date)}`);
      io.out(io.json ? r : `已记录处置：${r.row.name}（${r.row.outcomeCode} ${r.row.outcome}）`);
    },
  },
  {
    words: ['campaign', 'sign'],
    usage: 'campaign sign --campaign ID --id 公民身份号码 (--date 2023-05-12 | --reason 外出|病休|失联|其他 | --makeup 补签日期) [--paper 纸质件存放处]',
    options: { ...memberFlags, date: { type: 'string' }, reason: { type: 'string' }, makeup: { type: 'string' }, paper: { type: 'string' }, note: { type: 'string' } },
    required: ['campaign', 'id'],
    async run(io, { values }) {
      campaignId(values);
      const r = await io.call('campaign.sign', {
        ...ref(values), date: str(values.date), notSignedReason: str(values.reason) as never, makeupDate: str(values.makeup),
        paperLocation: str(values.paper), note: str(values.note),
      });
      printWarnings(io, r.warnings);
      io.out(io.json ? r : `已记录承诺书：${r.row.name}（${r.row.signStatus}${r.row.notSignedReason ? `，${r.row.notSignedReason}` : ''}）`);
    },
  },
  {
    words: ['campaign', 'progress'],
    usage: 'campaign progress --campaign ID [--json]',
    options: { campaign: { type: 'string' } },
    required: ['campaign'],
    async run(io, { values }) {
      const p = await io.call('campaign.progress', { campaignId: campaignId(values) });
      const pick = (c: { members: number; screened: number; signed: number; believers: number; converted: number }) => ({
        members: c.members, screened: c.screened, signed: c.signed, believers: c.believers, converted: c.converted,
      });
      if (io.json) {
        io.out({ total: pick(p.total), orgs: p.orgs.map((o) => ({ org: o.org, ...pick(o) })) });
        return;
      }
      const line = (name: string, c: typeof p.total | (typeof p.orgs)[number]) =>
        `${name}\t党员 ${c.members}\t已排查 ${c.screened}（${c.screenRate}%）\t已签订 ${c.signed}（${c.signRate}%）\t信教 ${c.believers}\t教育转化 ${c.converted}`;
      io.out([...p.orgs.map((o) => line(o.org, o)), line('合计', p.total)].join('\n'));
    },
  },
];
