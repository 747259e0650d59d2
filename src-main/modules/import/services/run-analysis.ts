import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, type AppErrorData } from '../../../domain/errors.ts';
import { replay, type Analysis, type AnalysisEvent, type AnalysisSink } from './analyse.ts';
import type { PureOptions, WorkerInput } from './analyse-file.ts';
import { LIMIT_MESSAGES } from '../../../excel/read/limits.ts';

// Runs the pure pipeline in a worker thread everywhere (the app, browser mode and the CLI): the thread
// that answers the UI stays free, and a hostile file meets a memory ceiling that stops the worker, not
// the app (docs/safety.md#hostile-files). From source the worker is the .ts file (Node strips its
// types); in the electron-vite bundle the build emits it as analysis-worker.js beside main.js and
// rewrites this URL (electron.vite.config.mjs), inside the ASAR (Electron loads worker scripts from it).
//
// The analysed rows reach `sink` in file order while the file is still being read: the worker sends them
// in chunks, and the caller plans and writes each chunk as it comes (the import's one transaction is open
// meanwhile: docs/domain/import.md#import-flow). The worker waits when the caller is FLOW_CHUNKS chunks
// behind (a slow disk, an encrypted database), so rows never pile up between the threads.

const WORKER_URL = new URL('./analysis-worker.ts', import.meta.url);

/** the worker's heap ceiling: a real 200,000-row roster needs well under half of it */
export const WORKER_HEAP_MB = 384;
/**
 * the worker's young generation: the parse makes millions of short-lived strings; measured on a
 * 200,000-row roster, a larger one buys no time and costs resident memory (docs/domain/import.md#speed-and-memory)
 */
const WORKER_YOUNG_MB = 48;

export async function runAnalysis(
  bytes: Uint8Array,
  fileName: string,
  options: PureOptions,
  sink: AnalysisSink,
  hooks: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal; inline?: boolean } = {},
): Promise<Analysis> {
  const workerFile = WORKER_URL.protocol === 'file:' ? fileURLToPath(WORKER_URL) : '';
  if (hooks.inline) {
    const { analyseBytes } = await import('./analyse-file.ts');
    return analyseBytes(bytes, fileName, { ...options, onProgress: hooks.onProgress, signal: hooks.signal }, sink);
  }
  if (!workerFile || !fs.existsSync(workerFile)) {
    // a build that did not emit the worker: refuse rather than parse an untrusted file on the main thread
    throw new AppError('INTERNAL', '程序文件不完整（缺少读取表格的组件），请重新安装');
  }
  const { Worker } = await import('node:worker_threads');
  // [0]: chunks the caller has taken in; [1]: 1 once the caller has stopped listening
  const flow = new Int32Array(new SharedArrayBuffer(8));
  const input: WorkerInput = { bytes, fileName, options, flow: flow.buffer as SharedArrayBuffer };
  return new Promise<Analysis>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: input,
      // V8 heap flags are not accepted per worker: its own young generation, and the heap ceiling
      execArgv: process.execArgv.filter((a) => !a.startsWith('--max-semi-space-size')),
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      Atomics.store(flow, 1, 1);
      Atomics.notify(flow, 0);
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
          return;
        }
        Atomics.add(flow, 0, 1);
        Atomics.notify(flow, 0);
      } else if (m.type === 'progress') hooks.onProgress?.(m.done!, m.total!);
      else if (m.type === 'done') {
        // the worker's heap is given back before the caller goes on (a large import then rebuilds its
        // indexes: the peak of memory would otherwise hold both)
        const analysis = m.analysis!;
        finish(() => {});
        void worker.terminate().then(() => resolve(analysis), () => resolve(analysis));
      }
      else if (m.type === 'error') finish(() => reject(new AppError(m.error!.code, m.error!.message, m.error!.field, m.error!.details)));
    });
    worker.on('error', (e) => {
      // the heap ceiling reached: a hostile or absurdly large file, said in Chinese
      const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(e.message);
      finish(() => reject(oom ? new AppError('UNREADABLE', LIMIT_MESSAGES.memory) : new AppError('INTERNAL', '读取文件时程序出错，数据库未作任何修改')));
    });
    worker.on('exit', (code) => finish(() => reject(new AppError('INTERNAL', `读取文件的线程意外退出（${code}），数据库未作任何修改`))));
  });
}
