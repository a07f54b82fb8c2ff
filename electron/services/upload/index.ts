import type Database from 'better-sqlite3';
import type { EventName, EventPayload, syncMethods } from '../../../shared/contract';
import type { Handlers } from '../../core/dispatch';
import { isoLocal, type Clock } from '../../core/clock';
import type { SecretStore } from '../../secrets/secretStore';
import type { StationIdentity } from '../stationIdentity';
import type { StationLog } from '../../logging/logger';
import type { Orm } from '../../store/open';
import { marketGlnOf } from './outbox';
import { createQueue } from './queue';
import { createUploadSettings } from './settings';
import { createTransfer } from './transfer';
import { createUploader, type UploaderOptions } from './uploader';

export { enqueueUpload } from './outbox';
export type { UploaderOptions } from './uploader';

interface Deps {
  orm: Orm;
  sqlite: Database.Database;
  clock: Clock;
  dataDir: string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  stationId: () => string | null;
  /** Signs export files and checks the signature of imported ones. */
  identity: Pick<StationIdentity, 'signRecord' | 'verifyStationSignature'>;
  secrets: SecretStore;
  log: StationLog;
  options?: UploaderOptions;
}

const codeOf = (payload: Record<string, unknown>): string | null => {
  const p = payload as { lot?: { code?: string }; child?: { code?: string }; lots?: { code?: string }[] };
  return p.lot?.code ?? p.child?.code ?? p.lots?.[0]?.code ?? null;
};

/** Upload: the outbox queue, the uploader loop, settings, dead letters, file export/import. */
export function createUploadService(deps: Deps) {
  const queue = createQueue(deps.sqlite);
  const settings = createUploadSettings(deps.orm, deps.clock, deps.secrets);
  const transfer = createTransfer(deps.sqlite, deps.dataDir, deps.identity);
  const uploader = createUploader({
    queue,
    clock: deps.clock,
    settings: () => settings.get(),
    settingsGeneration: () => settings.generation(),
    stationId: deps.stationId,
    marketGln: () => marketGlnOf(deps.sqlite),
    onStatus: (s) => deps.emit('syncStatus', s),
    log: deps.log,
    options: deps.options,
  });

  const handlers: Pick<Handlers, keyof typeof syncMethods> = {
    getSyncStatus: () => uploader.status(),
    syncNow: () => uploader.syncNow(),
    listDeadLetters: (i) =>
      queue
        .deadLetters(i.limit)
        .map(({ row, reason, blocking }) => ({ seq: row.seq, id: row.id, kind: row.kind, lotId: row.lotId, code: codeOf(row.payload), createdAt: row.at, attempts: row.attempts, reason, blocking })),
    resendDeadLetters: (i) => {
      const requeued = queue.requeue(i.ids);
      uploader.syncNow();
      uploader.kick();
      return { requeued };
    },
    getUploadSettings: () => settings.get(),
    saveUploadSettings: (i, o) => {
      const saved = settings.save(i, o);
      uploader.syncNow();
      uploader.kick();
      return saved;
    },
    exportUpload: (i) => {
      const r = transfer.exportRecords({ records: i.records, handOver: i.handOver, stationId: deps.stationId(), at: isoLocal(deps.clock.now()) });
      uploader.kick();
      return r;
    },
    importUpload: (i) => {
      const r = transfer.importFile(i.content);
      uploader.kick();
      return r;
    },
  };

  return {
    start: () => uploader.start(),
    close: () => uploader.close(),
    status: () => uploader.status(),
    settings: () => settings.get(),
    /** New rows were written: look now instead of at the next idle poll. */
    kick: () => uploader.kick(),
    handlers,
  };
}
export type UploadService = ReturnType<typeof createUploadService>;
