import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { refused, type backupMethods, type BackupResult, type BackupSettings, type BackupStatus, type EventName, type EventPayload, type Operator } from '../../../shared/contract';
import { isoLocal, type Clock } from '../../core/clock';
import type { Handlers } from '../../core/dispatch';
import type { OperatorService } from '../operators';
import type { Orm } from '../../store/open';
import { latestKnownMigration } from '../../store/open';
import { createSettingsTable } from '../../store/settingsTable';
import { listBackups, rotateBackups } from './files';
import { inspectBackupFile } from './inspect';
import { REPLACED_DIR, stageRestore } from './restore';
import { MAX_SLEEP_MS, nextDue, realTimer, type BackupTimer } from './schedule';
import { writeSnapshot } from './snapshot';
import { readBackupState, writeBackupState } from './state';

export interface BackupOptions {
  timer?: BackupTimer;
  /**
   * Files of the data folder copied beside each backup when present (the signing key and other
   * secrets once they live outside station.db). Default: none.
   */
  extraFiles?: readonly string[];
}

interface Deps {
  orm: Orm;
  sqlite: Database.Database;
  clock: Clock;
  dataDir: string;
  migrationsDir: string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  stationId: () => string | null;
  operators: Pick<OperatorService, 'confirmPin'>;
  /** Closes and reopens the station (the staged restore is applied in between). */
  restart: () => void;
  options?: BackupOptions;
}

const PROGRESS_EVERY_MS = 250;

/** Backups: on demand and on a timer, verified, rotated; restore of a chosen backup (docs/backup.md). */
export function createBackupService(deps: Deps) {
  const table = createSettingsTable(deps.orm);
  const timer = deps.options?.timer ?? realTimer;
  const extraFiles = deps.options?.extraFiles ?? [];
  let state = readBackupState(deps.dataDir);
  let running: BackupStatus['running'] = null;
  let current: Promise<BackupResult> | null = null;
  let handle: unknown = null;
  let closed = false;
  let lastProgressAt = 0;
  let stopCopy: (() => Promise<unknown>) | null = null;

  const settings = (): BackupSettings => table.get('backup');
  const parse = (iso: string | null) => (iso ? new Date(iso) : null);

  function status(): BackupStatus {
    const failedAt = state.last && !state.last.ok ? parse(state.last.at) : null;
    const due = nextDue(settings(), parse(state.lastSuccessAt), failedAt, deps.clock.now());
    return { settings: settings(), last: state.last, lastSuccessAt: state.lastSuccessAt, nextDueAt: due && isoLocal(due), running };
  }
  const publish = () => deps.emit('backupStatus', status());

  /** Plans the next timer wake-up from the settings and the last result. */
  function plan() {
    if (handle !== null) timer.clear(handle);
    handle = null;
    if (closed) return;
    const s = status();
    if (!s.nextDueAt) return;
    const wait = Math.max(0, new Date(s.nextDueAt).getTime() - deps.clock.now().getTime());
    handle = timer.set(
      () => {
        handle = null;
        if (wait > MAX_SLEEP_MS) return plan();
        void run('scheduled').catch(() => undefined);
      },
      Math.min(wait, MAX_SLEEP_MS),
    );
  }

  async function take(trigger: BackupResult['trigger']): Promise<BackupResult> {
    const { folder, keep } = settings();
    const startedAt = deps.clock.now();
    const t0 = performance.now();
    running = { startedAt: isoLocal(startedAt), pagesDone: 0, pagesTotal: 0 };
    publish();
    const stationId = deps.stationId();
    let result: BackupResult;
    try {
      if (!folder) throw refused('badRequest', 'no backup folder set', 'backupNoFolder');
      const snap = await writeSnapshot(deps.sqlite, {
        folder,
        stationId,
        at: startedAt,
        extraFiles,
        onStop: (stop) => {
          stopCopy = stop;
        },
        onProgress: (p) => {
          running = { startedAt: isoLocal(startedAt), ...p };
          const now = performance.now();
          if (now - lastProgressAt >= PROGRESS_EVERY_MS) {
            lastProgressAt = now;
            publish();
          }
        },
      });
      rotateBackups(folder, stationId, keep, extraFiles);
      result = { at: isoLocal(startedAt), trigger, ok: true, file: snap.path, bytes: snap.bytes, ms: Math.round(performance.now() - t0), problem: null, reason: null, params: null };
      state = { folder, stationId, last: result, lastSuccessAt: result.at };
    } catch (e) {
      const { reason = null, ...params } = (e as { params?: Record<string, string | number> }).params ?? {};
      result = {
        at: isoLocal(startedAt),
        trigger,
        ok: false,
        file: null,
        bytes: null,
        ms: Math.round(performance.now() - t0),
        problem: e instanceof Error ? e.message : String(e),
        reason: reason === null ? null : String(reason),
        params,
      };
      state = { ...state, folder: folder || state.folder, stationId, last: result };
      running = null;
      if (!closed) persistAndPublish();
      throw e;
    }
    running = null;
    if (!closed) persistAndPublish();
    return result;
  }

  function persistAndPublish() {
    writeBackupState(deps.dataDir, state);
    publish();
    plan();
  }

  /** One backup at a time: a second request while one runs gets that one's result. */
  function run(trigger: BackupResult['trigger']): Promise<BackupResult> {
    current ??= take(trigger).finally(() => {
      current = null;
      stopCopy = null;
    });
    return current;
  }

  async function checkRestorable(path: string, otherStation: boolean) {
    const found = await inspectBackupFile(path, 'integrity');
    if (found.migrationAt > latestKnownMigration(deps.migrationsDir)) throw refused('conflict', 'backup from a newer program', 'backupTooNew');
    const ours = deps.stationId();
    const other = found.stationId !== ours;
    if (other && !otherStation) throw refused('conflict', `backup of station ${found.stationId}`, 'backupOtherStation', { stationId: found.stationId ?? '—' });
    return { found, other };
  }

  const handlers: Pick<Handlers, keyof typeof backupMethods> = {
    getBackupStatus: () => status(),
    saveBackupSettings: (i, o: Operator) => {
      table.set('backup', { ...i, folder: i.folder.trim() }, o.id, isoLocal(deps.clock.now()));
      plan();
      publish();
      return status();
    },
    backupNow: () => run('manual'),
    listBackups: () => {
      const folder = settings().folder;
      return folder ? listBackups(folder, deps.stationId()) : [];
    },
    inspectBackup: async (i) => {
      const { found, other } = await checkRestorable(i.path, true);
      return {
        path: i.path,
        stationId: found.stationId,
        stationName: found.stationName,
        lastEntryAt: found.lastEntryAt,
        lots: found.counts.lots,
        entries: found.counts.entry_checks,
        otherStation: other,
      };
    },
    restoreBackup: async (i, o) => {
      await deps.operators.confirmPin(o.id, i.pin, 'confirm');
      await checkRestorable(i.path, i.otherStation);
      stageRestore(deps.dataDir, i.path);
      deps.restart();
      return { restoredFrom: i.path, keptIn: join(deps.dataDir, REPLACED_DIR) };
    },
    recoveryStatus: () => ({ state: 'ok', problems: [], dataDir: deps.dataDir, backups: [], folder: settings().folder || null }),
    recoverFromBackup: () => {
      throw refused('conflict', 'the database is not damaged', 'storeNotDamaged');
    },
  };

  return {
    handlers,
    start: plan,
    /** Stops the timer and a running copy; resolves when the copy's connection is closed. */
    close(): Promise<unknown> {
      closed = true;
      plan();
      return current && stopCopy ? stopCopy() : Promise.resolve();
    },
  };
}
