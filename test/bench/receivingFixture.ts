import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CertificateInput, EntryCheckInput } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/types';

export const BENCH_PIN = '246813';

export interface Station {
  core: Core;
  /** performance.now() when the core was open and serving, before the admin's sign-in. */
  openedAtMs: number;
  session: string;
  supplierId: string;
  varietyId: string;
}

export interface StationOptions {
  /** resources/migrations (passed in: a bundled bench child cannot find it from its own path). */
  migrationsDir: string;
  /** The station's clock (the sampler behaves differently near closing). */
  now?: () => Date;
  /** The supplier the scans name; the first one listed (or a new one) otherwise. */
  supplierId?: string;
}

/** A call the bench needs to succeed: its value, or a thrown error naming the method. */
export async function must(core: Core, method: string, input: unknown, sessionId?: string) {
  const r = await core.dispatch(method, input, { sessionId });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as any;
}

/** Opens the core on `dir`, signs in as admin and finds (or makes) a supplier and 白菜. */
export async function openStation(dir: string, options: StationOptions): Promise<Station> {
  // No print queue retries while measuring: jobs wait for a printer that is never configured.
  const core = await createCore({
    dataDir: dir,
    migrationsDir: options.migrationsDir,
    adminPin: BENCH_PIN,
    machineRegistryPath: join(dir, 'machine-ids.json'),
    printRetryMs: 3_600_000,
    now: options.now,
  });
  const openedAtMs = performance.now();
  const admin = (await must(core, 'listOperators', {})).find((o: { role: string }) => o.role === 'admin');
  const session = (await must(core, 'signIn', { operatorId: admin.id, pin: BENCH_PIN })).sessionId;
  const supplierId =
    options.supplierId ?? (await must(core, 'listSubjects', { kind: 'supplier' }, session))[0]?.id ?? (await must(core, 'saveSubject', { kind: 'supplier', name: '基准供应商' }, session)).id;
  const varietyId = (await must(core, 'listVarieties', {}, session)).find((v: { name: string }) => v.name === '白菜').id;
  return { core, openedAtMs, session, supplierId, varietyId };
}

/** A clock that reads `hhmm` local time today when the station opens, and runs on from there. */
export function clockAt(hhmm: string): () => Date {
  const base = new Date(`${localDay(new Date())}T${hhmm}:00`).getTime();
  const started = Date.now();
  return () => new Date(base + (Date.now() - started));
}

export function scanInput(station: Station, i: number, tag: string): EntryCheckInput {
  const today = localDay(new Date());
  const certs: CertificateInput[] = [
    { type: 'commitment', number: `${tag}C${i}`, issuer: '基准合作社', issueDate: today, quantity: 100, unit: 'kg' },
    { type: 'testReport', number: `${tag}T${i}`, issuer: '基准检测', issueDate: today },
  ];
  return { raw: `${tag}${String(i).padStart(10, '0')}`, source: 'wedge', supplierId: station.supplierId, varietyId: station.varietyId, quantity: 20, unit: 'kg', certificates: certs };
}
