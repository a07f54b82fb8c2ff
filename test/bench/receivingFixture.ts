import Database from 'better-sqlite3';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import type { CertificateInput, EntryCheckInput } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/types';
import { MIGRATIONS } from '../support/core';

export const BENCH_PIN = '246813';

export interface Station {
  core: Core;
  session: string;
  supplierId: string;
  varietyId: string;
}

async function must(core: Core, method: string, input: unknown, sessionId?: string) {
  const r = await core.dispatch(method, input, { sessionId });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as any;
}

/** Opens the core on `dir`, signs in as admin and finds (or makes) a supplier and 白菜. */
export async function openStation(dir: string, machineRegistryPath = join(dir, 'machine-ids.json')): Promise<Station> {
  // No print queue retries while measuring: jobs wait for a printer that is never configured.
  const core = await createCore({ dataDir: dir, migrationsDir: MIGRATIONS, adminPin: BENCH_PIN, machineRegistryPath, printRetryMs: 3_600_000 });
  const [admin] = await must(core, 'listOperators', {});
  const session = (await must(core, 'signIn', { operatorId: admin.id, pin: BENCH_PIN })).sessionId;
  const suppliers = await must(core, 'listSubjects', { kind: 'supplier' }, session);
  const supplierId = suppliers[0]?.id ?? (await must(core, 'saveSubject', { kind: 'supplier', name: '基准供应商' }, session)).id;
  const varietyId = (await must(core, 'listVarieties', {}, session)).find((v: { name: string }) => v.name === '白菜').id;
  return { core, session, supplierId, varietyId };
}

/** Bulk-loads `n` admitted lots with their entry checks, as a busy market accumulates them. */
export function seedLots(dir: string, n: number, supplierId: string, varietyId: string) {
  const db = new Database(join(dir, 'station.db'));
  const operatorId = (db.prepare('select id from operators limit 1').get() as { id: string }).id;
  const ulid = monotonicFactory();
  const lot = db.prepare(
    `insert into lots (id, code_key, code_kind, raw_scan, supplier_id, variety_id, quantity, unit, status, zone, created_at, created_by)
     values (?, ?, 'opaque', ?, ?, ?, 25, 'kg', 'admitted', 'trading', ?, ?)`,
  );
  const entry = db.prepare(
    `insert into entry_checks (id, lot_id, outcome, reasons, source, created_at, created_by) values (?, ?, 'admit', '[{"code":"ok"}]', 'wedge', ?, ?)`,
  );
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = ulid();
      lot.run(id, `x:SEED${i}`, `SEED${i}`, supplierId, varietyId, at, operatorId);
      entry.run(ulid(), id, at, operatorId);
    }
  });
  for (let i = 0; i < n; i += 20_000) batch(i, Math.min(n, i + 20_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export function scanInput(station: Station, i: number, tag: string): EntryCheckInput {
  const today = localDay(new Date());
  const certs: CertificateInput[] = [
    { type: 'commitment', number: `${tag}C${i}`, issuer: '基准合作社', issueDate: today, quantity: 100, unit: 'kg' },
    { type: 'testReport', number: `${tag}T${i}`, issuer: '基准检测', issueDate: today },
  ];
  return { raw: `${tag}${String(i).padStart(10, '0')}`, source: 'wedge', supplierId: station.supplierId, varietyId: station.varietyId, quantity: 20, unit: 'kg', certificates: certs };
}
