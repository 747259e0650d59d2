import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appContext, openVault } from '../../src-main/app.ts';
import { MAX_BODY, startWebServer, TOKEN_HEADER, type WebServer } from '../../src-main/adapters/web/server.ts';
import type { Vault } from '../../src-main/db/vault.ts';

// Browser mode under hostile requests (docs/safety.md#browser-mode): a bad address, bad JSON, an
// oversized body (refused while it streams), a body that never ends — each answered in Chinese with an
// HTTP error, and the server stays up. An encrypted database answers LOCKED until the page unlocks it.

const PW = 'web test pass 1';
let dir: string;
let vault: Vault;
let server: WebServer;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-web-'));
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>党务</title>');
  (await openVault(path.join(dir, 'dangwu.db'), { password: PW })).close();
  vault = await openVault(path.join(dir, 'dangwu.db'));
  server = await startWebServer({ ctx: appContext(vault), rendererDir: path.join(dir, 'renderer'), bodyIdleMs: 500 });
});
afterAll(async () => {
  await server.close();
  await vault.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  body: any;
  sent: number;
}

/** a raw request: `body` as a string, or a writer that streams until the answer comes */
function request(pathname: string, body: string | ((req: http.ClientRequest, answered: () => boolean) => void), headers: Record<string, string | number> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: 'POST', headers: { [TOKEN_HEADER]: server.token, host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...headers } },
      (res) => {
        answered = true;
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, sent });
        });
      },
    );
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const origWrite = req.write.bind(req);
    (req as unknown as { write: (c: Buffer | string) => boolean }).write = (c) => {
      sent += Buffer.byteLength(c);
      return origWrite(c);
    };
    if (typeof body === 'string') req.end(body);
    else body(req, () => answered);
  });
}

const rpc = (name: string, input: unknown) => request(`/rpc/${name}`, JSON.stringify(input));

describe('browser mode', () => {
  it('answers a bad address and bad JSON with 400 in Chinese and stays up', async () => {
    const bad = await request('/rpc/%E0', '{}');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/请求地址无效/);
    const json = await request('/rpc/orgs.list', '{"a":');
    expect(json.status).toBe(400);
    expect(json.body.error.message).toBe('请求内容不是有效的 JSON，已拒绝');
    expect((await rpc('safety.status', {})).status).toBe(200);
  });

  it('asks for the password: LOCKED until unlocked over HTTP, with the token kept', async () => {
    const locked = await rpc('orgs.list', {});
    expect(locked.body).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect((await rpc('safety.status', {})).body.result).toMatchObject({ encrypted: true, locked: true });
    const wrong = await rpc('safety.unlock', { password: 'nope nope 1' });
    expect(wrong.body.error).toMatchObject({ code: 'WRONG_PASSWORD', message: expect.stringContaining('密码不正确') });
    expect((await rpc('safety.unlock', { password: PW })).body.result).toMatchObject({ locked: false });
    expect((await rpc('orgs.list', {})).body).toEqual({ ok: true, result: [] });
  });

  it('refuses a declared oversized body at once, without reading it', async () => {
    const t = Date.now();
    const r = await request('/rpc/import.preview', (req) => req.flushHeaders(), { 'content-length': MAX_BODY + 1 });
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/上传的内容过大/);
    expect(r.sent).toBe(0);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('refuses an oversized chunked body as soon as it passes the limit (never reads it all)', async () => {
    // a raw socket: keeps sending chunks until the server's answer arrives
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      const sock = net.connect(server.port, '127.0.0.1');
      let sent = 0;
      let answer = '';
      let done = false;
      const chunk = Buffer.alloc(1 << 20, 0x20);
      void reject;
      const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      sock.on('connect', () => {
        sock.write(`POST /rpc/import.preview HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${TOKEN_HEADER}: ${server.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
        const pump = () => {
          while (!done && sent < MAX_BODY * 3) {
            sent += chunk.length;
            if (!sock.write(framed)) return void sock.once('drain', pump);
          }
        };
        pump();
      });
      sock.on('data', (d) => {
        answer += d.toString('latin1');
        const m = /^HTTP\/1\.1 (\d+)/.exec(answer);
        if (m && !done) {
          done = true;
          resolve({ status: Number(m[1]), sent });
          sock.destroy();
        }
      });
      // the server may close the connection before this side has read its answer (EPIPE while writing)
      sock.on('error', (e) => {
        if (done) return;
        done = true;
        if (/EPIPE|ECONNRESET/.test(String((e as NodeJS.ErrnoException).code))) resolve({ status: 0, sent });
        else reject(e);
      });
    });
    expect([413, 0]).toContain(status);
    expect(sent).toBeLessThan(MAX_BODY + 64 * (1 << 20));
    expect((await rpc('safety.status', {})).status).toBe(200);
  });

  it('drops a body that never ends', async () => {
    const t = Date.now();
    const r = await request('/rpc/orgs.list', (req) => req.write('{"a":'), { 'content-length': 1000 });
    expect(r.status).toBe(408);
    expect(r.body.error.message).toMatch(/上传中断/);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
