import type { z } from 'zod';

// Each operation is declared once: its zod input schema and (as a phantom type) its output.
// A job operation returns `JobStarted<R>`: the result R comes later from jobs.progress, typed.

export interface OpDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  job?: boolean;
  /** writes much at once (docs/safety.md#backups): see bulkWrite() */
  bulk?: BulkWrite;
  /** phantom, never set: carries the output type */
  readonly __out?: O;
}

/** `op<Output>()(inputSchema)`: an ordinary operation */
export function op<O>() {
  return <I extends z.ZodType>(input: I): OpDef<I, O> => ({ input });
}

export interface BulkWrite {
  /** an automatic backup before every call ('always': imports) or at most once an hour ('hourly') */
  backup: 'always' | 'hourly';
  /** what other windows are told while it runs: 另一个窗口正在{title}，请稍候… */
  title: string;
}

/** marks an operation that writes much at once: a backup before it, and a note for other windows while it runs */
export function bulkWrite<D extends OpDef>(def: D, bulk: BulkWrite): D {
  return { ...def, bulk };
}

/** `jobOp<Result>()(inputSchema)`: long work; the operation answers `{ jobId }` at once */
export function jobOp<R>() {
  return <I extends z.ZodType>(input: I): OpDef<I, JobStarted<R>> => ({ input, job: true });
}

export type InputOf<D> = D extends OpDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<D> = D extends OpDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<D> = D extends OpDef<z.ZodType, infer O> ? O : never;

/** What an export returns; the adapter saves it (save dialog, download, --out). */
export interface FileResult {
  fileName: string;
  bytes: Uint8Array;
  /** print-layout hints (columns to drop to print on one page wide …), shown to the clerk */
  warnings?: string[];
}

/** a started job; R is the type of its result (jobs.progress → result) */
export interface JobStarted<R = unknown> {
  jobId: string;
  /** phantom, never set */
  readonly __result?: R;
}

export type JobResultOf<S> = S extends JobStarted<infer R> ? R : never;

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobErrorData {
  code: string;
  message: string;
  field?: string;
  details?: unknown;
}

export interface JobProgress<R = unknown> {
  id: string;
  kind: string;
  status: JobStatus;
  done: number;
  total: number;
  message: string;
  result?: R;
  error?: JobErrorData;
}
