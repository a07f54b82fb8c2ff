import { refused, type ShredderRunInfo, type ShredderSettings, type ShredderState } from '../../../shared/contract';
import type { ManualShredderMonitor, ShredderMonitor, ShredderRun, ShredderStatus } from '../../../drivers/shredder';
// Pure: the serial and Modbus drivers themselves load only when such a device is configured.
import { matchRun } from '../../../drivers/shredder/matchRun';
import type { Clock } from '../../core/clock';
import type { Emit } from '../receiving';

/** A disposal's window: when it opened, the manual run confirmed in it, and the goods' weight spent on it. */
export interface ShreddingWindow {
  id: string;
  mode: ShredderSettings['mode'];
  method: 'shredding' | 'other';
  startedAt: number;
  /** Manual mode: the run the operator confirmed (start → stop). */
  manualRun?: ShredderRun;
  weighed?: { scaleId: string; kg: number };
}

/** What a disposal learns about the shredder at the moment it is confirmed. */
export interface RunOutcome {
  /** The device mode in force (null: no device, or the method is not shredding). */
  mode: 'serial' | 'modbus' | 'manual' | null;
  run: ShredderRun | null;
  flag: 'noRunDetected' | null;
}

/** Windows kept in memory: an abandoned screen must not grow the map forever. */
const MAX_WINDOWS = 50;

/** The opts a device-mode monitor is built with; tests may shorten timings (see createDisposalService). */
export interface MonitorTuning {
  modbus?: { pollIntervalMs?: number; timeoutMs?: number; reconnectMs?: number };
  serial?: { reconnectMs?: number; silenceMs?: number };
}

/** Builds the monitor for the settings, loading the serial or Modbus driver only when one is configured. */
async function createMonitor(s: ShredderSettings, tuning: MonitorTuning): Promise<ShredderMonitor | null> {
  if (s.mode === 'none') return null;
  const drivers = await import('../../../drivers/shredder');
  if (s.mode === 'manual') return new drivers.ManualShredderMonitor();
  if (s.mode === 'serial') return new drivers.SerialShredderMonitor({ path: s.path, ...(s.baudRate !== null && { baudRate: s.baudRate }), ...tuning.serial });
  const m = s.modbus;
  return new drivers.ModbusShredderMonitor({
    path: s.path,
    baudRate: s.baudRate ?? drivers.SDM120_DEFAULTS.baudRate,
    unitId: m.unitId,
    table: m.table,
    address: m.address,
    format: { type: m.type, wordOrder: m.wordOrder === 'highFirst' ? 'big' : 'little', scale: m.scale },
    startAmps: m.startAmps,
    stopAmps: m.stopAmps,
    ...tuning.modbus,
  });
}

export const runInfo = (r: ShredderRun): ShredderRunInfo => ({ mode: r.mode, startedAt: r.startedAt, endedAt: r.endedAt, durationMs: r.durationMs, evidence: r.evidence });

/**
 * The shredder controller of this station: one monitor for the configured mode, its live state
 * pushed as `shredderStatus`, and the windows disposals look for runs in. Times are the station's
 * own Date.now(), as the drivers stamp runs.
 */
