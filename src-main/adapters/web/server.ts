import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire } from '../../contract/wire.ts';
import { AppError } from '../../domain/errors.ts';
import { SECURITY_HEADERS } from '../../security/csp.ts';
import { mimeOf, resolveStaticPath } from '../../security/static-files.ts';
import type { ServiceContext } from '../../services/context.ts';
import { dispatch, toErrorData } from '../dispatch.ts';

// Browser mode: the real renderer and the same contract operations, on 127.0.0.1 only.
// Every call needs the per-start random token, so other local pages cannot drive the app.

export const TOKEN_HEADER = 'x-dangwu-token';
const MAX_BODY = 300 * 1024 * 1024;

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
}): Promise<WebServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  let port = 0;

  const server = http.createServer(async (req, res) => {
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
      const name = decodeURIComponent(url.slice('/rpc/'.length).split('?')[0]);
      try {
        const body = await readBody(req);
        const input = body.length ? decodeWire(JSON.parse(body.toString('utf8'))) : {};
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
  });
  server.requestTimeout = 0;

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

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AppError('VALIDATION', '上传的文件过大（超过 300 MB）'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
