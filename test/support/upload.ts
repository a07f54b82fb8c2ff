import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Input, MethodName, Output, SyncStatus, UploadSettings } from '../../shared/contract';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/types';
import type { UploaderOptions } from '../../electron/services/upload/uploader';
import { DEFAULT_UPLOAD_SETTINGS } from '../../electron/store/settingsTable';
import { localDay } from '../../electron/core/clock';
import { ADMIN_PIN, MIGRATIONS, gs1Scan, rowsIn, signInAdmin, USCC } from './core';
import { STAFF_PINS } from './testing';

/** Short timings so retries take milliseconds. */
export const FAST_UPLOAD: UploaderOptions = { backoffBaseMs: 2, backoffCapMs: 20, requestTimeoutMs: 300, idlePollMs: 10, statusThrottleMs: 5, captureJobFirstMs: 2, captureJobCapMs: 10 };

export interface UploadCore {
  core: Core;
  dir: string;
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  rows(sql: string, ...args: unknown[]): Record<string, any>[];
  /** Resolves with the first sync status (current or pushed) that satisfies `pred`. */
  until(pred: (s: SyncStatus) => boolean, timeoutMs?: number): Promise<SyncStatus>;
  close(): Promise<void>;
}

/** A real core (as startTestCore) with upload options, signed in as admin. */
export async function startUploadCore(options: { dir?: string; upload?: UploaderOptions; keepDir?: boolean } = {}): Promise<UploadCore> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'station-upload-'));
  const core = await createCore({
    dataDir: dir,
    migrationsDir: MIGRATIONS,
    adminPin: ADMIN_PIN,
    machineRegistryPath: join(dir, 'machine-ids.json'),
    upload: options.upload ?? FAST_UPLOAD,
    pageCheck: false,
  });
  const { raw, sessionId } = await signInAdmin(core);
  const call = ((method: string, input: unknown) => raw(method, input, sessionId)) as UploadCore['call'];
  return {
    core,
    dir,
    call,
    rows: rowsIn(dir),
    until(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          void call('getSyncStatus', {}).then((s) => reject(new Error(`sync status never matched; last: ${JSON.stringify(s)}`)));
        }, timeoutMs);
        const off = core.onEvent((event, payload) => {
          if (event === 'syncStatus' && pred(payload as SyncStatus)) {
            clearTimeout(timer);
            off();
            resolve(payload as SyncStatus);
          }
        });
        void call('getSyncStatus', {}).then((s) => {
          if (pred(s)) {
            clearTimeout(timer);
            off();
            resolve(s);
          }
        });
      });
    },
    async close() {
      await core.close();
      if (!options.keepDir && !options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function uploadSettings(target: UploadSettings['target'], endpoint: string, more: Partial<UploadSettings> = {}): UploadSettings {
  return { ...DEFAULT_UPLOAD_SETTINGS, target, endpoint, ...more };
}

/** Station id, a supplier and a variety: enough to record entries and splits. */
export async function seedStation(s: Pick<UploadCore, 'call'>, stationId = '3059901') {
  const info = await s.call('getStation', {});
  if (!info.stationId) await s.call('setStationId', { stationId, name: '测试摊位' });
  // A new supplier, or a new version of the existing one: either way one master-data record.
  const existing = (await s.call('listSubjects', { kind: 'supplier' }))[0];
  const supplier = await s.call('saveSubject', { id: existing?.id, kind: 'supplier', name: '南安合作社', uscc: USCC.a, contact: `v${Date.now()}` });
  const cabbage = (await s.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  return { supplierId: supplier.id, varietyId: cabbage.id };
}

/** An entry check that admits the lot (certificate covering it, no quantity limit). */
export function admitInput(seed: { supplierId: string; varietyId: string }, tag: string, quantity = 10) {
  return {
    raw: gs1Scan('12345', tag),
    source: 'wedge' as const,
    supplierId: seed.supplierId,
    varietyId: seed.varietyId,
    quantity,
    unit: 'kg' as const,
    certificates: [
      { type: 'commitment' as const, number: `CN-${tag}`, issuer: '测试合作社', issueDate: localDay(new Date()) },
      { type: 'testReport' as const, number: `TR-${tag}`, issuer: '检测站', issueDate: localDay(new Date()) },
    ],
  };
}

/**
 * Makes the station's own outbox insert of one kind fail (a trigger added through a second
 * connection): the business write around it must roll back with it.
 */
export function failOutboxInsert(dir: string, kind: string): () => void {
  const db = new Database(join(dir, 'station.db'));
  db.pragma('busy_timeout = 5000');
  db.exec(`create trigger fail_outbox before insert on outbox when new.kind = '${kind}' begin select raise(abort, 'outbox insert failed (injected)'); end`);
  return () => {
    db.exec('drop trigger fail_outbox');
    db.close();
  };
}

/**
 * An inspector and a manager signed in on `s`, and `as(session, method, input)` to call as either:
 * what a disposal (witness) or a hold release needs beside the admin.
 */
export async function inspectorAndManager(s: UploadCore) {
  const make = async (name: string, role: 'inspector' | 'manager', pin: string) => {
    const op = await s.call('createOperator', { name, role, pin });
    return { id: op.id, session: (await s.call('signIn', { operatorId: op.id, pin })).sessionId };
  };
  const inspector = await make('林检测', 'inspector', STAFF_PINS.inspector);
  const manager = await make('王经理', 'manager', STAFF_PINS.manager);
  const as = async <M extends MethodName>(session: string, method: M, input: Input<M>): Promise<Output<M>> => {
    const env = await s.core.dispatch(method, input, { sessionId: session });
    if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
    return env.value as Output<M>;
  };
  return { inspector, manager, as };
}
