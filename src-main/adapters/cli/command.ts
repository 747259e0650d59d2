import type { ParseArgsOptionsConfig } from 'node:util';
import type { OpName, OpInput, OpOutput } from '../../contract/index.ts';
import type { ServiceContext } from '../../services/context.ts';

// A CLI command maps its flags onto one contract operation (or a few); it holds no business logic.

export interface CliIo {
  /** the contract operation, validated and dispatched like IPC/HTTP */
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  /** runs a job-starting operation and waits for its result, printing progress to stderr */
  runJob<T = unknown>(name: OpName, input: unknown): Promise<T>;
  ctx: ServiceContext | null;
  json: boolean;
  /** stdout: JSON (with --json) or text */
  out(value: unknown): void;
  /** stderr line (warnings, logs) */
  err(line: string): void;
  /** writes an export's bytes to the --out path */
  writeFile(file: string, bytes: Uint8Array): void;
}

export interface CliArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface CliCommand {
  /** e.g. ['org', 'add'] */
  words: string[];
  usage: string;
  options?: ParseArgsOptionsConfig;
  /** flags that must be present (missing → usage error, exit 2) */
  required?: string[];
  /** number of positional arguments after the command words */
  positionals?: number;
  /** false for commands that need no database (calculations) */
  needsDb?: boolean;
  /** exit code (default 0) */
  run(io: CliIo, args: CliArgs): Promise<number | void>;
}

/** loaded lazily by main.ts so that a command pulls in only its own module */
export type CommandModule = { commands: CliCommand[] };