export function createShredderService(clock: Clock, emit: Emit, tuning: MonitorTuning = {}) {
  let settings: ShredderSettings | null = null;
  let monitor: ShredderMonitor | null = null;
  let status: ShredderStatus = { state: 'disconnected' };
  let running = false;
  let lastRun: ShredderRun | null = null;
  const windows = new Map<string, ShreddingWindow>();
  // Serialises restarts: a save while the previous monitor is still stopping waits its turn.
  let switching: Promise<void> = Promise.resolve();

  function state(): ShredderState {
    const mode = settings?.mode ?? 'none';
    if (mode === 'none' || !monitor) return { mode, state: 'none', error: null, message: null, running: false, lastRun: null };
    const manualRunning = monitor.mode === 'manual' && (monitor as ManualShredderMonitor).running;
    return {
      mode,
      state: status.state,
      error: status.error ?? null,
      message: status.message ?? null,
      running: monitor.mode === 'manual' ? manualRunning : running,
      lastRun: lastRun && runInfo(lastRun),
    };
  }
  const push = () => emit('shredderStatus', state());

  async function stopMonitor() {
    const old = monitor;
    monitor = null;
    running = false;
    lastRun = null;
    if (!old) return;
    // Its listeners check `monitor === created`, so the old monitor's last words change nothing.
    await old.stop();
  }

  async function apply(next: ShredderSettings) {
    await stopMonitor();
    settings = next;
    status = { state: 'disconnected' };
    windows.clear();
    const created = await createMonitor(next, tuning);
    if (!created) return push();
    monitor = created;
    created.on('status', (s) => {
      if (monitor !== created) return;
      status = s;
      // A run cannot be going on at a meter or box the station no longer hears.
      if (s.state !== 'connected') running = false;
      push();
    });
    created.on('runStart', () => {
      if (monitor !== created) return;
      running = true;
      push();
    });
    created.on('run', (r) => {
      if (monitor !== created) return;
      running = false;
      lastRun = r;
      push();
    });
    created.start();
    status = created.currentStatus();
    push();
  }

  return {
    /** (Re)starts the monitor for these settings; resolves once the old one has let go of its port. */
    configure(next: ShredderSettings): Promise<void> {
      switching = switching
        .then(() => apply(next))
        .catch((e: unknown) => {
          // A driver that fails to load leaves the station without a monitor, never without disposals.
          status = { state: 'error', error: 'other', message: e instanceof Error ? e.message : String(e) };
          push();
        });
      return switching;
    },

    close(): Promise<void> {
      switching = switching.then(stopMonitor);
      return switching;
    },

    state,

    open(method: 'shredding' | 'other', weighed?: { scaleId: string; kg: number }): ShreddingWindow {
      const mode = settings?.mode ?? 'none';
      const startedAt = Date.now();
      if (method === 'shredding' && monitor?.mode === 'manual') {
        const manual = monitor as ManualShredderMonitor;
        // A window abandoned mid-run (screen closed) gives way: its run ends here and belongs to it.
        if (manual.running) {
          const old = [...windows.values()].reverse().find((w) => w.mode === 'manual' && w.method === 'shredding' && !w.manualRun);
          const run = manual.confirmStop(startedAt);
          if (old) old.manualRun = run;
        }
        manual.confirmStart(startedAt);
        push();
      }
      const w: ShreddingWindow = { id: clock.id(), mode, method, startedAt, ...(weighed && { weighed }) };
      windows.set(w.id, w);
      while (windows.size > MAX_WINDOWS) windows.delete(windows.keys().next().value!);
      return w;
    },

    window(id: string): ShreddingWindow | undefined {
      return windows.get(id);
    },

    /** Manual mode: the operator's 粉碎完成. Device modes: nothing to do, the run is detected. */
    stop(id: string): void {
      const w = windows.get(id);
      if (!w) throw refused('notFound', 'unknown shredding window', 'unknownShredding');
      if (w.mode !== 'manual' || w.method !== 'shredding' || w.manualRun || monitor?.mode !== 'manual') return;
      const manual = monitor as ManualShredderMonitor;
      if (!manual.running) return;
      w.manualRun = manual.confirmStop(Math.max(Date.now(), w.startedAt));
      push();
    },

    /**
     * The run that proves the disposal. No device or another method: nothing expected. Manual:
     * the operator's run (a run still open is closed now: confirming the disposal ends it).
     * Serial/Modbus: the run overlapping the window the most; none → flagged.
     */
    outcome(method: 'shredding' | 'other', windowId: string | undefined): RunOutcome {
      const mode = settings?.mode ?? 'none';
      if (method !== 'shredding' || mode === 'none' || !monitor) return { mode: null, run: null, flag: null };
      const w = windowId ? windows.get(windowId) : undefined;
      const fresh = w && w.mode === mode && w.method === 'shredding' ? w : undefined;
      if (mode === 'manual') {
        if (fresh && !fresh.manualRun && (monitor as ManualShredderMonitor).running) this.stop(fresh.id);
        const run = fresh?.manualRun ?? null;
        return { mode, run, flag: run ? null : 'noRunDetected' };
      }
      if (!fresh) return { mode, run: null, flag: 'noRunDetected' };
      const to = Date.now();
      return { mode, ...matchRun(monitor.runsBetween(fresh.startedAt, to), { from: fresh.startedAt, to }, true) };
    },

    /** The window is spent once its disposal is recorded. */
    consume(id: string | undefined): void {
      if (id) windows.delete(id);
    },
  };
}
export type ShredderService = ReturnType<typeof createShredderService>;
