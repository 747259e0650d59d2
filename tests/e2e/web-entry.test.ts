import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run web` as a newcomer runs it: the real entry point prints ONE address carrying the token,
// serves the built renderer with the CSP on 127.0.0.1 only, and refuses calls without the token,
// with a foreign Host header, or for an operation that is not in the contract.

let child: ChildProcess;
let dir: string;
let url: URL;
let token: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-web-'));
  // through the npm script itself, so a wrong script path fails here
  child = spawn('npm', ['run', '-s', 'web', '--', '--db', path.join(dir, 'web.db'), '--no-build'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`web exited ${code}`)));
    setTimeout(() => reject(new Error('no address printed')), 30_000);
  });
  expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#t=[A-Za-z0-9_-]{20,}$/);
  url = new URL(line);
  token = url.hash.slice('#t='.length);
});

afterAll(() => {
  if (child?.pid) process.kill(-child.pid, 'SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

const rpc = (name: string, headers: Record<string, string> = {}) =>
  fetch(`${url.origin}/rpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

describe('npm run web entry point', () => {
  it('serves the renderer with the strict CSP', async () => {
    const res = await fetch(url.origin + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(await res.text()).toContain('<div id="root">');
  });

  it('answers contract calls only with the per-start token', async () => {
    const denied = await rpc('orgs.list');
    expect(denied.status).toBe(401);
    const ok = (await (await rpc('orgs.list', { 'x-dangwu-token': token })).json()) as { ok: boolean; result: unknown[] };
    expect(ok).toEqual({ ok: true, result: [] });
    const unknown = (await (await rpc('evil.op', { 'x-dangwu-token': token })).json()) as { ok: boolean; error: { message: string } };
    expect(unknown.ok).toBe(false);
    expect(unknown.error.message).toContain('未知操作');
  });

  it('listens on 127.0.0.1 only and refuses a foreign Host header (DNS rebinding)', async () => {
    expect(url.hostname).toBe('127.0.0.1');
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: Number(url.port), path: '/', headers: { host: 'evil.example' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(403);
  });
});
