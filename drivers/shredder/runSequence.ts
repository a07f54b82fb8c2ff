import type { BoxMessage } from './lineProtocol';
import type { DeviceError, MissedRuns, ShredderRun } from './types';

export type SequenceEvent = { type: 'runStart'; startedAt: number } | { type: 'run'; run: ShredderRun } | { type: 'missed'; missed: MissedRuns } | { type: 'deviceError'; error: DeviceError };

interface OpenRun {
  counter: number;
  /** Station time the START arrived; undefined when only a heartbeat told us the run is on. */
  seenAt?: number;
  boxStartUptimeMs?: number;
}

/**
 * Turns box messages into runs and accounts for every counter value: a gap means runs happened
 * that the station never heard of (cable out, lines lost), which the disposal review must know.
 * Kept across reconnects, so a run made while the cable was out is reported once it is back.
 */
export class RunSequence {
  /** Highest counter accounted for (run seen or reported missed); undefined until the first message. */
  private last?: number;
  private lastUptimeMs = -1;
  private open?: OpenRun;

  push(message: BoxMessage, at: number): SequenceEvent[] {
    const out: SequenceEvent[] = [];
    if (message.type === 'error') {
      out.push({ type: 'deviceError', error: { code: message.code, text: message.text, at } });
      return out;
    }
    if (message.uptimeMs < this.lastUptimeMs) {
      // Uptime went backwards: the box was power-cycled, its counter restarts at 1, and an open run
      // died with the power.
      this.closeLostOpen(at, out);
      this.last = 0;
    }
    this.lastUptimeMs = message.uptimeMs;
    switch (message.type) {
      case 'start':
        this.onStart(message.counter, message.uptimeMs, at, out);
        break;
      case 'stop':
        this.onStop(message, at, out);
        break;
      case 'heartbeat':
        this.onHeartbeat(message.counter, message.running, at, out);
        break;
    }
    return out;
  }

  private onStart(counter: number, uptimeMs: number, at: number, out: SequenceEvent[]): void {
    if (this.open?.counter === counter) {
      // A heartbeat announced it first: the START fills in the real start.
      if (this.open.seenAt === undefined) Object.assign(this.open, { seenAt: at, boxStartUptimeMs: uptimeMs });
      return;
    }
    if (this.last !== undefined && counter <= this.last) return; // repeat of a run already accounted for
    this.closeLostOpen(at, out);
    this.reportGap(counter, at, out);
    this.last = counter;
    this.open = { counter, seenAt: at, boxStartUptimeMs: uptimeMs };
    out.push({ type: 'runStart', startedAt: at });
  }

  private onStop(m: Extract<BoxMessage, { type: 'stop' }>, at: number, out: SequenceEvent[]): void {
    const open = this.open?.counter === m.counter ? this.open : undefined;
    if (!open) {
      if (this.last !== undefined && m.counter <= this.last) return; // repeated STOP
      this.closeLostOpen(at, out);
      this.reportGap(m.counter, at, out);
      this.last = m.counter;
    }
    this.open = undefined;
    // The box timed the run itself; the station's clock only anchors its end.
    const evidence: Record<string, unknown> = {
      mode: 'serial',
      counter: m.counter,
      boxStopUptimeMs: m.uptimeMs,
      boxDurationMs: m.durationMs,
      startSeen: open?.seenAt !== undefined,
      checksummed: m.checksummed,
    };
    if (open?.seenAt !== undefined) Object.assign(evidence, { startSeenAt: open.seenAt, boxStartUptimeMs: open.boxStartUptimeMs });
    out.push({ type: 'run', run: { mode: 'serial', startedAt: at - m.durationMs, endedAt: at, durationMs: m.durationMs, evidence } });
  }

  private onHeartbeat(counter: number, running: boolean, at: number, out: SequenceEvent[]): void {
    if (this.last === undefined) {
      // First contact: runs before it are not ours to account for, but a run in progress is.
      this.last = counter;
      if (running && counter > 0) this.open = { counter };
      return;
    }
    if (this.open && (this.open.counter < counter || (this.open.counter === counter && !running))) {
      this.closeLostOpen(at, out);
    }
    if (counter <= this.last) return;
    if (running) {
      this.reportGap(counter, at, out);
      this.open = { counter };
      out.push({ type: 'runStart', startedAt: at });
    } else {
      // The last run started and ended unheard.
      out.push(this.missed(this.last + 1, counter, 'counterGap', at));
    }
    this.last = counter;
  }

  private reportGap(counter: number, at: number, out: SequenceEvent[]): void {
    if (this.last !== undefined && counter > this.last + 1) out.push(this.missed(this.last + 1, counter - 1, 'counterGap', at));
  }

  private closeLostOpen(at: number, out: SequenceEvent[]): void {
    if (!this.open) return;
    out.push(this.missed(this.open.counter, this.open.counter, 'stopLost', at));
    this.open = undefined;
  }

  private missed(fromCounter: number, toCounter: number, reason: MissedRuns['reason'], at: number): SequenceEvent {
    return { type: 'missed', missed: { fromCounter, toCounter, reason, at } };
  }
}
