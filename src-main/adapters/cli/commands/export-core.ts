import type { CliCommand } from '../command.ts';
import type { FileResult } from '../../../contract/define.ts';

// `export roster --out FILE.xlsx [--org NAME]`: the 党员花名册 job (exports.roster) written to --out.
// An unknown or ambiguous organization is refused by the service (exit 1, Chinese message).

export const exportCommands: CliCommand[] = [
  {
    words: ['export', 'roster'],
    usage: 'export roster --out FILE.xlsx [--org 组织名称]',
    options: { out: { type: 'string' }, org: { type: 'string' } },
    required: ['out'],
    async run(io, { values }) {
      const out = values.out as string;
      const org = values.org as string | undefined;
      const file = await io.runJob<FileResult>('exports.roster', org ? { org } : {});
      io.writeFile(out, file.bytes);
      for (const w of file.warnings ?? []) io.err(`提示：${w}`);
      if (io.json) io.out({ out, fileName: file.fileName, bytes: file.bytes.byteLength, warnings: file.warnings ?? [] });
      else io.err(`已导出：${out}`);
      return 0;
    },
  },
];
