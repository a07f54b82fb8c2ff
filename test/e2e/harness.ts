/**
 * End-to-end harness: a real station server (built `out/main/serve.js`) on a fresh data folder,
 * a real Chromium on a fresh profile, the API over HTTP for seeding, and the DB read-only for
 * checking what was stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { bundledFontPath } from '../../drivers/printer/raster/fonts';
import { findChromium } from '../../scripts/systemTools';
import type { CertificateType, Input, MethodName, Output } from '../../shared/contract';
import { usccCheckChar } from '../../shared/domain/uscc';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 30_000;
export const ADMIN_PIN = '123456';

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; params?: Record<string, unknown> } };

export interface Station {
  /** `http://127.0.0.1:<port>/?token=<token>`: what a user opens. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Raw envelope of one API call, optionally as a signed-in operator. */
  call<M extends MethodName>(method: M, input: Input<M>, sessionId?: string): Promise<Envelope<Output<M>>>;
  /** The value of one API call; throws on an error envelope. */
  ok<M extends MethodName>(method: M, input: Input<M>, sessionId?: string): Promise<Output<M>>;
  /** Opens station.db read-only (WAL: sees every committed write). */
  db(): Database.Database;
  stop(): Promise<void>;
}

/** Starts `serve` on a fresh data folder; `firstStart` leaves out the admin so the set-up screen shows. */
export async function startStation(options: { firstStart?: boolean } = {}): Promise<Station> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-'));
  // The per-PC station-id registry goes in the test's folder, never the real one.
  const args = [
    join(ROOT, 'out/main/serve.js'),
    ...['--data-dir', dataDir, '--port', '0', '--machine-registry', join(dataDir, 'machine-ids.json')],
    ...(options.firstStart ? [] : ['--admin-pin', ADMIN_PIN]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Labels and certificates from the bundled fonts alone, as on a PC without Chinese fonts.
    env: { ...process.env, DISABLE_SYSTEM_FONTS_LOAD: '1' },
  });
  let url: string;
  try {
    url = await stationUrl(child);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token')!;
  const opened: Database.Database[] = [];

  async function call<M extends MethodName>(method: M, input: Input<M>, sessionId?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (sessionId) headers['x-station-session'] = sessionId;
    const response = await fetch(`${origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
    return (await response.json()) as Envelope<Output<M>>;
  }

  return {
    url,
    origin,
    token,
    dataDir,
    call,
    async ok(method, input, sessionId) {
      const envelope = await call(method, input, sessionId);
      if (!envelope.ok) throw new Error(`${method} failed: ${JSON.stringify(envelope.error)}`);
      return envelope.value;
    },
    db() {
      const db = new Database(join(dataDir, 'station.db'), { readonly: true, fileMustExist: true });
      opened.push(db);
      return db;
    },
    async stop() {
      for (const db of opened) db.close();
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads stdout until the `STATION_URL=` line, or fails with what the server said. */
function stationUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => finish(new Error(`no STATION_URL within ${START_TIMEOUT_MS} ms\n${out}\n${err}`)), START_TIMEOUT_MS);
    const finish = (result: string | Error) => {
      clearTimeout(timer);
      child.stdout!.off('data', onOut);
      child.off('exit', onExit);
      if (typeof result === 'string') resolvePromise(result);
      else reject(result);
    };
    const onOut = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /^STATION_URL=(\S+)$/m.exec(out);
      if (match) finish(match[1]!);
    };
    const onExit = (code: number | null) => finish(new Error(`station exited (${code}) before it was ready\n${out}\n${err}`));
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

export interface Browser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * The system's fontconfig plus the station's bundled Noto Sans SC, preferred for every generic
 * family: screens render Chinese on a machine without any CJK font package, and symbols the font
 * lacks (▾) still come from the system.
 */
function bundledFontsConfig(profile: string): string {
  const file = join(profile, 'fonts.conf');
  const prefer = ['sans-serif', 'serif', 'monospace'].map((f) => `  <alias binding="strong"><family>${f}</family><prefer><family>Noto Sans SC</family></prefer></alias>`).join('\n');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${dirname(bundledFontPath('sans'))}</dir>\n${prefer}\n  <cachedir>${join(profile, 'fontconfig')}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

/** Chromium (scripts/systemTools.ts finds it) on a throwaway profile, 1366×768 like the counter PCs. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium: npm test installs it or says how (scripts/check-system.ts)');
  const profile = mkdtempSync(join(tmpdir(), 'station-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    env: { ...process.env, FONTCONFIG_FILE: bundledFontsConfig(profile) },
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      '--lang=zh-CN',
      ...extraArgs,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the UI: the operator's big button, then the on-screen PIN pad. */
export async function signInWithPinPad(page: Page, url: string, operatorName: string, pin: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-testid=operator-button]', { has: page.getByText(operatorName, { exact: true }) }).click();
  for (const digit of pin) await page.click(`[data-testid=pin-${digit}]`);
  await page.click('[data-testid=pin-submit]');
  await page.waitForSelector('[data-testid=current-operator]', { timeout: 10_000 });
}

/**
 * Opens a screen by its tab, through 更多 when the tab did not fit in the top bar's one row. The
 * row refits when something beside it changes (the print alert appearing, fonts arriving), so a
 * tab may move into 更多 between looking and clicking: then look again, a few times, bounded.
 */
export async function openTab(page: Page, id: string): Promise<void> {
  const tab = page.locator(`[data-testid=tab-${id}]`);
  const more = page.locator('[data-testid=tab-more]');
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tab.isVisible()) {
      try {
        await tab.click({ timeout: 2_000 });
        return;
      } catch {
        continue;
      }
    }
    if ((await more.isVisible()) && (await more.getAttribute('aria-expanded')) !== 'true') await more.click({ timeout: 2_000 }).catch(() => undefined);
    await tab.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
  }
  await tab.click();
}

export interface Seeded {
  adminSession: string;
  varieties: Output<'listVarieties'>;
  varietyId(name: string): string;
}

/** Signs the preset admin in over the API, for seeding. */
export async function seedAdmin(station: Station): Promise<Seeded> {
  const operators = await station.ok('listOperators', {});
  const admin = operators.find((o) => o.role === 'admin')!;
  const { sessionId } = await station.ok('signIn', { operatorId: admin.id, pin: ADMIN_PIN });
  const varieties = await station.ok('listVarieties', {}, sessionId);
  return {
    adminSession: sessionId,
    varieties,
    varietyId(name) {
      const found = varieties.find((v) => v.name === name);
      if (!found) throw new Error(`no seeded variety ${name}: ${varieties.map((v) => v.name).join(', ')}`);
      return found.id;
    },
  };
}

/** A date relative to today, as the station's local ISO day. */
export function isoDay(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface Counter extends Seeded {
  receiver: { name: string; pin: string };
  manager: { name: string; pin: string };
  supplierId: string;
  blockedSupplierId: string;
}

/** A receiver and a manager, a supplier in good standing and a blocked one. */
export async function seedCounter(station: Station): Promise<Counter> {
  const seeded = await seedAdmin(station);
  const s = seeded.adminSession;
  const receiver = { name: '王收货', pin: '2468' };
  const manager = { name: '李经理', pin: '135790' };
  await station.ok('createOperator', { ...receiver, role: 'receiver' }, s);
  await station.ok('createOperator', { ...manager, role: 'manager' }, s);
  const uscc = '91350102MA31ABCD1';
  const supplier = await station.ok('saveSubject', { kind: 'supplier', name: '绿源蔬菜合作社', uscc: uscc + usccCheckChar(uscc) }, s);
  const blocked = await station.ok('saveSubject', { kind: 'supplier', name: '黑名单农场' }, s);
  await station.ok('setSubjectBlocked', { id: blocked.id, blocked: true, reason: '抽检不合格' }, s);
  return { ...seeded, receiver, manager, supplierId: supplier.id, blockedSupplierId: blocked.id };
}

export interface CertificateFill {
  type: CertificateType;
  number: string;
  issueDate?: string;
  validUntil?: string;
}

/** 下一车, then the delivery form filled through the UI as staff would. */
/** `quantity` left out: the desk scale fills it. */
export async function fillDelivery(page: Page, d: { supplierId: string; varietyId: string; quantity?: string; certificates: CertificateFill[] }) {
  await page.click('[data-testid=next-delivery]');
  await page.selectOption('[data-testid=supplier-select]', d.supplierId);
  await page.selectOption('[data-testid=variety-select]', d.varietyId);
  if (d.quantity !== undefined) await page.fill('[data-testid=quantity]', d.quantity);
  for (const [i, c] of d.certificates.entries()) {
    await page.click('[data-testid=add-certificate]');
    const row = page.locator('[data-testid=certificate-row]').nth(i);
    await row.locator('[data-testid=cert-type]').selectOption(c.type);
    if (c.issueDate) await row.locator('[data-testid=cert-issue-date]').fill(c.issueDate);
    if (c.validUntil) await row.locator('[data-testid=cert-valid-until]').fill(c.validUntil);
    await row.locator('[data-testid=cert-number]').fill(c.number);
  }
}

/** How many times the screen has asked for a rescan (a scan that broke off): 0 where it shows no warning. */
export const partialWarnings = (page: Page) => page.evaluate(() => Number(document.querySelector('[data-testid=scan-warning][data-warning=partial]')?.getAttribute('data-count') ?? 0));

/** Gap between a wedge scanner's keys. */
const WEDGE_KEY_GAP_S = 0.005;
const ALT = 1;
const CTRL = 2;
/** US-layout key codes for the punctuation scans carry; letters and digits follow from the character. */
const PUNCTUATION: Record<string, [code: string, keyCode: number]> = {
  ']': ['BracketRight', 221],
  '[': ['BracketLeft', 219],
  '-': ['Minus', 189],
  '.': ['Period', 190],
  '/': ['Slash', 191],
  ':': ['Semicolon', 186],
  '=': ['Equal', 187],
  ',': ['Comma', 188],
  ' ': ['Space', 32],
};

type KeyEvent = { type: 'keyDown' | 'rawKeyDown' | 'keyUp'; key: string; code: string; windowsVirtualKeyCode: number; text?: string; modifiers?: number };

/** One press (down and up) of a key, typing `text` if given. */
const press = (key: string, code: string, keyCode: number, text?: string, modifiers = 0): KeyEvent[] => [
  { type: text === undefined ? 'rawKeyDown' : 'keyDown', key, code, windowsVirtualKeyCode: keyCode, text, modifiers },
  { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode, modifiers },
];

/**
 * The key events a wedge scanner sends for `text` (US layout): ASCII as keys, GS (FNC1) as
 * Ctrl+], a line break as Enter, and anything else as an Alt+numpad decimal code.
 */
function wedgeKeyEvents(text: string): KeyEvent[] {
  return [...text].flatMap((ch): KeyEvent[] => {
    if (ch === '\n') return press('Enter', 'Enter', 13, '\r');
    if (ch === '\u001d') return press(']', 'BracketRight', 221, undefined, CTRL);
    if (/^[A-Za-z]$/.test(ch)) return press(ch, `Key${ch.toUpperCase()}`, ch.toUpperCase().charCodeAt(0), ch);
    if (/^[0-9]$/.test(ch)) return press(ch, `Digit${ch}`, ch.charCodeAt(0), ch);
    if (ch.charCodeAt(0) < 128) {
      const [code, keyCode] = PUNCTUATION[ch] ?? ['', 0];
      return press(ch, code, keyCode, ch);
    }
    const digits = [...String(ch.codePointAt(0))].flatMap((d) => press(d, `Numpad${d}`, 96 + Number(d), undefined, ALT));
    return [{ type: 'rawKeyDown', key: 'Alt', code: 'AltLeft', windowsVirtualKeyCode: 18, modifiers: ALT }, ...digits, { type: 'keyUp', key: 'Alt', code: 'AltLeft', windowsVirtualKeyCode: 18 }];
  });
}

/**
 * A keyboard-wedge scan: `text`, then Enter, wherever the focus is, keys 5 ms apart as a scanner
 * sends them. Each key carries its own time stamp (CDP Input.dispatchKeyEvent `timestamp`, which
 * the page sees as `event.timeStamp`), and all keys are queued at once: a loaded machine may hand
 * them to the page late, but the page still times the scanner's 5 ms, never the test's delays.
 * Resolves when the page has handled the Enter; fails if the screen took the scan as broken off
 * (a partial scan is a bug here, not bad luck to retry).
 */
export async function wedgeScan(page: Page, text: string): Promise<void> {
  const before = await partialWarnings(page);
  const cdp = await page.context().newCDPSession(page);
  try {
    // Seconds since the epoch: each key goes down one gap after the last, and comes up 1 ms later.
    let down = Date.now() / 1000 - WEDGE_KEY_GAP_S;
    const sent = wedgeKeyEvents(`${text}\n`).map((e) => {
      if (e.type !== 'keyUp') down += WEDGE_KEY_GAP_S;
      return cdp.send('Input.dispatchKeyEvent', { ...e, timestamp: e.type === 'keyUp' ? down + 0.001 : down });
    });
    await Promise.all(sent);
  } finally {
    await cdp.detach();
  }
  const after = await partialWarnings(page);
  if (after > before) throw new Error(`the screen took the scan ${JSON.stringify(text)} as broken off (partial warnings ${before} → ${after})`);
}

interface StoredLotRow {
  id: string;
  code_key: string;
  status: string;
  zone: string;
  quantity: number;
  unit: string;
  supplier_id: string;
  variety_id: string;
  outcome: string;
  reasons: string;
  source: string;
  overridden_from: string | null;
}

/** The lot a raw scan created, with its entry check and certificates; undefined if none. */
export function storedLot(db: Database.Database, raw: string) {
  const lot = db
    .prepare(
      `select l.id, l.code_key, l.status, l.zone, l.quantity, l.unit, l.supplier_id, l.variety_id,
              e.outcome, e.reasons, e.source, e.overridden_from
         from lots l join entry_checks e on e.lot_id = l.id where l.raw_scan = ?`,
    )
    .get(raw) as StoredLotRow | undefined;
  if (!lot) return undefined;
  const certificates = db
    .prepare('select c.type, c.number, c.valid_until, c.raw from certificates c join lot_certificates lc on lc.certificate_id = c.id where lc.lot_id = ? order by c.type')
    .all(lot.id) as { type: string; number: string; valid_until: string | null; raw: string | null }[];
  return { ...lot, reasonCodes: (JSON.parse(lot.reasons) as { code: string }[]).map((r) => r.code), certificates };
}

export function rowCounts(db: Database.Database) {
  const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { lots: count('lots'), entryChecks: count('entry_checks'), certificates: count('certificates') };
}

export interface Desk {
  station: Station;
  counter: Counter;
  browser: Browser;
  page: Page;
  db: Database.Database;
  /** Closes the browser, then stops the station. */
  stop(): Promise<void>;
}

export interface DeskOptions {
  /** Operators besides the counter's receiver and manager, made by the admin. */
  operators?: { name: string; pin: string; role: 'vendor' | 'receiver' | 'inspector' | 'gatekeeper' | 'manager'; stallId?: string }[];
  /** Extra Chromium flags (the fake camera). */
  browserArgs?: string[];
}

/**
 * What a file opened, closed in `afterAll` last first, whatever its set-up got to:
 * `const opened = teardown(); … sim = opened.add(await plug(), (s) => s.unplug()); … afterAll(opened.close)`.
 */
export function teardown() {
  const closers: (() => unknown)[] = [];
  return {
    add<T>(thing: T, close: (thing: T) => unknown): T {
      closers.push(() => close(thing));
      return thing;
    },
    async close(): Promise<void> {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
}

/**
 * A station with the counter's staff (and `operators`), and Chromium in front of it: each e2e file
 * opens its own, so files pass in any order. If a step fails, what was started is stopped again
 * (a station left running would outlive the test run).
 */
export async function openDesk(options: DeskOptions = {}): Promise<Desk> {
  let station: Station | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await station?.stop();
  };
  try {
    station = await startStation();
    const counter = await seedCounter(station);
    for (const o of options.operators ?? []) await station.ok('createOperator', o, counter.adminSession);
    browser = await launchBrowser(options.browserArgs);
    return { station, counter, browser, page: browser.page, db: station.db(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * A lot recorded at the gate over the API, as the receiving desk would: 白菜 unless `variety`, from
 * the counter's supplier, with its commitment certificate (CN-`name`) and, unless `report` is
 * false, a test report (TR-`name`). With the report it is admitted, without one it waits for its
 * test (待检); anything else fails the set-up.
 */
export async function receiveLot(station: Station, counter: Counter, o: { raw: string; name: string; quantity: number; report?: boolean; variety?: string }) {
  const report = o.report ?? true;
  const certificate = (type: 'commitment' | 'testReport', number: string) => ({ type, number, issuer: '绿源蔬菜合作社', issueDate: isoDay() });
  const result = await station.ok(
    'checkEntry',
    {
      raw: o.raw,
      source: 'wedge',
      supplierId: counter.supplierId,
      varietyId: counter.varietyId(o.variety ?? '白菜'),
      quantity: o.quantity,
      unit: 'kg',
      certificates: [certificate('commitment', `CN-${o.name}`), ...(report ? [certificate('testReport', `TR-${o.name}`)] : [])],
    },
    counter.adminSession,
  );
  const expected = report ? 'admitted' : 'awaitingTest';
  if (result.duplicate) throw new Error(`set-up: lot ${o.raw} was already recorded`);
  if (result.view.lot.status !== expected) throw new Error(`set-up: lot ${o.raw} is ${result.view.lot.status}, not ${expected}`);
  return result;
}

/**
 * Records every sound the page makes, by its oscillator's wave, in `window.tones`: the admit beep
 * and the alarm siren (triangle) are told apart by it. Call before the page loads.
 */
export async function recordTones(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { tones: string[] };
    w.tones = [];
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      w.tones.push(this.type);
      return start.apply(this, args);
    };
  });
}

/** The text of each matched element as the page lays it out, line by line (by each character's top). */
export function textLines(locator: Locator): Promise<string[][]> {
  return locator.evaluateAll((elements) =>
    elements.map((element) => {
      const lines: string[] = [];
      let top: number | null = null;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null)
        for (let i = 0; i < node.data.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const at = Math.round(range.getBoundingClientRect().top);
          if (at !== top) lines.push('');
          top = at;
          lines[lines.length - 1] += node.data[i];
        }
      return lines;
    }),
  );
}
