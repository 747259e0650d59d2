// Names shared by the main-side IPC handlers and the preload: each contract operation travels on
// its own fixed channel `dangwu:<op name>`; there is no generic channel.

export const CHANNEL_PREFIX = 'dangwu:';

export const channelOf = (opName: string): string => CHANNEL_PREFIX + opName;

/** the app's own origin: the renderer is served from app://dangwu/ (see protocol.ts) */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dangwu';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * scheme://host[:port] of a URL, or null. Computed by hand because WHATWG `URL.origin` is "null"
 * for non-special schemes such as app: outside Electron (where app: is registered as standard).
 */
export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return null;
  }
}

export const isAllowedUrl = (url: string | undefined | null, allowedOrigins: readonly string[]): boolean => {
  const origin = originOf(url);
  return origin !== null && allowedOrigins.includes(origin);
};
