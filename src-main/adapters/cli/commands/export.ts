import type { CliCommand } from '../command.ts';
import { exportCommands as core } from './export-core.ts';

// `export <table> --out FILE ...`: each module contributes its tables.
export const commands: CliCommand[] = [...core];
