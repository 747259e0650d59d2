import type { ParseArgsOptionsConfig } from 'node:util';
import type { ExportInfo } from '../../modules/core/contract.ts';
import { AppError } from '../../domain/errors.ts';
import { str, type CliArgs, type CliCommand } from './command.ts';

// Commands that are loops over the contract rather than one module's: `export` runs any table of the
// export registry with the flags its input schema declares; `reminders` lists what every module says is
// due (docs/architecture.md#cli).

const usage = (m: string): never => {
  throw new AppError('USAGE', m);
};

function flagUsage(info: ExportInfo): string {
  const parts = info.flags.map((f) => {
    const v = f.type === 'boolean' ? '' : f.type === 'number' ? ' N' : ` ${f.label}`;
    return f.required ? `--${f.flag}${v}` : `[--${f.flag}${v}]`;
  });
  return `export ${info.name} --out 文件.xlsx ${parts.join(' ')}    （${info.title}）`;
}

/** `export` alone: every table, name<TAB>title (or --json [{name, title, flags}]) */
export function exportListCommand(list: ExportInfo[]): CliCommand {
  return {
    words: ['export'],
    usage: 'export [表格名称 --out 文件.xlsx …]    （不带名称时列出全部表格）',
    needsDb: false,
    async run(io) {
      if (io.json) io.out(list.map((e) => ({ name: e.name, title: e.title, flags: e.flags.map((f) => `--${f.flag}`) })));
      else io.out(list.map((e) => `${e.name}\t${e.title}`).join('\n'));
    },
  };
}

export function exportCommand(info: ExportInfo): CliCommand {
  const options: ParseArgsOptionsConfig = { out: { type: 'string' }, columns: { type: 'string' } };
  for (const f of info.flags) options[f.flag] = f.type === 'boolean' ? { type: 'boolean' } : f.type === 'list' ? { type: 'string', multiple: true } : { type: 'string' };
  return {
    words: ['export', info.name],
    usage: flagUsage(info),
    options,
    required: ['out', ...info.flags.filter((f) => f.required).map((f) => f.flag)],
    async run(io, args) {
      const input: Record<string, unknown> = {};
      for (const f of info.flags) {
        const v = args.values[f.flag];
        if (v === undefined) continue;
        if (f.type === 'number') {
          if (typeof v !== 'string' || !/^-?\d+$/.test(v)) usage(`--${f.flag} 应为整数：${String(v)}`);
          input[f.key] = Number(v);
        } else input[f.key] = v;
      }
      const columns = str(args, 'columns')?.split(/[,，、]/).map((c) => c.trim()).filter(Boolean);
      const file = await io.runJob('exports.run', { name: info.name, input, ...(columns ? { columns } : {}) });
      const out = str(args, 'out')!;
      io.writeFile(out, file.bytes);
      for (const w of file.warnings ?? []) io.err(`提示：${w}`);
      if (io.json) io.out({ out, fileName: file.fileName, bytes: file.bytes.byteLength, warnings: file.warnings ?? [] });
      else io.err(`已导出：${out}`);
    },
  };
}

export const remindersCommand: CliCommand = {
  words: ['reminders'],
  usage: 'reminders [--org 组织（含下级）] [--as-of YYYY-MM-DD] [--json]',
  options: { org: { type: 'string' }, 'as-of': { type: 'string' } },
  async run(io, args: CliArgs) {
    const list = await io.call('reminders.list', { org: str(args, 'org') ?? null, asOf: str(args, 'as-of') ?? null });
    if (io.json) return io.out(list);
    if (!list.length) return io.out('暂无待办提醒');
    const LEVEL = { error: '【逾期】', warning: '【提醒】', info: '【提示】' } as const;
    io.out(list.map((r) => `${LEVEL[r.level]}${r.due}\t${r.org}${r.member ? `\t${r.member}` : ''}\t${r.message}`).join('\n'));
  },
};
