import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { refused, type Operator, type EventName, type EventPayload, type ExportDownload, type ExportFile, type ExportFormat } from '../../../shared/contract';
import type { Clock } from '../../core/clock';
import type { StationLog } from '../../logging/logger';
import type { ExportControl } from './streamTable';

export interface ExportJobDeps {
  dataDir: string;
  clock: Clock;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  log?: StationLog;
}

/** Larger files are left on disk only (the HTTP answer would carry them base64, a third larger), as the support bundle does. */
export const INLINE_MAX_BYTES = 20_000_000;
/** Progress events at most this often per export: a 50,000-row export would otherwise send thousands. */
const PROGRESS_MS = 250;

const MIME: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

export const exportsDir = (dataDir: string) => join(dataDir, 'exports');
const PART = '.part';

export interface ExportJob {
  /** The client's id, or a new one. */
  exportId?: string;
  /** The file's name without extension (ASCII); made unique in the folder. */
  baseName: string;
  format: ExportFormat;
  /** Who asked: a receiver may follow, cancel and download only their own exports. */
  by?: Operator;
  /** Writes the whole file at `path`; throws (the signal's reason) once cancelled. */
  write(path: string, control: ExportControl): Promise<void>;
}

/**
 * Exports run as jobs: each writes into `<dataDir>/exports/` under a hidden `.part` name and is
 * renamed to its unique final name only when complete, so a cancelled, failed or crashed export
 * leaves no file that looks finished. Progress goes out as `exportProgress` events.
 */
export function createExportJobs(deps: ExportJobDeps) {
  const dir = exportsDir(deps.dataDir);
  const running = new Map<string, AbortController>();
  // Receivers' exports (running by id, written by file name): theirs alone to cancel and download.
  const receivers = new Map<string, string>();
  const assertOwn = (key: string, by: Operator | undefined) => {
    if (by?.role === 'receiver' && receivers.get(key) !== by.id) throw refused('forbidden', "another operator's export", 'notYourExport');
  };

  // Parts left by a crash (or a power cut) mid-export: never finished, never offered.
  if (existsSync(dir)) for (const name of readdirSync(dir)) if (name.endsWith(PART)) rmSync(join(dir, name), { force: true });

  function uniqueName(baseName: string, ext: string): string {
    for (let n = 1; ; n++) {
      const name = `${baseName}${n > 1 ? `-${n}` : ''}.${ext}`;
      if (!existsSync(join(dir, name))) return name;
    }
  }

  return {
    async run(job: ExportJob): Promise<ExportFile> {
      const exportId = job.exportId ?? deps.clock.id();
      if (running.has(exportId)) throw refused('conflict', `export ${exportId} is running`, 'exportRunning');
      const abort = new AbortController();
      running.set(exportId, abort);
      if (job.by?.role === 'receiver') receivers.set(exportId, job.by.id);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const part = join(dir, `.${exportId}.${job.format}${PART}`);
      let last = 0;
      const control: ExportControl = {
        signal: abort.signal,
        progress(done, total) {
          const now = Date.now();
          // Steps (a few) are each reported; rows (thousands) at most every PROGRESS_MS, and the last one.
          const steps = total !== null && total <= 10;
          if (!steps && done !== total && now - last < PROGRESS_MS) return;
          last = now;
          deps.emit('exportProgress', { exportId, done, total });
        },
      };
      try {
        await job.write(part, control);
        abort.signal.throwIfAborted();
        // Named and moved in one synchronous step: two exports finishing together cannot take the same name.
        const fileName = uniqueName(job.baseName, job.format);
        const path = join(dir, fileName);
        renameSync(part, path);
        chmodSync(path, 0o600);
        const bytes = statSync(path).size;
        if (job.by?.role === 'receiver') receivers.set(fileName, job.by.id);
        deps.log?.info({ event: 'export', exportId, fileName, bytes }, 'export written');
        return { exportId, fileName, path, bytes };
      } catch (e) {
        rmSync(part, { force: true });
        if (abort.signal.aborted) {
          deps.log?.info({ event: 'exportCancelled', exportId }, 'export cancelled');
          throw refused('conflict', `export ${exportId} was cancelled`, 'exportCancelled');
        }
        throw e;
      } finally {
        running.delete(exportId);
        receivers.delete(exportId);
      }
    },

    /** Stops a running export; false when none runs under that id (finished, failed or unknown). */
    cancel(exportId: string, by?: Operator): boolean {
      const abort = running.get(exportId);
      if (!abort) return false;
      assertOwn(exportId, by);
      abort.abort(new Error('cancelled'));
      return true;
    },

    /** A finished export, inline for a download when not too large (`fileName` is checked by the contract: no path). */
    download(fileName: string, by?: Operator): ExportDownload {
      assertOwn(fileName, by);
      const path = join(dir, fileName);
      if (!existsSync(path)) throw refused('notFound', `no export ${fileName}`, 'unknownExport');
      const bytes = statSync(path).size;
      const format = fileName.slice(fileName.lastIndexOf('.') + 1) as ExportFormat;
      return { fileName, mimeType: MIME[format], bytes, content: bytes <= INLINE_MAX_BYTES ? readFileSync(path).toString('base64') : null };
    },

    /** Cancels every running export (the station is closing). */
    close(): void {
      for (const abort of running.values()) abort.abort(new Error('closing'));
    },
  };
}
export type ExportJobs = ReturnType<typeof createExportJobs>;
