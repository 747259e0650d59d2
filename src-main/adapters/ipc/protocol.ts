import fs from 'node:fs/promises';
import type { CustomScheme } from 'electron';
import { SECURITY_HEADERS } from '../../security/csp.ts';
import { mimeOf, resolveStaticPath } from '../../security/static-files.ts';
import { APP_HOST, APP_SCHEME } from './channels.ts';

// The renderer is served from app://dangwu/ rather than file://: a real origin (so the sender
// check and the CSP mean something), the same security headers as browser mode, and a
// path-traversal guard (resolveStaticPath) so nothing outside the renderer folder is readable.

/** passed to protocol.registerSchemesAsPrivileged before the app is ready */
export const privilegedSchemes: CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    // standard: URLs get an origin and relative-path resolution; secure: treated like https;
    // supportFetchAPI for the renderer's fetch of its own assets. No bypassCSP, no CORS opening.
    privileges: { standard: true, secure: true, supportFetchAPI: true },
  },
];

function respond(status: number, body: BodyInit | null, contentType: string): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store' },
  });
}

/** the protocol.handle('app', …) handler: GET/HEAD of files inside rendererDir, nothing else */
export async function handleAppProtocol(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'method not allowed', 'text/plain');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return respond(400, 'bad request', 'text/plain');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return respond(404, 'not found', 'text/plain');

  // url.pathname is still percent-encoded: resolveStaticPath decodes it and refuses any result
  // (`..`, `%2e%2e%2f`, `..%5c`, NUL) that would leave rendererDir
  // (the renderer has no client-side routes, so only existing files are served)
  const file = resolveStaticPath(rendererDir, url.pathname);
  if (!file) return respond(404, 'not found', 'text/plain');
  const body = request.method === 'HEAD' ? null : new Uint8Array(await fs.readFile(file));
  return respond(200, body, mimeOf(file));
}
