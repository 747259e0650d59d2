import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session } from 'electron';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from './adapters/ipc/channels.ts';
import { menuTemplate } from './adapters/ipc/menu.ts';
import { handleAppProtocol, privilegedSchemes } from './adapters/ipc/protocol.ts';
import { registerContract, senderCheck } from './adapters/ipc/register.ts';
import { attachNavigationGuards, createMainWindow, lockDownSession } from './adapters/ipc/window.ts';
import { toErrorData } from './adapters/dispatch.ts';
import type { Db } from './db/connection.ts';
import { appContext, openAppDatabase } from './app.ts';

// The Electron shell, kept thin: wiring only. The pieces it wires are in adapters/ipc/ and are
// unit-tested with a fake electron module (tests/app/electron-*.test.ts), as is this file.
// Built by electron-vite into out/main/main.js, next to out/preload/preload.cjs and out/renderer/.

const here = import.meta.dirname;
const preloadPath = path.join(here, '../preload/preload.cjs');
const rendererDir = path.join(here, '../renderer');
/** the renderer is always served from app://dangwu (also under `npm start`, which previews the build) */
const allowedOrigins = [APP_ORIGIN];

// V8 room for large spreadsheet parses (steadier and ~2x faster streaming reads)
app.commandLine.appendSwitch('js-flags', '--max-semi-space-size=64');
app.enableSandbox();
// must happen before 'ready'
protocol.registerSchemesAsPrivileged(privilegedSchemes);

let mainWindow: BrowserWindow | null = null;
let db: Db | null = null;

if (!app.requestSingleInstanceLock()) {
  // another instance owns the database: it gets focused (second-instance below), this one leaves
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => attachNavigationGuards(contents, allowedOrigins));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    // closing the connection checkpoints the WAL into the database file
    db?.sqlite.close();
    db = null;
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  lockDownSession(session.defaultSession, allowedOrigins);
  protocol.handle(APP_SCHEME, (request) => handleAppProtocol(request, rendererDir));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        isDev: !app.isPackaged,
        onAbout: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: '关于党务',
            message: `党务 ${app.getVersion()}`,
            detail: '离线党务管理程序。数据保存在本机：\n' + path.join(app.getPath('userData'), 'dangwu.db'),
          }),
      }),
    ),
  );

  const dbFile = path.join(app.getPath('userData'), 'dangwu.db');
  try {
    db = await openAppDatabase(dbFile);
  } catch (e) {
    // integrity check failed, a newer app's database, unreadable file …: say so and stop, touching nothing
    dialog.showErrorBox('无法打开数据库', `${toErrorData(e).message}\n\n数据库文件：${dbFile}`);
    app.exit(1);
    return;
  }
  registerContract(ipcMain, appContext(db), senderCheck(allowedOrigins));

  mainWindow = createMainWindow(BrowserWindow, preloadPath);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(APP_ENTRY_URL);
}
