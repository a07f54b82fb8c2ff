import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventName, EventPayload, Input, MethodName, Output } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { createCore } from '../../electron/core/createCore';
import { openKeyFileStore } from '../../electron/secrets/secretStore';
import type { Core } from '../../electron/core/types';
import type { BackupOptions } from '../../electron/services/backup';
import type { StationLogging } from '../../electron/logging/logger';
import { gs1CheckDigit } from '../../shared/domain/gs1Check';
import type { SamplingConfig } from '../../shared/domain/sampling';
import { seededRandom } from '../fixtures/seededRandom';

export const ROOT = resolve(__dirname, '../..');
export const MIGRATIONS = join(ROOT, 'resources/migrations');
export const ADMIN_PIN = '246813';

/** Valid 统一社会信用代码 fixtures (check characters computed by GB 32100). */
export const USCC = { a: '91350100M000100Y43', b: '91350502MA2Y0XXX04', c: '92350502MA31ABCD1R' };

/** A GS1-128 scan as a wedge delivers it: symbology id, (01) GTIN, FNC1 as GS, (10) lot. */
export function gs1Scan(item: string, lot: string): string {
  const body = `0690${item.padStart(9, '0')}`;
  return `]C101${body}${gs1CheckDigit(body)}10${lot}`;
}

export interface TestCore {
  core: Core;
  dir: string;
  session: string;
  call<M extends MethodName>(method: M, input: Input<M>, session?: string): Promise<Output<M>>;
  /** Rows read from the station's SQLite file through a separate read-only connection. */
  rows(sql: string, ...args: unknown[]): Record<string, any>[];
  close(): void;
}

/** The API error a call ended with; fails the test if the call succeeded. */
export async function apiError(p: Promise<unknown>): Promise<{ code: string; params?: Record<string, unknown>; issues?: { path: string; code: string }[] }> {
  try {
    await p;
  } catch (e) {
    return (e as { api: { code: string; params?: Record<string, unknown>; issues?: { path: string; code: string }[] } }).api;
  }
  throw new Error('expected an API error');
}

/** Calls the core as a client would, an API error thrown with its body as `api`; signed in as the admin. */
export async function signInAdmin(core: Core) {
  const raw = async (method: string, input: unknown, sessionId?: string) => {
    const env = await core.dispatch(method, input, { sessionId });
    if (!env.ok) throw Object.assign(new Error(`${method}: ${env.error.code} ${env.error.message} ${JSON.stringify(env.error.issues ?? env.error.params ?? '')}`), { api: env.error });
    return env.value;
  };
  // The first admin, whoever else was created since (a core restarted on the same file).
  const admin = ((await raw('listOperators', {})) as { id: string; role: string }[]).find((o) => o.role === 'admin')!;
  const { sessionId } = (await raw('signIn', { operatorId: admin.id, pin: ADMIN_PIN })) as { sessionId: string };
  return { raw, sessionId };
}

