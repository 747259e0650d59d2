import { readSpreadsheet } from '../../../excel/read/index.ts';
import type { GridRow, MergeRange } from '../../../excel/read/grid.ts';
import { analyseGrid, notSelected, SheetAnalyser, type Analysis, type AnalyseOptions, type AnalysedRow, type SheetAnalysis } from './analyse.ts';
import { MESSAGES, unusable } from '../../../excel/read/unusable.ts';

// bytes → Analysis: the whole pure pipeline, the same inline or in the worker. An .xlsx streams its
// rows straight into the analysers (memory: the analysed rows, never the whole grid).

export type PureOptions = Omit<AnalyseOptions, 'onProgress' | 'signal'>;

export interface WorkerInput {
  bytes: Uint8Array;
  fileName: string;
  options: PureOptions;
}

/** progress: reading and checking, 0–1000 */
export const PROGRESS_TOTAL = 1000;

export async function analyseBytes(
  bytes: Uint8Array,
  fileName: string,
  opts: PureOptions & { onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
): Promise<Analysis> {
  const rows: AnalysedRow[] = [];
  const streamed: SheetAnalysis[] = [];
  const open = new Map<string, SheetAnalyser>();
  let anyRow = false;
  const grid = await readSpreadsheet(
    bytes,
    fileName,
    { sheets: opts.sheets, signal: opts.signal, onProgress: (f) => opts.onProgress?.(Math.round(f * 990), PROGRESS_TOTAL) },
    {
      startSheet(name) {
        if (opts.sheets?.length && !opts.sheets.includes(name)) return null;
        const a = new SheetAnalyser(name, opts, rows);
        open.set(name, a);
        return (r: number, row: GridRow) => {
          anyRow = true;
          a.push(r, row);
        };
      },
      endSheet(name: string, merges: MergeRange[]) {
        const a = open.get(name);
        if (a) streamed.push(a.finish(merges));
      },
    },
  );
  let analysis: Analysis;
  if (grid.format === 'xlsx') {
    if (!anyRow) throw unusable(MESSAGES.empty);
    const byName = new Map(streamed.map((s) => [s.name, s]));
    analysis = { format: grid.format, sheets: grid.sheets.map((s) => byName.get(s.name) ?? notSelected(s.name)), rows };
  } else analysis = analyseGrid(grid, opts);
  opts.onProgress?.(PROGRESS_TOTAL, PROGRESS_TOTAL);
  return analysis;
}
