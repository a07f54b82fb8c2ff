import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, WindowOpenHandlerResponse } from 'electron';

/**
 * Window and session policy, kept free of runtime Electron imports so it can be unit-tested under
 * plain Node (no Electron binary exists on CI).
 */

export const WINDOW_TITLE = '一品一码 查验台';

/**
 * The renderer dev server (electron-vite sets ELECTRON_RENDERER_URL) — never in a packaged app,
 * where anyone who can set an environment variable could otherwise load any page with the bridge.
 */
export function devServerUrl(isPackaged: boolean, env: Record<string, string | undefined>): string | undefined {
  return isPackaged ? undefined : env.ELECTRON_RENDERER_URL || undefined;
}

/**
 * The application menu. Electron's default one (Toggle Developer Tools, Reload, with their
 * Ctrl+Shift+I and Ctrl+R shortcuts) only in development; a packaged app has none on Windows and
 * Linux, and on macOS only the app menu (quit) and Edit menu (copy and paste need it there).
 */
export function applicationMenu(isPackaged: boolean, platform: string): 'electronDefault' | MenuItemConstructorOptions[] | null {
  if (!isPackaged) return 'electronDefault';
  return platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }] : null;
}

export function windowOptions(preloadPath: string, isPackaged: boolean): BrowserWindowConstructorOptions {
  return {
    // Fits a 1366×768 counter screen with a taskbar; main maximizes it on larger screens anyway.
    width: 1280,
    height: 720,
    minWidth: 1024,
    minHeight: 600,
    title: WINDOW_TITLE,
    // Matches the app shell so there is no white flash before the first paint.
    backgroundColor: '#f4f5f7',
    // Shown on ready-to-show, so the operator never sees a half-drawn page.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A dropped file must not replace the app page.
      navigateOnDragDrop: false,
      // Developer tools read and call everything the bridge offers: development only.
      devTools: !isPackaged,
    },
  };
}

/**
 * The renderer talks to Node only through the preload bridge and, for a second screen, the
 * loopback server; camera frames arrive as mediastream/blob URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Camera (video only, for scanning), serial and HID (scales, scanners). Microphone, geolocation,
 * notifications, clipboard and the rest are refused. `mediaTypes` comes from the request details
 * ('video' | 'audio' | 'unknown'); a media request that cannot prove it is video-only is refused.
 */
export function isAllowedPermission(permission: string, mediaTypes?: readonly string[]): boolean {
  switch (permission) {
    case 'media':
      return !!mediaTypes && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
    case 'serial':
    case 'hid':
      return true;
    default:
      return false;
  }
}

/** Only the app's own page may be (re)loaded; query and fragment are the page's own business. */
export function shouldAllowNavigation(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    // Decoded, because Chromium and Node's pathToFileURL may escape a non-ASCII install path differently.
    return target.protocol === app.protocol && target.host === app.host && decodeURIComponent(target.pathname) === decodeURIComponent(app.pathname);
  } catch {
    return false;
  }
}

/**
 * A blob URL the app's own page made (the kept disposal certificate PDF): same origin as the app
 * (a file:// page's blobs have the opaque origin, as the page itself).
 */
export function isOwnBlob(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    if (target.protocol !== 'blob:') return false;
    return app.protocol === 'file:' ? target.pathname.startsWith('file://') || target.origin === 'null' : target.origin === app.origin;
  } catch {
    return false;
  }
}

/**
 * No popups, but for the app's own PDFs (the disposal certificate, opened to read or print): they
 * open in a bare window with Chromium's PDF viewer, no preload, sandboxed. Links to the outside
 * world have no business opening inside a counter station.
 */
export function windowOpenHandler(url: string, appUrl: string, isPackaged: boolean): WindowOpenHandlerResponse {
  if (!isOwnBlob(url, appUrl)) return { action: 'deny' };
  return {
    action: 'allow',
    overrideBrowserWindowOptions: {
      width: 900,
      height: 1000,
      title: WINDOW_TITLE,
      autoHideMenuBar: true,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, plugins: true, spellcheck: false, devTools: !isPackaged },
    },
  };
}
