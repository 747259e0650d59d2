import { Button, Modal, Progress, Typography } from 'antd';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { JobProgress, JobStarted } from '../../../src-main/contract/index.ts';
import type { AppErrorData } from '../../../src-main/contract/errors.ts';

export type RunJob = <R>(title: string, start: () => Promise<JobStarted<R>>) => Promise<R>;

// Runs a job-starting operation: a modal with a moving progress bar and a cancel button, resolving
// with the job's result, typed by the operation (or rejecting with its error). Shared by imports and exports.
export function useJobRunner(): [RunJob, ReactNode] {
  const [state, setState] = useState<{ title: string; progress: JobProgress | null } | null>(null);
  const jobId = useRef<string | null>(null);

  const run = useCallback(async <R,>(title: string, start: () => Promise<JobStarted<R>>): Promise<R> => {
    setState({ title, progress: null });
    try {
      const { jobId: id } = await start();
      jobId.current = id;
      for (;;) {
        const p = await api.jobs.progress({ jobId: id });
        setState({ title, progress: p });
        if (p.status === 'done') return p.result as R;
        if (p.status !== 'running') throw new ApiError((p.error as AppErrorData | undefined) ?? { code: 'INTERNAL', message: '任务失败' });
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      jobId.current = null;
      setState(null);
    }
  }, []) as RunJob;

  const cancel = () => {
    if (jobId.current) void api.jobs.cancel({ jobId: jobId.current });
  };

  const p = state?.progress;
  const percent = p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  const modal = (
    <Modal
      open={state !== null}
      title={state?.title}
      closable={false}
      mask={{ closable: false }}
      footer={<Button onClick={cancel} data-testid="job-cancel">取消</Button>}
    >
      <Progress percent={percent} status="active" data-testid="job-progress" />
      <Typography.Text type="secondary">
        {p?.message || '处理中…'}
        {p && p.total > 0 ? `（${p.done.toLocaleString()} / ${p.total.toLocaleString()}）` : ''}
      </Typography.Text>
    </Modal>
  );
  return [run, modal];
}
