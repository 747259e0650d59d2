import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../domain/errors.ts';
import { analyseBytes, type WorkerInput } from './analyse-file.ts';

// Worker thread entry: reading and checking a spreadsheet is CPU work of seconds for a big roster, so
// it runs here, off the thread that answers the UI (progress polls and cancel stay instant).

const input = workerData as WorkerInput;
analyseBytes(input.bytes, input.fileName, {
  ...input.options,
  onProgress: (done, total) => parentPort!.postMessage({ type: 'progress', done, total }),
})
  .then((analysis) => parentPort!.postMessage({ type: 'done', analysis }))
  .catch((e) => parentPort!.postMessage({ type: 'error', error: isAppError(e) ? e.toJSON() : { code: 'INTERNAL', message: `读取文件失败：${(e as Error)?.message ?? String(e)}` } }));
