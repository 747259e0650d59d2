import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire } from '../../contract/wire.ts';
import { MAX_FILE_BYTES } from '../../excel/read/limits.ts';
import { AppError } from '../../domain/errors.ts';
import { SECURITY_HEADERS } from '../../security/csp.ts';
import { mimeOf, resolveStaticPath } from '../../security/static-files.ts';
import type { ServiceContext } from '../../services/context.ts';
import { dispatch, toErrorData } from '../dispatch.ts';

// Browser mode: the real renderer and the same contract operations, on 127.0.0.1 only.
// Every call needs the per-start random token, so other local pages cannot drive the app.

export const TOKEN_HEADER = 'x-dangwu-token';
/** the largest call body: a spreadsheet of MAX_FILE_BYTES as base64 inside JSON, and some room */
export const MAX_BODY = Math.ceil((MAX_FILE_BYTES * 4) / 3) + 1024 * 1024;
/** a body that stops arriving for this long is dropped (a never-ending body never holds a connection) */
export const BODY_IDLE_MS = 30_000;

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebServer(opts: {
  ctx: ServiceContext;
  rendererDir: string;
  port?: number;
  token?: string;
  /** for tests: a shorter wait for a body that stops arriving */
  bodyIdleMs?: number;
}): Promise<WebServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  let port = 0;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const send = (status: number, body: string | Buffer, type: string) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    // DNS-rebinding guard: only our own loopback host name is answered
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(403, 'forbidden', 'text/plain');

    const url = req.url ?? '/';
    if (req.method === 'POST' && url.startsWith('/rpc/')) {
      const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
      if (given.length !== tokenBuf.length || !crypto.timingSafeEqual(given, tokenBuf)) {
        return send(401, JSON.stringify({ ok: false, error: new AppError('FORBIDDEN', '访问令牌无效，请使用启动时打印的地址打开').toJSON() }), 'application/json');
      }
      const origin = req.headers.origin;
      if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
        return send(403, JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: '拒绝跨站调用' } }), 'application/json');
      }
      const refuse = (status: number, message: string) => {
        // the rest of a refused body is discarded unread (never kept), for a moment, so that the client
        // sees the answer; then the connection is closed
        res.setHeader('Connection', 'close');
        req.resume();
        res.once('finish', () => setTimeout(() => req.destroy(), 1000).unref());
        send(status, JSON.stringify({ ok: false, error: { code: 'USAGE', message } }), 'application/json');
      };
      let name: string;
      try {
        name = decodeURIComponent(url.slice('/rpc/'.length).split('?')[0]);
      } catch {
        return refuse(400, '请求地址无效（操作名称的编码不正确）');
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_BODY) return refuse(413, `上传的内容过大（超过 ${Math.round(MAX_BODY / 1048576)} MB），已拒绝`);
      let body: Buffer;
      try {
        body = await readBody(req, opts.bodyIdleMs ?? BODY_IDLE_MS);
      } catch (e) {
        return refuse((e as BodyError).status ?? 400, (e as Error).message);
      }
      let input: unknown = {};
      try {
        if (body.length) input = decodeWire(JSON.parse(body.toString('utf8')));
      } catch {
        return refuse(400, '请求内容不是有效的 JSON，已拒绝');
      }
      try {
        const result = await dispatch(opts.ctx, name, input);
        return send(200, JSON.stringify({ ok: true, result: encodeWire(result) }), 'application/json');
      } catch (e) {
        return send(200, JSON.stringify({ ok: false, error: toErrorData(e) }), 'application/json');
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', 'text/plain');
    const file = resolveStaticPath(opts.rendererDir, url);
    if (!file) {
      // single-page app: unknown paths without an extension get index.html
      const index = resolveStaticPath(opts.rendererDir, '/index.html');
      if (index && !/\.[a-z0-9]+$/i.test(url.split('?')[0])) return send(200, fs.readFileSync(index), mimeOf(index));
      return send(404, 'not found', 'text/plain');
    }
    return send(200, fs.readFileSync(file), mimeOf(file));
  };
  // whatever a request does, the server answers and stays up
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error(e);
      if (!res.headersSent) {
        res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: '内部错误：请求未能处理' } }));
      } else res.destroy();
    });
  });
  // a request (headers and body) must arrive within 5 minutes; a stalled body is dropped sooner (readBody)
  server.requestTimeout = 5 * 60_000;
  server.headersTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#t=${token}`,
    port,
    token,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

class BodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** the body, counted while it streams (refused the moment it passes MAX_BODY) and dropped when it stalls */
function readBody(req: http.IncomingMessage, idleMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (e: BodyError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(e);
    };
    let timer = setTimeout(() => fail(new BodyError(408, '上传中断：请求内容长时间没有传完，已放弃')), idleMs);
    req.on('data', (c: Buffer) => {
      if (done) return;
      clearTimeout(timer);
      timer = setTimeout(() => fail(new BodyError(408, '上传中断：请求内容长时间没有传完，已放弃')), idleMs);
      size += c.length;
      if (size > MAX_BODY) return fail(new BodyError(413, `上传的内容过大（超过 ${Math.round(MAX_BODY / 1048576)} MB），已拒绝`));
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', () => fail(new BodyError(400, '上传中断')));
  });
}
