import type { CliCommand } from '../command.ts';
import { exportCommands as core } from './export-core.ts';
import { exportCommands as campaign } from './export-campaign.ts';
import { exportCommands as dues } from './export-dues.ts';

// `export <table> --out FILE ...`: each module contributes its tables.
export const commands: CliCommand[] = [...core, ...campaign, ...dues];
