import type { CliCommand } from '../command.ts';

export const exportCommands: CliCommand[] = [];
