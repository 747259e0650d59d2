import { readSpreadsheet } from '../excel/read/index.ts';
import { analyseGrid, type Analysis, type AnalyseOptions } from './analyse.ts';

// bytes → Analysis: the whole pure pipeline, the same inline or in the worker.

export type PureOptions = Omit<AnalyseOptions, 'onProgress' | 'signal'>;

export interface WorkerInput {
  bytes: Uint8Array;
  fileName: string;
  options: PureOptions;
}

/** progress: reading is ~85% of the work, checking the rows the rest */
export const PROGRESS_TOTAL = 1000;

export async function analyseBytes(
  bytes: Uint8Array,
  fileName: string,
  opts: PureOptions & { onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
): Promise<Analysis> {
  const grid = await readSpreadsheet(bytes, fileName, {
    sheets: opts.sheets,
    signal: opts.signal,
    onProgress: (f) => opts.onProgress?.(Math.round(f * 850), PROGRESS_TOTAL),
  });
  const analysis = analyseGrid(grid, opts);
  opts.onProgress?.(PROGRESS_TOTAL, PROGRESS_TOTAL);
  return analysis;
}
