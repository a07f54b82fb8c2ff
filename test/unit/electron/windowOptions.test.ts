import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, WINDOW_TITLE, applicationMenu, devServerUrl, isAllowedPermission, shouldAllowNavigation, windowOpenHandler, windowOptions } from '../../../electron/window/options';

describe('windowOptions', () => {
  const opts = windowOptions('/app/out/preload/index.cjs', false);

  it('locks the renderer down', () => {
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('waits for ready-to-show and fits a 1366×768 counter screen', () => {
    expect(opts.show).toBe(false);
    expect(opts.title).toBe('一品一码 查验台');
    expect(WINDOW_TITLE).toBe(opts.title);
    expect(opts.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(opts.width).toBeLessThanOrEqual(1366);
    expect(opts.height).toBeLessThanOrEqual(768);
    expect(opts.minWidth).toBeLessThanOrEqual(opts.width!);
    expect(opts.minHeight).toBeLessThanOrEqual(opts.height!);
  });
});

describe('a packaged app', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };

  it('never loads a dev-server URL from the environment', () => {
    expect(devServerUrl(true, env)).toBeUndefined();
    expect(devServerUrl(true, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBeUndefined();
    expect(devServerUrl(false, env)).toBe('http://localhost:5173/');
    expect(devServerUrl(false, {})).toBeUndefined();
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: '' })).toBeUndefined();
  });

  it('cannot open developer tools, in the main window or a certificate window', () => {
    expect(windowOptions('/p.cjs', true).webPreferences?.devTools).toBe(false);
    expect(windowOptions('/p.cjs', false).webPreferences?.devTools).toBe(true);
    const app = 'file:///opt/station/resources/app.asar/out/renderer/index.html';
    const child = (packaged: boolean) =>
      (windowOpenHandler('blob:file:///9d2c8f1e-0000-4000-8000-000000000000', app, packaged) as unknown as { overrideBrowserWindowOptions: { webPreferences: Record<string, unknown> } })
        .overrideBrowserWindowOptions.webPreferences.devTools;
    expect(child(true)).toBe(false);
    expect(child(false)).toBe(true);
  });

  it('has no menu with Toggle Developer Tools or Reload (their Ctrl+Shift+I and Ctrl+R shortcuts go with it)', () => {
    expect(applicationMenu(false, 'win32')).toBe('electronDefault');
    expect(applicationMenu(true, 'win32')).toBeNull();
    expect(applicationMenu(true, 'linux')).toBeNull();
    // macOS needs the app menu (quit) and the Edit menu (copy, paste) to have those shortcuts at all.
    const mac = applicationMenu(true, 'darwin');
    expect(mac).toEqual([{ role: 'appMenu' }, { role: 'editMenu' }]);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );

  it('never allows eval or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).toBe("'self'");
  });

  it('has exactly the listed directives', () => {
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'media-src': "'self' blob: mediastream:",
      'connect-src': "'self' ws://127.0.0.1:* http://127.0.0.1:*",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
  });
});

describe('isAllowedPermission', () => {
  it.each([
    ['media', ['video'], true],
    ['media', ['video', 'video'], true],
    ['media', ['audio'], false],
    ['media', ['video', 'audio'], false],
    ['media', ['unknown'], false],
    ['media', [], false],
    ['media', undefined, false],
    ['serial', undefined, true],
    ['hid', undefined, true],
    ['geolocation', undefined, false],
    ['notifications', undefined, false],
    ['clipboard-read', undefined, false],
    ['display-capture', undefined, false],
    ['openExternal', undefined, false],
    ['usb', undefined, false],
    ['midiSysex', undefined, false],
    ['fullscreen', undefined, false],
    ['unknown', undefined, false],
  ] as const)('%s %j → %s', (permission, mediaTypes, allowed) => {
    expect(isAllowedPermission(permission, mediaTypes)).toBe(allowed);
  });
});

describe('navigation', () => {
  const fileApp = 'file:///opt/station/resources/app.asar/out/renderer/index.html';
  const devApp = 'http://localhost:5173/';

  it.each([
    [fileApp, fileApp, true],
    [`${fileApp}#/receiving`, fileApp, true],
    [`${fileApp}?screen=entry`, fileApp, true],
    ['file:///etc/passwd', fileApp, false],
    ['file:///opt/station/resources/app.asar/out/renderer/other.html', fileApp, false],
    ['https://example.com/', fileApp, false],
    ['http://127.0.0.1:8080/', fileApp, false],
    ['javascript:alert(1)', fileApp, false],
    ['not a url', fileApp, false],
    ['', fileApp, false],
    ['file:///C:/%E4%B8%80%E5%93%81/index.html', 'file:///C:/一品/index.html', true],
    ['file:///C:/a%ZZ/index.html', 'file:///C:/a%ZZ/index.html', false],
    ['http://localhost:5173/#/x', devApp, true],
    ['http://localhost:5174/', devApp, false],
    ['https://localhost:5173/', devApp, false],
  ])('%s (app %s) → %s', (url, app, allowed) => {
    expect(shouldAllowNavigation(url, app)).toBe(allowed);
  });

  it('denies window.open, but for the app page’s own blob (the certificate PDF), in a bare sandboxed window', () => {
    const packaged = 'file:///C:/Program%20Files/yipin/resources/app.asar/out/renderer/index.html';
    for (const url of ['https://example.com/', 'http://localhost:5174/x', 'blob:http://localhost:5174/9d2c', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      expect(windowOpenHandler(url, devApp, false), url).toEqual({ action: 'deny' });
    }
    const own = windowOpenHandler('blob:http://localhost:5173/9d2c8f1e-0000-4000-8000-000000000000', devApp, false);
    expect(own.action).toBe('allow');
    const prefs = (own as unknown as { overrideBrowserWindowOptions: { webPreferences: Record<string, unknown> } }).overrideBrowserWindowOptions.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true });
    expect(prefs.preload).toBeUndefined();
    expect(windowOpenHandler('blob:file:///9d2c8f1e-0000-4000-8000-000000000000', packaged, true).action).toBe('allow');
    expect(windowOpenHandler('blob:http://localhost:5173/9d2c', packaged, true).action).toBe('deny');
  });
});
