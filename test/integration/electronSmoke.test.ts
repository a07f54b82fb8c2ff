import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/window/options';
import { BUNDLED_PACKAGES } from '../../scripts/bundledPackages';
import { METHOD_NAMES } from '../../shared/contract';

/**
 * No Electron binary can run here, so the BUILT main and preload bundles run under Node against a
 * fake `electron` module that records what they ask of it. This catches what unit tests cannot:
 * bundling (a preload that requires anything but 'electron' dies in the sandbox), the preload
 * path, the wiring from window to IPC to core and back.
 */

const root = resolve(__dirname, '../..');
const mainBundle = join(root, 'out/main/index.js');
const preloadBundle = join(root, 'out/preload/index.cjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Reuses out/ when it is newer than every source it is built from (e.g. the e2e setup built it). */
function ensureBuilt() {
  const sources = Math.max(
    ...['electron', 'shared', 'drivers'].filter((d) => existsSync(join(root, d))).map((d) => newestSource(join(root, d))),
    ...['electron.vite.config.ts', 'scripts/bundledPackages.ts'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  const fresh = [mainBundle, preloadBundle].every((f) => existsSync(f) && statSync(f).mtimeMs > sources);
  if (fresh) return;
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}

type Fn = (...args: never[]) => unknown;
type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string } };

class FakeWebContents {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly listeners = new Map<string, Fn[]>();
  readonly sent: [string, unknown][] = [];
  windowOpenHandler?: (details: { url: string }) => unknown;
  destroyed = false;
  on(name: string, fn: Fn) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Fn) {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(name) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
  }
  setWindowOpenHandler(fn: (details: { url: string }) => unknown) {
    this.windowOpenHandler = fn;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

/**
 * Electron's will-quit as the app gets it: the station holds the quit until it has closed (log,
 * store, exports), then quits again — only then may the data folder go.
 */
async function quitStation(rec: ReturnType<typeof fakeElectron>['rec']) {
  let held = false;
  for (const fn of rec.appEvents.get('will-quit') ?? []) (fn as (event: { preventDefault(): void }) => void)({ preventDefault: () => (held = true) });
  expect(held).toBe(true);
  await vi.waitFor(() => expect(rec.quits).toBe(1), { timeout: 10_000 });
}

function fakeElectron(userData: string, isPackaged = false) {
  const rec = {
    /** Every Menu.setApplicationMenu call (null: no menu at all). */
    menus: [] as unknown[],
    lockRequests: 0,
    quits: 0,
    appEvents: new Map<string, Fn[]>(),
    windows: [] as FakeWindow[],
    ipcHandlers: new Map<string, Fn>(),
    permissionRequest: undefined as Fn | undefined,
    permissionCheck: undefined as Fn | undefined,
    headersReceived: undefined as Fn | undefined,
    exposed: new Map<string, Record<string, Fn>>(),
    rendererListeners: new Map<string, Fn[]>(),
    errors: [] as string[],
    /** The URL the fake renderer's frame reports to IPC handlers. */
    frameUrl: '',
  };
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));

  class FakeWindow {
    readonly webContents = new FakeWebContents();
    readonly events = new Map<string, Fn[]>();
    loaded?: string;
    constructor(readonly options: Record<string, unknown>) {
      rec.windows.push(this);
    }
    static getAllWindows = () => rec.windows.filter((w) => !w.webContents.destroyed);
    on(name: string, fn: Fn) {
      this.events.set(name, [...(this.events.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Fn) {
      return this.on(name, fn);
    }
    loadFile(path: string) {
      this.loaded = path;
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed = () => this.webContents.destroyed;
    isMinimized = () => false;
    restore() {}
    focus() {}
    maximize() {}
    show() {}
  }

  const electron = {
    app: {
      isPackaged,
      requestSingleInstanceLock: () => ++rec.lockRequests > 0,
      whenReady: () => whenReady,
      getPath: (name: string) => (name === 'userData' ? userData : tmpdir()),
      on(name: string, fn: Fn) {
        rec.appEvents.set(name, [...(rec.appEvents.get(name) ?? []), fn]);
        return electron.app;
      },
      quit() {
        rec.quits++;
      },
      exit() {},
    },
    BrowserWindow: FakeWindow,
    Menu: {
      setApplicationMenu: (menu: unknown) => rec.menus.push(menu),
      buildFromTemplate: (template: unknown[]) => ({ template }),
    },
    ipcMain: {
      handle(channel: string, fn: Fn) {
        if (rec.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        rec.ipcHandlers.set(channel, fn);
      },
      removeHandler: (channel: string) => rec.ipcHandlers.delete(channel),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (rec.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: Fn) => (rec.headersReceived = fn) },
      },
    },
    dialog: { showErrorBox: (_title: string, message: string) => rec.errors.push(message) },
    // The OS keychain: a reversible scramble stands in for DPAPI / libsecret.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
      decryptString: (bytes: Buffer) => Buffer.from(bytes).reverse().toString('utf8'),
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, Fn>) => rec.exposed.set(key, api),
    },
    ipcRenderer: {
      // Like Electron: arguments and results are structured-cloned, never shared.
      async invoke(channel: string, ...args: unknown[]) {
        const handler = rec.ipcHandlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        const sender = rec.windows[0].webContents;
        const event = { sender, senderFrame: { url: rec.frameUrl } };
        return structuredClone(await (handler as (...a: unknown[]) => unknown)(event, ...structuredClone(args)));
      },
      on(channel: string, fn: Fn) {
        rec.rendererListeners.set(channel, [...(rec.rendererListeners.get(channel) ?? []), fn]);
      },
      removeListener(channel: string, fn: Fn) {
        rec.rendererListeners.set(
          channel,
          (rec.rendererListeners.get(channel) ?? []).filter((f) => f !== fn),
        );
      },
    },
  };
  return { electron, rec, ready: () => ready() };
}

describe('built Electron app (fake electron module)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-electron-'));
  const fake = fakeElectron(join(dataDir, 'userData'));
  const { rec } = fake;
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = loader._load;
  let api: Record<string, (input: unknown) => Promise<Envelope>>;
  let events: Record<string, Fn>;
  /** Every module the bundle asked for until its window opened: what start-up costs. */
  const loadedAtStart = new Set<string>();

  beforeAll(async () => {
    ensureBuilt();
    const argv = process.argv;
    const devUrl = process.env.ELECTRON_RENDERER_URL;
    delete process.env.ELECTRON_RENDERER_URL;
    process.argv = [...argv, '--data-dir', dataDir, '--machine-registry', join(dataDir, 'machine-ids.json'), '--admin-pin', '123456'];
    let starting = true;
    loader._load = function (request: string, ...rest: unknown[]) {
      if (starting) loadedAtStart.add(request);
      return request === 'electron' ? fake.electron : originalLoad.call(this, request, ...rest);
    };
    try {
      createRequire(import.meta.url)(mainBundle);
      fake.ready();
      await vi.waitFor(() => expect(rec.windows.length + rec.errors.length).toBeGreaterThan(0), { timeout: 15_000 });
    } finally {
      starting = false;
      process.argv = argv;
      if (devUrl !== undefined) process.env.ELECTRON_RENDERER_URL = devUrl;
    }
    expect(rec.errors).toEqual([]);
    rec.frameUrl = pathToFileURL(rec.windows[0].loaded!).href;

    // Evaluate the preload as the sandbox does: CommonJS whose require knows only 'electron'.
    const preload = compileFunction(readFileSync(preloadBundle, 'utf8'), ['require', 'module', 'exports'], { filename: preloadBundle });
    const module = { exports: {} };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return fake.electron;
      throw new Error(`a sandboxed preload cannot require '${id}'`);
    };
    preload(sandboxRequire, module, module.exports);
    api = rec.exposed.get('stationApi') as typeof api;
    events = rec.exposed.get('stationEvents')!;
  }, 180_000);

  afterAll(async () => {
    loader._load = originalLoad;
    for (const w of rec.windows) {
      w.webContents.destroyed = true;
      w.webContents.emit('destroyed');
    }
    await quitStation(rec);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes the single-instance lock and opens one secure window', () => {
    expect(rec.lockRequests).toBe(1);
    expect(rec.appEvents.has('second-instance')).toBe(true);
    expect(rec.appEvents.has('window-all-closed')).toBe(true);
    expect(rec.windows).toHaveLength(1);
    const [win] = rec.windows;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(win.options.show).toBe(false);
    // Not packaged: developer tools and Electron's default menu stay.
    expect(prefs.devTools).toBe(true);
    expect(rec.menus).toEqual([]);
    expect(prefs.preload).toBe(preloadBundle);
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(win.loaded).toBe(join(root, 'out/renderer/index.html'));
  });

  it('loads no export writer, chart, PDF, raster or zip library at start-up: they load on first use', () => {
    // The recording works: the store's driver is needed at once.
    expect(loadedAtStart.has('better-sqlite3')).toBe(true);
    const heavy = [...loadedAtStart].filter((m) => /^(exceljs|echarts|pdf-lib|@pdf-lib\/fontkit|@napi-rs\/canvas|bwip-js|fflate)(\/|$)/.test(m));
    expect(heavy).toEqual([]);
  });

  it('carries zod and drizzle-orm inside its bundle, tree-shaken, instead of loading their whole CommonJS builds', () => {
    const fromNodeModules = [...loadedAtStart].filter((m) => BUNDLED_PACKAGES.some((p) => m === p || m.startsWith(`${p}/`)));
    expect(fromNodeModules).toEqual([]);
    expect(BUNDLED_PACKAGES).toEqual(['zod', 'drizzle-orm']);
  });

  it("seals the station's secrets with safeStorage beside the database: no plain key file", () => {
    expect(readdirSync(dataDir).filter((f) => f.startsWith('secrets'))).toEqual(['secrets.sealed']);
    const sealed = readFileSync(join(dataDir, 'secrets.sealed'));
    expect(sealed.includes('PRIVATE KEY')).toBe(false);
    expect(Buffer.from(sealed).reverse().toString('utf8')).toContain('-----BEGIN PRIVATE KEY-----');
  });

  it('guards navigation, popups, permissions and the CSP header', () => {
    const wc = rec.windows[0].webContents;
    const navigate = (url: string) => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      wc.emit('will-navigate', event, url);
      return event.defaultPrevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate(rec.frameUrl)).toBe(false);
    expect(wc.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    // The certificate PDF the page made itself opens in its own bare window.
    expect(wc.windowOpenHandler?.({ url: 'blob:file:///4a0e6c2b-1111-4222-8333-444455556666' })).toMatchObject({ action: 'allow' });

    const request = (permission: string, details: object) => {
      let granted: boolean | undefined;
      (rec.permissionRequest as (...a: unknown[]) => void)(wc, permission, (g: boolean) => (granted = g), details);
      return granted;
    };
    expect(request('media', { mediaTypes: ['video'] })).toBe(true);
    expect(request('media', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(request('geolocation', {})).toBe(false);
    const check = (permission: string, details: object) => (rec.permissionCheck as (...a: unknown[]) => boolean)(wc, permission, 'file://', details);
    expect(check('media', { mediaType: 'video' })).toBe(true);
    expect(check('media', { mediaType: 'audio' })).toBe(false);
    expect(check('serial', {})).toBe(true);

    let headers: Record<string, string[]> | undefined;
    (rec.headersReceived as (...a: unknown[]) => void)({ responseHeaders: { 'X-A': ['1'] } }, (r: { responseHeaders: typeof headers }) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('registers an IPC handler for every contract method and nothing else', () => {
    expect([...rec.ipcHandlers.keys()].sort()).toEqual(METHOD_NAMES.map((n) => `api:${n}`).sort());
  });

  it('exposes exactly the contract through the preload', () => {
    expect([...rec.exposed.keys()].sort()).toEqual(['stationApi', 'stationEvents']);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(events)).toEqual(['on']);
    expect(() => events.on('notAnEvent' as never, (() => {}) as never)).toThrow(/unknown event/);
    const off = (events.on as (e: string, h: Fn) => () => void)('alert', () => {});
    expect(rec.rendererListeners.get('event:alert')).toHaveLength(1);
    off();
    expect(rec.rendererListeners.get('event:alert')).toHaveLength(0);
  });

  it('calls reach the core through IPC, with the session kept per window', async () => {
    expect(await api.setupStatus({})).toEqual({ ok: true, value: { needsAdmin: false } });
    const operators = await api.listOperators({});
    expect(operators.ok).toBe(true);
    const admin = (operators as { value: { id: string; role: string }[] }).value.find((o) => o.role === 'admin')!;
    expect(admin).toBeDefined();

    expect(await api.listSubjects({})).toMatchObject({ ok: false, error: { code: 'notSignedIn' } });
    const session = await api.signIn({ operatorId: admin.id, pin: '123456' });
    expect(session).toMatchObject({ ok: true, value: { operator: { id: admin.id, role: 'admin' } } });
    expect(await api.listSubjects({})).toMatchObject({ ok: true, value: expect.any(Array) });
    expect(await api.signIn({ operatorId: 'x', pin: 'abc' })).toMatchObject({ ok: false, error: { code: 'badRequest' } });
  });

  it('refuses calls from any frame but the app page', async () => {
    const appUrl = rec.frameUrl;
    rec.frameUrl = 'https://evil.example/';
    try {
      expect(await api.setupStatus({})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      rec.frameUrl = appUrl;
    }
  });

  it('signs out, after which role-guarded calls are refused again', async () => {
    expect(await api.signOut({})).toEqual({ ok: true, value: { ok: true } });
    expect(await api.listSubjects({})).toMatchObject({ ok: false, error: { code: 'notSignedIn' } });
  });
});

describe('built Electron app, packaged (fake electron module)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-packaged-'));
  const fake = fakeElectron(join(dataDir, 'userData'), true);
  const { rec } = fake;
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = loader._load;
  const processWithResources = process as unknown as { resourcesPath?: string };

  beforeAll(async () => {
    ensureBuilt();
    const argv = process.argv;
    const devUrl = process.env.ELECTRON_RENDERER_URL;
    const resourcesPath = processWithResources.resourcesPath;
    // Someone sets the dev-server variable on a counter PC: a packaged app must not follow it.
    process.env.ELECTRON_RENDERER_URL = 'https://evil.example/';
    processWithResources.resourcesPath = join(root, 'resources');
    process.argv = [...argv, '--data-dir', dataDir, '--machine-registry', join(dataDir, 'machine-ids.json'), '--admin-pin', '123456'];
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? fake.electron : originalLoad.call(this, request, ...rest);
    };
    const require = createRequire(import.meta.url);
    // A second, fresh evaluation of the bundle: its module state is per start.
    delete require.cache[require.resolve(mainBundle)];
    try {
      require(mainBundle);
      fake.ready();
      await vi.waitFor(() => expect(rec.windows.length + rec.errors.length).toBeGreaterThan(0), { timeout: 15_000 });
    } finally {
      process.argv = argv;
      if (devUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
      else process.env.ELECTRON_RENDERER_URL = devUrl;
      processWithResources.resourcesPath = resourcesPath;
    }
    expect(rec.errors).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    loader._load = originalLoad;
    await quitStation(rec);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the built page, not the dev-server URL, with no developer tools and no default menu', () => {
    const [win] = rec.windows;
    expect(win.loaded).toBe(join(root, 'out/renderer/index.html'));
    expect((win.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    expect(rec.menus).toEqual([process.platform === 'darwin' ? { template: [{ role: 'appMenu' }, { role: 'editMenu' }] } : null]);
    // The CSP header guards the built page (it is left out only for the dev server).
    expect(rec.headersReceived).toBeDefined();
  });
});