/** Reads the station's database beside the running core, on its own read-only connection. */
export function rowsIn(dir: string) {
  return (sql: string, ...args: unknown[]): Record<string, any>[] => {
    const db = new Database(join(dir, 'station.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...args) as Record<string, any>[];
    } finally {
      db.close();
    }
  };
}

export interface TestCoreOptions {
  now?: () => Date;
  dir?: string;
  machineRegistryPath?: string;
  scanners?: { reconnectMs?: number };
  sampling?: Partial<SamplingConfig>;
  /** Backup timer and companion files (electron/services/backup). */
  backup?: BackupOptions;
  /** Run the background quick_check (off by default: await `core.pageCheck()` before the test ends). */
  pageCheck?: boolean;
  /**
   * Makes the sampler's keyed draw repeat: record ids from this seed and this station secret (at
   * least 16 bytes) in place of a random one. With a fixed clock too, the same lots are picked on
   * every run.
   */
  deterministic?: { seed: number; samplingSecret: string };
  /** Log lines elsewhere than the data folder's files (memoryLog()). */
  logging?: StationLogging;
  /** The day report's time limit on its worker (default 60 s). */
  reportTimeoutMs?: number;
}

/** A real core on a fresh SQLite file in a temp dir, signed in as the first admin. */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'station-'));
  const machineRegistryPath = options.machineRegistryPath ?? join(dir, 'machine-ids.json');
  const fixed = options.deterministic;
  // The station makes its sampling secret on first need: one in its key file before start is the one used.
  if (fixed) openKeyFileStore(dir).set({ samplingKey: Buffer.from(fixed.samplingSecret).toString('base64') });
  const core = await createCore({
    dataDir: dir,
    migrationsDir: MIGRATIONS,
    adminPin: ADMIN_PIN,
    now: options.now,
    machineRegistryPath,
    printRetryMs: 50,
    printConfirmTimeoutMs: 1000,
    scanners: options.scanners,
    sampling: options.sampling,
    backup: options.backup,
    pageCheck: options.pageCheck ?? false,
    random: fixed && seededRandom(fixed.seed),
    logging: options.logging,
    reportTimeoutMs: options.reportTimeoutMs,
  });
  const { raw, sessionId } = await signInAdmin(core);
  const t: TestCore = {
    core,
    dir,
    session: sessionId,
    // The admin's own session: a test that moves the clock on hours ends it as idle (30 minutes),
    // so the admin signs in again, as at the counter. Sessions passed in explicitly are not renewed.
    async call(method, input, session) {
      if (session !== undefined) return raw(method, input, session) as never;
      try {
        return (await raw(method, input, t.session)) as never;
      } catch (e) {
        if ((e as { api?: { params?: { reason?: unknown } } }).api?.params?.reason !== 'sessionIdle') throw e;
        t.session = (await signInAdmin(core)).sessionId;
        return raw(method, input, t.session) as never;
      }
    },
    rows: rowsIn(dir),
    close() {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** The first event of this kind that passes `test`, bounded. */
export function nextCoreEvent<E extends EventName>(t: TestCore, event: E, test: (p: EventPayload<E>) => boolean = () => true, ms = 10_000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${event} event within ${ms} ms`))), ms);
    const off = t.core.onEvent((name, payload) => {
      const p = payload as unknown as EventPayload<E>;
      if (name === (event as string) && test(p)) {
        clearTimeout(timer);
        off();
        resolve(p);
      }
    });
  });
}

/**
 * 源头赋码: a lot that came with a paper certificate only (30 kg of 白菜 from the first supplier on
 * file); the station codes it and queues its crate label. A station id must be set.
 */
/**
 * A 100 kg lot of 白菜 with a commitment and a test report (numbers C-/T-<batch>) entered from its
 * GS1 code: admitted. The checkEntry answer.
 */
export async function admitCabbageLot(t: TestCore, batch: string, supplierId: string) {
  const today = localDay(new Date());
  const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  return t.call('checkEntry', {
    raw: gs1Scan('1', batch),
    source: 'wedge',
    supplierId,
    varietyId: cabbage.id,
    quantity: 100,
    unit: 'kg',
    certificates: [
      { type: 'commitment', number: `C-${batch}`, issuer: '南安合作社', issueDate: today },
      { type: 'testReport', number: `T-${batch}`, issuer: '检测站', issueDate: today },
    ],
  });
}

export async function sourceCodedLot(t: TestCore) {
  const supplier = (await t.call('listSubjects', { kind: 'supplier' }))[0]!;
  const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  const issueDate = new Date().toLocaleDateString('sv');
  return t.call('checkEntry', {
    assignCode: true,
    source: 'manual',
    supplierId: supplier.id,
    varietyId: cabbage.id,
    quantity: 30,
    unit: 'kg',
    certificates: [{ type: 'commitment', number: 'PAPER-1', issuer: '农户老王', issueDate }],
  });
}
