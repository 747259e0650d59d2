import { Button, Modal, Progress, Typography } from 'antd';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { JobProgress } from '../../../src-main/services/jobs.ts';

// Runs a job-starting operation: a modal with a moving progress bar and a cancel button, resolving
// with the job's result (or rejecting with its error). Shared by imports and big exports.
export function useJobRunner(): [<T>(title: string, start: () => Promise<{ jobId: string }>) => Promise<T>, ReactNode] {
  const [state, setState] = useState<{ title: string; progress: JobProgress | null } | null>(null);
  const jobId = useRef<string | null>(null);

  const run = useCallback(async <T,>(title: string, start: () => Promise<{ jobId: string }>): Promise<T> => {
    setState({ title, progress: null });
    try {
      const { jobId: id } = await start();
      jobId.current = id;
      for (;;) {
        const p = await api.jobs.progress({ jobId: id });
        setState({ title, progress: p });
        if (p.status === 'done') return p.result as T;
        if (p.status !== 'running') throw new ApiError(p.error ?? { code: 'INTERNAL', message: '任务失败' });
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      jobId.current = null;
      setState(null);
    }
  }, []);

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
