import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../domain/errors.ts';
import { analyseBytes, type WorkerInput } from './analyse-file.ts';
import type { AnalysisEvent } from './analyse.ts';

// Worker thread entry: reading and checking a spreadsheet is CPU work of seconds for a big roster, so
// it runs here, off the thread that answers the UI (progress polls and cancel stay instant). The analysed
// rows go back in chunks as they come, in file order.

const input = workerData as WorkerInput;
let events: AnalysisEvent[] = [];
const flush = () => {
  if (events.length) parentPort!.postMessage({ type: 'events', events });
  events = [];
};
const push = (e: AnalysisEvent) => {
  events.push(e);
  if (events.length >= 1000) flush();
};
analyseBytes(
  input.bytes,
  input.fileName,
  { ...input.options, onProgress: (done, total) => parentPort!.postMessage({ type: 'progress', done, total }) },
  {
    columns: (sheet, mapping) => push({ kind: 'columns', sheet, mapping }),
    row: (row) => push({ kind: 'row', row }),
    skipped: (skipped) => push({ kind: 'skipped', skipped }),
  },
)
  .then((analysis) => {
    flush();
    parentPort!.postMessage({ type: 'done', analysis });
  })
  .catch((e) => parentPort!.postMessage({ type: 'error', error: isAppError(e) ? e.toJSON() : { code: 'INTERNAL', message: `读取文件失败：${(e as Error)?.message ?? String(e)}` } }));
