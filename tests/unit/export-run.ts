import type { FileResult } from '../../src-main/contract/define.ts';
import type { ServiceContext } from '../../src-main/services/context.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';

/** runs a table of the export registry the way the UI does (exports.run, then the job's result) */
export async function runExport(ctx: ServiceContext, name: string, input: Record<string, unknown> = {}, columns?: string[]): Promise<FileResult> {
  const { jobId } = (await dispatch(ctx, 'exports.run', { name, input, ...(columns ? { columns } : {}) })) as { jobId: string };
  return (await ctx.jobs.wait(jobId)) as FileResult;
}
