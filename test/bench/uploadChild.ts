// Child process of the upload bench: a station with `n` waiting outbox records drains them to the
// loopback capture server. Prints one JSON line: drain time and peak RSS of this process alone.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { createCore } from '../../electron/core/createCore';
import { DEFAULT_UPLOAD_SETTINGS } from '../../electron/services/upload/settings';
import type { SyncStatus } from '../../shared/contract';
import { benchPayload } from './upload.bench';
import { MIGRATIONS } from '../support/core';

async function main() {
  const [dir, url, nArg, batchArg] = process.argv.slice(2);
  const n = Number(nArg);
  const core = await createCore({ dataDir: dir, migrationsDir: MIGRATIONS, adminPin: '2468', machineRegistryPath: join(dir, 'machine-ids.json'), printRetryMs: 3_600_000, upload: { idlePollMs: 20, statusThrottleMs: 250 } });
  const must = async (method: string, input: unknown, sessionId?: string) => {
    const r = await core.dispatch(method, input, { sessionId });
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as any;
  };
  const [admin] = await must('listOperators', {});
  const session = (await must('signIn', { operatorId: admin.id, pin: '2468' })).sessionId;
  await must('setStationId', { stationId: '3059901', name: '基准' }, session);

  const db = new Database(join(dir, 'station.db'));
  const ulid = monotonicFactory();
  const insert = db.prepare('INSERT INTO outbox (id, kind, lot_id, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const r = benchPayload(i, ulid);
      insert.run(r.id, r.kind, r.lotId, JSON.stringify(r.payload), r.at);
    }
  })();
  db.close();

  const done = new Promise<void>((resolve) => {
    core.onEvent((event, payload) => {
      if (event === 'syncStatus' && (payload as SyncStatus).backlog === 0 && (payload as SyncStatus).sent >= n) resolve();
    });
  });
  const t0 = performance.now();
  await must('saveUploadSettings', { ...DEFAULT_UPLOAD_SETTINGS, target: 'epcis', endpoint: url, batchSize: Number(batchArg) }, session);
  await done;
  const drainMs = performance.now() - t0;
  await core.close();
  console.log(JSON.stringify({ drainMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
