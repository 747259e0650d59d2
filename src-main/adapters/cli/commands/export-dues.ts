import type { CliArgs, CliCommand, CliIo } from '../command.ts';
import { intFlag } from './dues.ts';

// `export dues-…` tables (spread into export.ts).

const s = (args: CliArgs, key: string): string | undefined => args.values[key] as string | undefined;

/** print-size notes of the export (a table too wide for one page …), on stderr */
const printWarnings = (io: CliIo, file: { warnings?: string[] }) => {
  for (const w of file.warnings ?? []) io.err(`提示：${w}`);
};

export const exportCommands: CliCommand[] = [
  {
    words: ['export', 'dues-publicity'],
    usage: 'export dues-publicity --org 组织 --period 2023-Q1|2023-03 --out FILE.xlsx [--include-base]',
    options: { org: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' }, 'include-base': { type: 'boolean' } },
    required: ['org', 'period', 'out'],
    async run(io, args) {
      const file = await io.call('dues.exportPublicity', { org: s(args, 'org'), period: s(args, 'period')!, includeBase: Boolean(args.values['include-base']) });
      io.writeFile(s(args, 'out')!, file.bytes);
      printWarnings(io, file);
    },
  },
  {
    words: ['export', 'dues-summary'],
    usage: 'export dues-summary --year 2023 [--org 组织] --out FILE.xlsx',
    options: { year: { type: 'string' }, org: { type: 'string' }, out: { type: 'string' } },
    required: ['year', 'out'],
    async run(io, args) {
      const file = await io.call('dues.exportSummary', { year: intFlag(args, 'year'), org: s(args, 'org') ?? null });
      io.writeFile(s(args, 'out')!, file.bytes);
      printWarnings(io, file);
    },
  },
  {
    words: ['export', 'dues-usage'],
    usage: 'export dues-usage --org 组织 --year 2023 --out FILE.xlsx',
    options: { year: { type: 'string' }, org: { type: 'string' }, out: { type: 'string' } },
    required: ['org', 'year', 'out'],
    async run(io, args) {
      const file = await io.call('dues.exportUsage', { year: intFlag(args, 'year'), org: s(args, 'org') });
      io.writeFile(s(args, 'out')!, file.bytes);
      printWarnings(io, file);
    },
  },
  {
    words: ['export', 'dues-assessment'],
    usage: 'export dues-assessment --org 组织 --year 2024 --out FILE.xlsx',
    options: { year: { type: 'string' }, org: { type: 'string' }, out: { type: 'string' } },
    required: ['org', 'year', 'out'],
    async run(io, args) {
      const file = await io.call('dues.exportAssessment', { year: intFlag(args, 'year'), org: s(args, 'org') });
      io.writeFile(s(args, 'out')!, file.bytes);
      printWarnings(io, file);
    },
  },
];
