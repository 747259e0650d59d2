import type { ParseArgsOptionsConfig } from 'node:util';
import type { JobResultOf, OpInput, OpName, OpOutput } from '../../contract/index.ts';

// A CLI command maps its flags onto contract operations; it holds no business logic and never touches
// the database itself.

export interface CliIo {
  /** the contract operation, validated and dispatched like IPC/HTTP */
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  /** runs a job-starting operation and waits for its result (progress lines on stderr with DANGWU_PROGRESS=1) */
  runJob<K extends OpName>(name: K, input: OpInput<K>): Promise<JobResultOf<OpOutput<K>>>;
  json: boolean;
  /** stdout: JSON (with --json) or text */
  out(value: unknown): void;
  /** stderr line (warnings, logs) */
  err(line: string): void;
  /** writes an export's bytes to the --out path */
  writeFile(file: string, bytes: Uint8Array): void;
  /** reads an input file; a missing or unreadable file is refused in Chinese */
  readFile(file: string): Uint8Array<ArrayBuffer>;
  /**
   * the same, into memory a worker thread shares instead of copying (a spreadsheet the import parses in
   * its worker: one copy of a 200,000-row roster's 22 MB, not two)
   */
  readSharedFile(file: string): Uint8Array<SharedArrayBuffer>;
  /** the password given with --password-file or DANGWU_PASSWORD (or typed at the prompt), or null */
  password(): string | null;
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
  /** number of positional arguments after the command words (a range [min, max] for several) */
  positionals?: number | [number, number];
  /** false for commands that need no database (calculations) */
  needsDb?: boolean;
  /** may run while an encrypted database stays locked (password reset with the recovery key) */
  locked?: boolean;
  /** exit code (default 0) */
  run(io: CliIo, args: CliArgs): Promise<number | void>;
}

export const str = (args: CliArgs, key: string): string | undefined => args.values[key] as string | undefined;
