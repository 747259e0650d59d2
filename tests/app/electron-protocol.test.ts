import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { privilegedSchemes, handleAppProtocol } from '../../src-main/adapters/ipc/protocol.ts';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../src-main/security/csp.ts';

vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module);

// A renderer folder with a secret file beside it: the protocol must serve the first and never the second.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-proto-'));
const rendererDir = path.join(base, 'renderer');
const SECRET = 'TOP-SECRET-OUTSIDE-RENDERER';

beforeAll(() => {
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>党务</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(base, 'renderer-evil.txt'), SECRET); // shares the folder-name prefix
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handleAppProtocol(new Request(url, { method }), rendererDir);

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme without CSP bypass', () => {
    expect(privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer with the same CSP and security headers as browser mode', async () => {
    const res = await get('app://dangwu/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>党务</title>');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);

    const js = await get('app://dangwu/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers errors with the security headers too', async () => {
    const res = await get('app://dangwu/missing.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://dangwu/../secret.txt',
    'app://dangwu/../../etc/passwd',
    'app://dangwu/assets/../../secret.txt',
    'app://dangwu/%2e%2e/secret.txt',
    'app://dangwu/%2E%2E%2Fsecret.txt',
    'app://dangwu/..%2fsecret.txt',
    'app://dangwu/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    'app://dangwu/assets/..%2f..%2fsecret.txt',
    'app://dangwu/..%5csecret.txt',
    'app://dangwu/%252e%252e/secret.txt',
    'app://dangwu/%2fetc%2fpasswd',
    'app://dangwu//etc/passwd',
    `app://dangwu/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    'app://dangwu/..%2frenderer-evil.txt',
    'app://dangwu/index.html%00.js',
    'app://dangwu/%E0%A4%A',
  ])('refuses %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain('root:');
  });

  it('serves only its own host and only GET/HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://dangwu/index.html', 'POST')).status).toBe(405);
    const head = await get('app://dangwu/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
