import { AppError } from '../../domain/errors.ts';
import { str, type CliArgs, type CliCommand, type CliIo } from '../../adapters/cli/command.ts';
import type { DevListItem, DevPersonDto } from './contract.ts';

// `dev …`: the development pipeline (docs/domain/development.md), flags mapped onto its operations.

const usage = (m: string): never => {
  throw new AppError('USAGE', m);
};

function jsonFlag(args: CliArgs, what: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(str(args, 'json')!);
  } catch (e) {
    usage(`--json 的内容不是有效的 JSON：${(e as Error).message}`);
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) usage(`--json 应为${what} {…}`);
  return payload as Record<string, unknown>;
}

const list = (args: CliArgs, key: string): string[] | undefined => str(args, key)?.split(/[,，、\s]+/).filter(Boolean);

const warn = (io: CliIo, warnings: string[]) => {
  for (const w of warnings) io.err(`提示：${w}`);
};

/** what `dev list --json` prints per person */
const listed = (p: DevListItem) => ({
  idNumber: p.idNumber, name: p.name, org: p.org, stage: p.stage, appliedOn: p.appliedOn, activistOn: p.activistOn, candidateOn: p.candidateOn,
  admittedOn: p.admittedOn, overrides: p.overrides.map((o) => ({ rule: o.rule, reason: o.reason, date: o.date })),
});

const line = (p: DevListItem | DevPersonDto) =>
  `${p.name}\t${p.idNumber}\t${p.org}\t${p.stage}\t申请 ${p.appliedOn}${p.activistOn ? `\t积极分子 ${p.activistOn}` : ''}${p.candidateOn ? `\t发展对象 ${p.candidateOn}` : ''}${p.admittedOn ? `\t接收 ${p.admittedOn}` : ''}`;

