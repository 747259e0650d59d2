import type { z } from 'zod';

// Each operation is declared once: its zod input schema and (as a phantom type) its output.
// `job: true` marks long work: the operation returns `{ jobId }` and the result comes from jobs.progress.
export interface OpDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  job?: boolean;
  /** phantom, never set: carries the output type */
  readonly __out?: O;
}

export function op<O>() {
  return <I extends z.ZodType>(input: I, opts: { job?: boolean } = {}): OpDef<I, O> => ({
    input,
    job: opts.job,
  });
}

export type InputOf<D> = D extends OpDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<D> = D extends OpDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<D> = D extends OpDef<z.ZodType, infer O> ? O : never;

/** What an export operation returns; the adapter saves it (save dialog, download, --out). */
export interface FileResult {
  fileName: string;
  bytes: Uint8Array;
  /** notes for the clerk (Chinese), e.g. a table too wide for one page: which columns to leave out */
  warnings?: string[];
}

export interface JobStarted {
  jobId: string;
}
