import { buildApi, type Api } from '../../../src-main/contract/index.ts';
import { decodeWire, encodeWire } from '../../../src-main/contract/wire.ts';
import type { AppErrorData } from '../../../src-main/contract/errors.ts';

// The renderer's one way to the main process: window.dangwu in Electron (preload), else the
// browser-mode HTTP bridge with the per-start token from the address (#t=…).

/** fired when a call finds the database locked (the idle lock, or a lock from elsewhere): the lock screen shows */
export const LOCKED_EVENT = 'dangwu-locked';

export class ApiError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly details?: unknown;
  constructor(data: AppErrorData) {
    super(data.message);
    this.code = data.code;
    this.field = data.field;
    this.details = data.details;
    if (data.code === 'LOCKED' && typeof window !== 'undefined') window.dispatchEvent(new Event(LOCKED_EVENT));
  }
}

declare global {
  interface Window {
    dangwu?: Api;
  }
}

function readToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('t');
  if (fromHash) {
    sessionStorage.setItem('dangwu-token', fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem('dangwu-token') ?? '';
}

function httpApi(): Api {
  const token = readToken();
  return buildApi(async (name: string, input: unknown) => {
    const res = await fetch(`/rpc/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-dangwu-token': token },
      body: JSON.stringify(encodeWire(input)),
    });
    let body: { ok: boolean; result?: unknown; error?: AppErrorData };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ApiError({ code: 'INTERNAL', message: `调用失败（HTTP ${res.status}）` });
    }
    if (!body.ok) throw new ApiError(body.error ?? { code: 'INTERNAL', message: '调用失败' });
    return decodeWire(body.result);
  });
}

function electronApi(bridge: Api): Api {
  // the preload returns {ok, result|error} envelopes so that errors keep their code and field
  const wrapped: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const [ns, methods] of Object.entries(bridge as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)) {
    wrapped[ns] = {};
    for (const [m, fn] of Object.entries(methods)) {
      wrapped[ns][m] = async (input) => {
        const r = (await fn(input)) as { ok: boolean; result?: unknown; error?: AppErrorData };
        if (!r.ok) throw new ApiError(r.error ?? { code: 'INTERNAL', message: '调用失败' });
        return r.result;
      };
    }
  }
  return wrapped as unknown as Api;
}

export const api: Api = window.dangwu ? electronApi(window.dangwu) : httpApi();
export const isElectron = Boolean(window.dangwu);

/** saves an export: a download in the browser (Electron's preload could offer a save dialog later) */
export function saveFile(file: { fileName: string; bytes: Uint8Array }): void {
  const blob = new Blob([file.bytes as BlobPart], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
