import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { isAllowedUrl } from './channels.ts';

// Window and session hardening, as functions of the electron objects they act on (tests pass fakes).

export type BrowserWindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * The main window: contextIsolation + sandbox on, Node off, so the renderer reaches the app only
 * through the preload's api. The options are written out literally at the constructor call so that
 * electronegativity (a static scanner) sees them.
 */
export function createMainWindow(BrowserWindow: BrowserWindowCtor, preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: '党务',
    show: false, // shown on ready-to-show, so the clerk never sees a white flash
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // middle-click must not open anything either
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/**
 * The app never leaves its own origin: navigation and redirects elsewhere are cancelled, new windows
 * are denied, <webview> cannot be attached. Applied to every webContents (app 'web-contents-created').
 */
export function attachNavigationGuards(contents: WebContents, allowedOrigins: readonly string[]): void {
  const guard = (event: { preventDefault(): void; url?: string }, url?: string) => {
    // Electron 45 puts the target on event.url; the positional url argument is the older form
    if (!isAllowedUrl(event.url ?? url, allowedOrigins)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** no permission (camera, notifications, clipboard-read, …) is ever granted, and no request leaves the app */
export function lockDownSession(session: Session, allowedOrigins: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // no remote content: any http(s)/ws(s) request is cancelled unless it targets an allowed origin.
  // '*://*/*' is the match pattern for exactly those four schemes (Electron throws on an invalid
  // pattern, and webRequest does not see file:// at all: file access is closed by webSecurity, the
  // CSP, the navigation guards and the grantFileProtocolExtraPrivileges fuse).
  session.webRequest.onBeforeRequest(
    { urls: ['*://*/*'] },
    (details, callback) => callback({ cancel: !isAllowedUrl(details.url, allowedOrigins) }),
  );
}
