import type { CliCommand } from '../command.ts';
import type { FileResult } from '../../../contract/define.ts';
import type { CampaignTable } from '../../../domain/campaign/columns.ts';

// `export religion-progress|religion-findings|religion-ledger --campaign ID --out FILE.xlsx` (issue 5).

const TABLES: [string, CampaignTable, string][] = [
  ['religion-progress', 'progress', '党员信教问题专项整治工作推进情况统计表'],
  ['religion-findings', 'findings', '排查出的党员信教情况统计表'],
  ['religion-ledger', 'ledger', '承诺书签订台账'],
];

export const exportCommands: CliCommand[] = TABLES.map(([word, table, title]) => ({
  words: ['export', word],
  usage: `export ${word} --campaign ID --out 文件.xlsx    （${title}）`,
  options: { campaign: { type: 'string' }, out: { type: 'string' } },
  required: ['campaign', 'out'],
  async run(io, { values }) {
    const file = await io.runJob<FileResult>('campaign.export', { campaignId: Number(values.campaign), table });
    io.writeFile(values.out as string, file.bytes);
    for (const w of file.warnings ?? []) io.err(`提示：${w}`);
    if (!io.json) io.err(`已导出：${values.out as string}`);
  },
}));
