import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session } from 'electron';
import { createCore } from './core/createCore';
import { defaultUserDataDir, resolveStartOptions } from './core/startOptions';
import type { Core } from './core/types';
import { openAppSecretStore } from './secrets/appSecretStore';
import { registerIpc } from './transport/ipc';
import { CONTENT_SECURITY_POLICY, applicationMenu, devServerUrl, isAllowedPermission, shouldAllowNavigation, windowOpenHandler, windowOptions } from './window/options';

const devUrl = devServerUrl(app.isPackaged, process.env);
const rendererFile = join(__dirname, '../renderer/index.html');
const appUrl = devUrl ?? pathToFileURL(rendererFile).href;

let core: Core | undefined;
let disposeIpc: (() => void) | undefined;
let mainWindow: BrowserWindow | undefined;

function hardenSession() {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isAllowedPermission(permission, 'mediaTypes' in details ? details.mediaTypes : undefined));
  });
  ses.setPermissionCheckHandler((_wc, permission, _origin, details) => isAllowedPermission(permission, details.mediaType ? [details.mediaType] : undefined));
  // The dev server injects an inline React-refresh preamble, so the policy guards built pages only.
  if (!devUrl) {
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
  }
}

function createWindow() {
  const win = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs'), app.isPackaged));
  mainWindow = win;
  win.once('ready-to-show', () => {
    win.maximize();
    win.show();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!shouldAllowNavigation(url, appUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => windowOpenHandler(url, appUrl, app.isPackaged));
  // The certificate's own window shows the PDF and nothing else: no further popups or navigation.
  win.webContents.on('did-create-window', (child) => {
    child.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    child.webContents.on('will-navigate', (event) => event.preventDefault());
  });
  void (devUrl ? win.loadURL(devUrl) : win.loadFile(rendererFile));
}

async function start() {
  await app.whenReady();
  const options = resolveStartOptions(process.argv, process.env, {
    userDataDir: defaultUserDataDir(process.platform, process.env),
    resourcesDir: app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources'),
  });
  // The OS keychain seals the station's secrets (DPAPI, Keychain, libsecret); needs the app ready.
  core = await createCore({ ...options, secrets: openAppSecretStore(options.dataDir, safeStorage, (message) => console.warn(message)) });
  disposeIpc = registerIpc(ipcMain, core, {
    broadcast: (channel, payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if (!win.isDestroyed()) win.webContents.send(channel, payload);
      }
    },
    isTrustedSender: (frameUrl) => shouldAllowNavigation(frameUrl, appUrl),
  });
  hardenSession();
  const menu = applicationMenu(app.isPackaged, process.platform);
  if (menu !== 'electronDefault') Menu.setApplicationMenu(menu && Menu.buildFromTemplate(menu));
  createWindow();
}

// One station process per data folder: a second launch just brings the running window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  // Quit waits for the station to close: the log's last lines and the running exports and reports
  // end before the process does, and nothing writes into the data folder afterwards.
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    disposeIpc?.();
    const closing = core.close();
    core = undefined;
    void closing.finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    // Typically the database cannot be opened or migrated: say so instead of showing a blank window.
    dialog.showErrorBox('一品一码 查验台', `启动失败 / Start-up failed:\n${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}
