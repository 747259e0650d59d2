import type { JobProgress, JobStarted } from '../contract/define.ts';
import { AppError, isAppError, type ErrorCode } from '../domain/errors.ts';

// Long work (imports, big exports) runs as a job so that progress and cancel are ordinary contract
// operations over IPC, HTTP and the CLI alike.

export type { JobProgress, JobStatus } from '../contract/define.ts';

export interface JobHandle {
  readonly signal: AbortSignal;
  report(done: number, total: number, message?: string): void;
  /** throws a CANCELLED error once the user pressed cancel; call it between units of work */
  checkCancelled(): void;
}

interface Entry {
  progress: JobProgress;
  controller: AbortController;
  finished: Promise<void>;
}

const KEEP_FINISHED = 50;

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private seq = 0;
  /** turns a low-level error (SQLite's disk full, busy …) into the clerk's sentence */
  private readonly classify: (e: unknown) => unknown;

  constructor(classify: (e: unknown) => unknown = (e) => e) {
    this.classify = classify;
  }

  /** whether any job is still running (the idle lock waits for it) */
  get running(): boolean {
    return [...this.jobs.values()].some((e) => e.progress.status === 'running');
  }

  start<R>(kind: string, run: (job: JobHandle) => Promise<R>): JobStarted<R> {
    const id = `${kind}-${Date.now().toString(36)}-${++this.seq}`;
    const controller = new AbortController();
    const progress: JobProgress = { id, kind, status: 'running', done: 0, total: 0, message: '' };
    const handle: JobHandle = {
      signal: controller.signal,
      report(done, total, message) {
        progress.done = done;
        progress.total = total;
        if (message !== undefined) progress.message = message;
      },
      checkCancelled() {
        if (controller.signal.aborted) throw new AppError('CANCELLED', '操作已取消，数据未作任何修改');
      },
    };
    const finished = (async () => {
      // let the caller receive the job id before any work starts
      await new Promise((r) => setImmediate(r));
      try {
        const result = await run(handle);
        if (controller.signal.aborted) {
          progress.status = 'cancelled';
          progress.error = new AppError('CANCELLED', '操作已取消，数据未作任何修改').toJSON();
        } else {
          progress.status = 'done';
          progress.result = result;
        }
      } catch (raw) {
        const e = this.classify(raw);
        if (!isAppError(e)) console.error(e);
        const err = isAppError(e)
          ? e
          : new AppError('INTERNAL', `处理失败：程序遇到了意外情况${(e as { code?: string })?.code ? `（${(e as { code?: string }).code}）` : ''}，数据未作修改。请重试；如果再次出现，请联系技术支持。`);
        progress.status = err.code === 'CANCELLED' ? 'cancelled' : 'failed';
        progress.error = err.toJSON();
      }
    })();
    this.jobs.set(id, { progress, controller, finished });
    this.prune();
    return { jobId: id };
  }

  progress(id: string): JobProgress {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', `找不到任务：${id}`);
    return { ...entry.progress };
  }

  cancel(id: string): JobProgress {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', `找不到任务：${id}`);
    if (entry.progress.status === 'running') entry.controller.abort();
    return { ...entry.progress };
  }

  /** waits for a job and returns its result, or throws its error (the CLI runs jobs this way) */
  async wait(id: string): Promise<unknown> {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', `找不到任务：${id}`);
    await entry.finished;
    const p = entry.progress;
    if (p.status === 'done') return p.result;
    const e = p.error!;
    throw new AppError(e.code as ErrorCode, e.message, e.field, e.details);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.progress.status !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(e.progress.id);
    }
  }
}
