import { rm } from 'node:fs/promises';
import { ScaleConnection, type ScaleConnectionOptions, type TimedReading, type ScaleStatus } from '../../drivers/scale/connection';
import { protocolById } from '../../drivers/scale/protocols';
import { ScaleSimulator, openPtyPair, type PtyPair } from '../../drivers/scale/simulator';
import type { ScaleProtocol } from '../../drivers/scale/types';

export type ConnEvent = { type: 'reading'; reading: TimedReading } | { type: 'status'; status: ScaleStatus } | { type: 'overload' } | { type: 'underload' } | { type: 'busy' } | { type: 'uncertain' };

/** The first event after now that matches, or a rejection naming what was seen instead. */
export function nextEvent(conn: ScaleConnection, predicate: (e: ConnEvent) => boolean, ms = 3000): Promise<ConnEvent> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const handlers = {
      reading: (reading: TimedReading) => check({ type: 'reading', reading }),
      status: (status: ScaleStatus) => check({ type: 'status', status }),
      overload: () => check({ type: 'overload' }),
      underload: () => check({ type: 'underload' }),
      busy: () => check({ type: 'busy' }),
      uncertain: () => check({ type: 'uncertain' }),
    };
    const done = () => {
      clearTimeout(timer);
      for (const [name, fn] of Object.entries(handlers)) conn.off(name as keyof typeof handlers, fn as never);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no matching event within ${ms} ms; last seen: ${seen.slice(-8).join(' | ')}`));
    }, ms);
    function check(e: ConnEvent) {
      seen.push(JSON.stringify(e));
      if (!predicate(e)) return;
      done();
      resolve(e);
    }
    for (const [name, fn] of Object.entries(handlers)) conn.on(name as keyof typeof handlers, fn as never);
  });
}

export const readingWhere = (test: (r: TimedReading) => boolean) => (e: ConnEvent) => e.type === 'reading' && test(e.reading);
export const statusIs =
  (...states: ScaleStatus['state'][]) =>
  (e: ConnEvent) =>
    e.type === 'status' && states.includes(e.status.state);
export const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** Fast timings so reconnect and silence paths run in about a second. */
export const FAST = { pollIntervalMs: 50, staleAfterMs: 400, silenceMs: 500, reconnectMs: 150 } as const;

/** A PTY pair with a simulated scale on one end and a connection on the other; dispose() in afterEach. */
export async function rig(protocolId: string, options: Partial<ScaleConnectionOptions> = {}) {
  const protocol: ScaleProtocol = protocolById(protocolId)!;
  if (!protocol) throw new Error(`no protocol ${protocolId}`);
  let pty: PtyPair = await openPtyPair();
  const sim = new ScaleSimulator({ path: pty.b, protocol, intervalMs: 40 });
  await sim.plug();
  const conn = new ScaleConnection({ path: pty.a, protocol, ...FAST, ...options });
  return {
    protocol,
    sim,
    conn,
    get pty() {
      return pty;
    },
    /** Pull the adapter: socat dies, both PTY links vanish. */
    async pull() {
      await sim.unplug();
      await pty.close();
    },
    /** Plug it back: a new PTY pair at the same paths, the scale talking again. */
    async replug() {
      pty = await openPtyPair({ dir: pty.dir });
      await sim.plug();
    },
    async dispose() {
      await conn.stop();
      await sim.unplug();
      await pty.close();
      await rm(pty.dir, { recursive: true, force: true });
    },
  };
}
