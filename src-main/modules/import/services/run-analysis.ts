import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, type AppErrorData } from '../../../domain/errors.ts';
import { replay, type Analysis, type AnalysisEvent, type AnalysisSink } from './analyse.ts';
import type { PureOptions } from './analyse-file.ts';

// Runs the pure pipeline in a worker thread (the app: the thread that answers the UI stays free) or
// inline (the CLI, which has no UI and saves the copy of the result between threads). When the
// worker file is not on disk (a bundle that did not emit it) it falls back to inline. Either way the
// analysed rows reach `sink` in file order while the file is still being read.

const WORKER_URL = new URL('./analysis-worker.ts', import.meta.url);

export async function runAnalysis(
  bytes: Uint8Array,
  fileName: string,
  options: PureOptions,
  sink: AnalysisSink,
  hooks: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal; inline?: boolean } = {},
): Promise<Analysis> {
  // running from source (Node 24 strips the types of the worker and everything it imports); inside a
  // bundle the worker's .ts graph is not on disk, so the analysis runs inline there
  const fromSource = import.meta.url.endsWith('.ts');
  const workerFile = fromSource && WORKER_URL.protocol === 'file:' ? fileURLToPath(WORKER_URL) : '';
  if (hooks.inline || !workerFile || !fs.existsSync(workerFile)) {
    const { analyseBytes } = await import('./analyse-file.ts');
    return analyseBytes(bytes, fileName, { ...options, onProgress: hooks.onProgress, signal: hooks.signal }, sink);
  }
  const { Worker } = await import('node:worker_threads');
  return new Promise<Analysis>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: { bytes, fileName, options },
      // V8 heap flags are not accepted per worker; this is the worker's equivalent of
      // --max-semi-space-size=64 (fewer scavenges while millions of cells are made)
      execArgv: process.execArgv.filter((a) => !a.startsWith('--max-semi-space-size')),
      resourceLimits: { maxYoungGenerationSizeMb: 192 },
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new AppError('CANCELLED', '操作已取消，数据未作任何修改')));
    hooks.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: { type: string; done?: number; total?: number; analysis?: Analysis; error?: AppErrorData; events?: AnalysisEvent[] }) => {
      if (settled) return;
      if (m.type === 'events') {
        try {
          replay(m.events!, sink);
        } catch (e) {
          finish(() => reject(e));
        }
      } else if (m.type === 'progress') hooks.onProgress?.(m.done!, m.total!);
      else if (m.type === 'done') finish(() => resolve(m.analysis!));
      else if (m.type === 'error') finish(() => reject(new AppError(m.error!.code, m.error!.message, m.error!.field, m.error!.details)));
    });
    worker.on('error', (e) => finish(() => reject(new AppError('INTERNAL', `读取文件失败：${e.message}`))));
    worker.on('exit', (code) => finish(() => reject(new AppError('INTERNAL', `读取文件的线程意外退出（${code}）`))));
  });
}
