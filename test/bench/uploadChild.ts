// Child processes of the upload bench. `seed`: a station with `n` waiting outbox records (written
// straight into its database). `drain`: that station, started afresh as a real one would be, drains
// them to the loopback capture server and prints one JSON line: drain time, idle and peak RSS of
// this process alone, so seeding never counts towards the station's memory. The bench runs it
// bundled with plain Node, as the station's own code runs (never under the tsx loader).
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { createCore } from '../../electron/core/createCore';
import { enqueueUpload } from '../../electron/services/upload/outbox';
import { DEFAULT_UPLOAD_SETTINGS } from '../../electron/store/settingsTable';
import { openStore } from '../../electron/store/open';
import type { SyncStatus } from '../../shared/contract';
import { peakRssMb } from './lib';
import { benchPayload } from './uploadPayload';

async function main() {
  const [mode, dir, url, nArg, batchArg, migrations] = process.argv.slice(2);
  const n = Number(nArg);
  const core = await createCore({
    dataDir: dir,
    migrationsDir: migrations,
    adminPin: '246813',
    machineRegistryPath: join(dir, 'machine-ids.json'),
    printRetryMs: 3_600_000,
    upload: { idlePollMs: 20, statusThrottleMs: 250 },
  });
  const must = async (method: string, input: unknown, sessionId?: string) => {
    const r = await core.dispatch(method, input, { sessionId });
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as any;
  };
  const [admin] = await must('listOperators', {});
  const session = (await must('signIn', { operatorId: admin.id, pin: '246813' })).sessionId;
  if (mode === 'seed') {
    await must('setStationId', { stationId: '3059901', name: '基准' }, session);
    await core.close();
    seed(dir, migrations, n);
    return;
  }
  const idleRssMb = process.memoryUsage().rss / 1048576;
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
  console.log(JSON.stringify({ drainMs, idleRssMb, maxRssMb: peakRssMb() }));
}

/** Through the station's own enqueue, as the records' transactions write them (events serialised once). */
function seed(dir: string, migrations: string, n: number) {
  const store = openStore(dir, migrations);
  const ulid = monotonicFactory();
  for (let from = 0; from < n; from += 10_000) {
    store.sqlite.transaction(() => {
      for (let i = from; i < Math.min(n, from + 10_000); i++) enqueueUpload(store.orm, benchPayload(i, ulid));
    })();
  }
  store.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
