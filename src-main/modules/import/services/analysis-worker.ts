import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../domain/errors.ts';
import { analyseBytes, type WorkerInput } from './analyse-file.ts';
import type { AnalysisEvent } from './analyse.ts';

// Worker thread entry: reading and checking a spreadsheet is CPU work of seconds for a big roster, so
// it runs here, off the thread that answers the UI (progress polls and cancel stay instant), under a
// heap ceiling (run-analysis.ts). The analysed rows go back in chunks as they come, in file order; when
// the caller is FLOW_CHUNKS chunks behind, the reading waits for it.

const CHUNK_EVENTS = 1000;
const FLOW_CHUNKS = 4;

const input = workerData as WorkerInput;
const flow = input.flow ? new Int32Array(input.flow) : null;
let events: AnalysisEvent[] = [];
let posted = 0;
const flush = () => {
  if (!events.length) return;
  parentPort!.postMessage({ type: 'events', events });
  events = [];
  posted++;
  if (!flow) return;
  for (;;) {
    const taken = Atomics.load(flow, 0);
    if (posted - taken <= FLOW_CHUNKS || Atomics.load(flow, 1)) return;
    Atomics.wait(flow, 0, taken, 1000);
  }
};
const push = (e: AnalysisEvent) => {
  events.push(e);
  if (events.length >= CHUNK_EVENTS) flush();
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
