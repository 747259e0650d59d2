import { readSpreadsheet } from '../../../excel/read/index.ts';
import type { GridRow, MergeRange } from '../../../excel/read/grid.ts';
import { analyseSheet, notSelected, SheetAnalyser, type Analysis, type AnalyseOptions, type AnalysisSink, type SheetAnalysis } from './analyse.ts';
import { MESSAGES, unusable } from '../../../excel/read/unusable.ts';

// bytes → Analysis: the whole pure pipeline, the same inline or in the worker. An .xlsx streams its
// rows straight into the analysers, and the analysed rows leave through the sink (memory: the rows the
// sink keeps, never the whole grid).

export type PureOptions = Omit<AnalyseOptions, 'onProgress' | 'signal'>;

export interface WorkerInput {
  bytes: Uint8Array;
  fileName: string;
  options: PureOptions;
  /** flow control with the caller (run-analysis.ts): chunks it has taken in, and whether it still listens */
  flow?: SharedArrayBuffer;
}

/** progress: reading and checking, 0–1000 */
export const PROGRESS_TOTAL = 1000;

export async function analyseBytes(
  bytes: Uint8Array,
  fileName: string,
  opts: PureOptions & { onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
  sink: AnalysisSink,
): Promise<Analysis> {
  const streamed: SheetAnalysis[] = [];
  const open = new Map<string, SheetAnalyser>();
  const prefix = opts.sheetPrefix ?? '';
  let anyRow = false;
  const grid = await readSpreadsheet(
    bytes,
    fileName,
    { sheets: opts.sheets?.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length)), signal: opts.signal, onProgress: (f) => opts.onProgress?.(Math.round(f * 990), PROGRESS_TOTAL) },
    {
      startSheet(name) {
        const qualified = prefix + name;
        if (opts.sheets?.length && !opts.sheets.includes(qualified)) return null;
        const a = new SheetAnalyser(qualified, opts, sink);
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
    analysis = { format: grid.format, sheets: grid.sheets.map((s) => byName.get(prefix + s.name) ?? notSelected(prefix + s.name)) };
  } else analysis = { format: grid.format, sheets: grid.sheets.map((s) => analyseSheet(s, opts, sink)) };
  opts.onProgress?.(PROGRESS_TOTAL, PROGRESS_TOTAL);
  return analysis;
}
