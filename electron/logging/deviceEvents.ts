import type { EventName, EventPayload } from '../../shared/contract';
import type { EventListener } from '../core/types';
import type { StationLog } from './logger';

type Level = 'info' | 'warn';
const levelOf = (state: string): Level => (state === 'connected' || state === 'connecting' ? 'info' : 'warn');

/**
 * Logs the devices' connection changes and print-job failures from the core's event stream: one
 * line per change of a device's state (scales, scanners, the shredder) and per new reason a print
 * job waits or fails (paper out, offline…). Weights and scans, sent many times a second, are not
 * logged.
 */
export function deviceEventLogger(log: StationLog): EventListener {
  const last = new Map<string, string>();
  /** True when `key`'s state differs from the one logged before. */
  const changed = (key: string, state: string) => {
    if (last.get(key) === state) return false;
    last.set(key, state);
    return true;
  };

  const handlers: { [E in EventName]?: (p: EventPayload<E>) => void } = {
    scaleStatus: (p) => {
      if (changed(`scale:${p.scaleId}`, `${p.state}/${p.error}`))
        log[levelOf(p.state)]({ event: 'device', device: 'scale', id: p.scaleId, state: p.state, error: p.error, detail: p.message }, `scale ${p.state}`);
    },
    scannerStatus: (p) => {
      if (changed(`scanner:${p.scannerId}`, `${p.state}/${p.error}`))
        log[levelOf(p.state)]({ event: 'device', device: 'scanner', id: p.scannerId, state: p.state, error: p.error, detail: p.message }, `scanner ${p.state}`);
    },
    shredderStatus: (p) => {
      if (changed('shredder', `${p.state}/${p.error}`))
        log[p.state === 'none' ? 'info' : levelOf(p.state)]({ event: 'device', device: 'shredder', mode: p.mode, state: p.state, error: p.error, detail: p.message }, `shredder ${p.state}`);
    },
    printJob: (p) => {
      const failing = p.status === 'failed' || (p.status === 'waiting' && p.lastError !== null);
      const key = `printer:${p.printerId ?? 'none'}`;
      if (!failing) {
        // A printed job says the printer works again: its next problem is logged anew.
        if (p.status === 'done' && last.has(key)) {
          last.delete(key);
          log.info({ event: 'device', device: 'printer', id: p.printerId, state: 'printing' }, 'printer printing again');
        }
        return;
      }
      if (changed(key, `${p.status}/${p.lastError}`)) {
        log.warn(
          { event: 'printJobFailed', printerId: p.printerId, jobId: p.id, lotId: p.lotId, purpose: p.purpose, status: p.status, reason: p.lastError, attempts: p.attempts },
          `print job ${p.status}: ${p.lastError}`,
        );
      }
    },
  };

  return (event, payload) => {
    const handle = handlers[event] as ((p: EventPayload<typeof event>) => void) | undefined;
    handle?.(payload);
  };
}