export const commands: CliCommand[] = [
  {
    words: ['dev', 'add'],
    usage: `dev add --json '{"name":"…","idNumber":"…","org":"…","appliedOn":"2025-03-01"}' [--override --reason 理由]`,
    // here --json carries the payload (and also asks for JSON output)
    options: { json: { type: 'string' }, override: { type: 'boolean' }, reason: { type: 'string' } },
    required: ['json'],
    async run(io, args) {
      const p = jsonFlag(args, '一个入党申请人对象');
      const { person, warnings } = await io.call('dev.add', {
        ...(p as { name: string; idNumber: string; org: string; appliedOn: string }),
        ...(args.values.override ? { override: true } : {}),
        ...(str(args, 'reason') ? { reason: str(args, 'reason') } : {}),
      });
      warn(io, warnings);
      io.out(person);
    },
  },
  {
    words: ['dev', 'advance'],
    usage: `dev advance --id-number 身份证号 --stage 入党积极分子|积极分子|发展对象|预备党员 --date YYYY-MM-DD [--contacts 身份证号,…] [--sponsors 身份证号,身份证号] [--votes '{"expected":N,"present":N,"for":N,"against":N,"abstain":N}'] [--override --reason 理由] [--json]`,
    options: {
      'id-number': { type: 'string' }, stage: { type: 'string' }, date: { type: 'string' }, votes: { type: 'string' }, contacts: { type: 'string' },
      sponsors: { type: 'string' }, override: { type: 'boolean' }, reason: { type: 'string' },
    },
    required: ['id-number', 'stage', 'date'],
    async run(io, args) {
      let votes: unknown = null;
      if (str(args, 'votes')) {
        try {
          votes = JSON.parse(str(args, 'votes')!);
        } catch (e) {
          usage(`--votes 的内容不是有效的 JSON：${(e as Error).message}`);
        }
      }
      const { person, warnings } = await io.call('dev.advance', {
        person: str(args, 'id-number')!,
        stage: str(args, 'stage')!,
        date: str(args, 'date')!,
        override: Boolean(args.values.override),
        reason: str(args, 'reason') ?? null,
        votes: votes as never,
        ...(list(args, 'contacts') ? { contacts: list(args, 'contacts') } : {}),
        ...(list(args, 'sponsors') ? { sponsors: list(args, 'sponsors') } : {}),
      });
      warn(io, warnings);
      io.out(io.json ? person : `已确定为${person.stage}：${line(person)}`);
    },
  },
  {
    words: ['dev', 'list'],
    usage: 'dev list [--org 党组织（含下级）] [--no-sub-orgs] [--stage 阶段] [--json]',
    options: { org: { type: 'string' }, 'no-sub-orgs': { type: 'boolean' }, stage: { type: 'string' } },
    async run(io, args) {
      const rows = await io.call('dev.list', { org: str(args, 'org') ?? null, includeSubOrgs: !args.values['no-sub-orgs'], stage: str(args, 'stage') ?? null });
      if (io.json) return io.out(rows.map(listed));
      io.out(rows.length ? rows.map(line).join('\n') : '发展党员名册中没有符合条件的人');
    },
  },
  {
    words: ['dev', 'show'],
    usage: 'dev show --id-number 身份证号 [--json]',
    options: { 'id-number': { type: 'string' } },
    required: ['id-number'],
    async run(io, args) {
      const p = await io.call('dev.get', { person: str(args, 'id-number')! });
      io.out(io.json ? p : [line(p), ...p.due.map((d) => `  待办：${d.message}`), ...p.overrides.map((o) => `  特殊情况：${o.rule}（理由：${o.reason}，${o.date}）`)].join('\n'));
    },
  },
  {
    words: ['dev', 'edit'],
    usage: `dev edit --id-number 身份证号 --json '{"talkedOn":"2025-03-20","trainingFrom":"…","trainingTo":"…",…}'`,
    options: { 'id-number': { type: 'string' }, json: { type: 'string' } },
    required: ['id-number', 'json'],
    async run(io, args) {
      const { person, warnings } = await io.call('dev.edit', { person: str(args, 'id-number')!, patch: jsonFlag(args, '要修改的内容') as never });
      warn(io, warnings);
      io.out(person);
    },
  },
  {
    words: ['dev', 'delete'],
    usage: 'dev delete --id-number 身份证号',
    options: { 'id-number': { type: 'string' } },
    required: ['id-number'],
    async run(io, args) {
      const r = await io.call('dev.delete', { person: str(args, 'id-number')! });
      io.out(io.json ? r : `已删除：${r.name}`);
    },
  },
  {
    words: ['dev', 'review'],
    usage: 'dev review --id-number 身份证号 --kind 培养考察|思想汇报 --date YYYY-MM-DD [--reviewer 考察人] [--summary 考察情况]',
    options: { 'id-number': { type: 'string' }, kind: { type: 'string' }, date: { type: 'string' }, reviewer: { type: 'string' }, summary: { type: 'string' } },
    required: ['id-number', 'kind', 'date'],
    async run(io, args) {
      const p = await io.call('dev.addReview', {
        person: str(args, 'id-number')!, kind: str(args, 'kind')!, date: str(args, 'date')!, reviewer: str(args, 'reviewer') ?? null, summary: str(args, 'summary') ?? null,
      });
      io.out(io.json ? p : `已登记${str(args, 'kind')}：${p.name} ${str(args, 'date')}`);
    },
  },
  {
    words: ['dev', 'board'],
    usage: 'dev board [--org 党组织] [--as-of YYYY-MM-DD] [--json]',
    options: { org: { type: 'string' }, 'as-of': { type: 'string' } },
    async run(io, args) {
      const b = await io.call('dev.board', { org: str(args, 'org') ?? null, asOf: str(args, 'as-of') ?? null });
      if (io.json) return io.out(b);
      const rows = b.branches.map((x) => `${x.org}\t入党申请人 ${x.applicants}\t入党积极分子 ${x.activists}\t发展对象 ${x.candidates}\t预备党员 ${x.probationary}`);
      const due = b.due.map((d) => `${d.due}\t${d.org}\t${d.name}（${d.stage}）\t${d.message}`);
      io.out([...rows, '', due.length ? `本月待办：\n${due.join('\n')}` : '本月没有待办'].join('\n'));
    },
  },
  {
    words: ['dev', 'import'],
    usage: 'dev import --file 名单.xlsx [--org 默认党组织] [--dry-run] [--json]',
    options: { file: { type: 'string' }, org: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    required: ['file'],
    async run(io, args) {
      const file = str(args, 'file')!;
      const r = await io.call('dev.import', { bytes: io.readFile(file), fileName: file, org: str(args, 'org') ?? null, dryRun: Boolean(args.values['dry-run']) });
      if (io.json) return io.out(r);
      for (const w of r.warnings) io.err(`提示：第 ${w.row} 行 ${w.message}`);
      for (const e of r.errors) io.err(`第 ${e.row} 行未导入：${e.message}`);
      io.out(r.dryRun ? `检查完成：共 ${r.rows} 行，${r.rows - r.errors.length} 行可以导入` : `已导入 ${r.imported} 人（共 ${r.rows} 行）`);
      return r.errors.length && !r.imported ? 1 : 0;
    },
  },
];
