import { asc, eq } from 'drizzle-orm';
import { ApiError, refused, type Operator, type Scale, type ScaleState, type Weight, type ParsedInput } from '../../shared/contract';
import type { ScaleConnection, ScaleStatus } from '../../drivers/scale/connection';
import { protocolById, SCALE_PROTOCOLS } from '../../drivers/scale/protocols';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { scales } from '../store/schema';
import type { Emit } from './receiving';

type Row = typeof scales.$inferSelect;
const toScale = (r: Row): Scale => ({ id: r.id, name: r.name, path: r.path, protocolId: r.protocolId, baudRate: r.baudRate, stableReadings: r.stableReadings });

/** Scale resolution: readings within half a gram are the same weight. */
const SAME_KG = 0.0005;

// serialport loads on the first configured scale, not at start-up of a station without one.
const connectionModule = () => import('../../drivers/scale/connection');

export interface ScaleServiceOptions {
  /** Connection timings, shortened by tests. */
  silenceMs?: number;
  reconnectMs?: number;
}

/**
 * Runs one connection per configured scale and pushes its live weight and status to every
 * screen. What a screen may use is decided here too: only a fresh, stable reading.
 */
export function createScaleService(orm: Orm, clock: Clock, emit: Emit, options: ScaleServiceOptions = {}) {
  const live = new Map<string, { connection: ScaleConnection; weight: Weight | null; status: ScaleState; usedKg: number | null }>();

  const stateOf = (scaleId: string, s: ScaleStatus): ScaleState => ({ scaleId, state: s.state, error: s.error ?? null, message: s.message ?? null });

  async function connect(scale: Scale) {
    const protocol = protocolById(scale.protocolId);
    if (!protocol) return;
    const { ScaleConnection } = await connectionModule();
    const connection = new ScaleConnection({
      path: scale.path,
      protocol,
      baudRate: scale.baudRate ?? undefined,
      stableReadings: scale.stableReadings,
      ...(options.silenceMs ? { silenceMs: options.silenceMs } : {}),
      ...(options.reconnectMs ? { reconnectMs: options.reconnectMs } : {}),
    });
    const entry = { connection, weight: null as Weight | null, status: stateOf(scale.id, connection.currentStatus()), usedKg: null as number | null };
    live.set(scale.id, entry);
    const push = (weight: Weight) => {
      entry.weight = weight;
      // A sold weight is spent until the plate changes: goods lifted off, or other goods put on.
      if (entry.usedKg !== null && !(weight.kind === 'reading' && weight.stable && Math.abs(weight.kg! - entry.usedKg) <= SAME_KG)) entry.usedKg = null;
      emit('weight', weight);
    };
    const off = (kind: 'overload' | 'underload' | 'busy' | 'uncertain') => () => push({ scaleId: scale.id, kind, kg: null, net: false, tareKg: null, stable: false, at: Date.now() });
    connection.on('reading', (r) => push({ scaleId: scale.id, kind: 'reading', kg: r.kg, net: r.net, tareKg: r.tareKg ?? null, stable: r.stable, at: r.at }));
    connection.on('overload', off('overload'));
    connection.on('underload', off('underload'));
    connection.on('busy', off('busy'));
    connection.on('uncertain', off('uncertain'));
    connection.on('status', (s) => {
      entry.status = stateOf(scale.id, s);
      emit('scaleStatus', entry.status);
    });
    connection.start();
  }

  async function disconnect(id: string) {
    const entry = live.get(id);
    live.delete(id);
    await entry?.connection.stop();
  }

  const list = () => orm.select().from(scales).orderBy(asc(scales.createdAt), asc(scales.id)).all().map(toScale);

  /** The newest reading if the connection still vouches for it (not stale), else null. */
  function current(scaleId: string): Weight | null {
    const entry = live.get(scaleId);
    if (!entry?.weight) return null;
    if (entry.weight.kind === 'reading' && !entry.connection.latest()) return null;
    return entry.weight;
  }

  return {
    /**
     * The fresh, stable reading a sale may use, once: the same goods left on the plate are not
     * weighed again for the next sale (the same weight read twice would record goods twice).
     */
    take(scaleId: string): { kg: number } | { refused: 'weightNotStable' | 'weightNegative' | 'weightAlreadyUsed' } {
      const w = current(scaleId);
      if (!w || w.kind !== 'reading' || !w.stable || w.kg === null) return { refused: 'weightNotStable' };
      if (w.kg < 0) return { refused: 'weightNegative' };
      const entry = live.get(scaleId)!;
      if (entry.usedKg !== null) return { refused: 'weightAlreadyUsed' };
      entry.usedKg = w.kg;
      return { kg: w.kg };
    },
    /** Gives the reading back when the sale it was taken for did not go through. */
    giveBack(scaleId: string) {
      const entry = live.get(scaleId);
      if (entry) entry.usedKg = null;
    },
    async start() {
      for (const scale of list()) await connect(scale);
    },
    async close() {
      await Promise.all([...live.keys()].map(disconnect));
    },
    protocols: () => SCALE_PROTOCOLS.map((p) => ({ id: p.id, name: p.name, commands: (['zero', 'tare', 'clearTare'] as const).filter((c) => p.commands[c]) })),
    async ports() {
      const { listSerialPorts } = await import('../../drivers/serial/ports');
      try {
        return (await listSerialPorts()).map((p) => ({ path: p.path, device: p.device, manufacturer: p.manufacturer ?? null }));
      } catch (e) {
        // Not an internal fault: the form still takes a typed port name.
        throw refused('conflict', 'cannot list serial ports', 'portListFailed', { detail: e instanceof Error ? e.message : String(e) });
      }
    },
    /** Listens on a port; a configured scale on that port lets go of it meanwhile. */
    async detect(path: string, knownKg?: number) {
      const { detectScale } = await import('../../drivers/scale/autodetect');
      const onPort = list().filter((s) => s.path === path && live.has(s.id));
      for (const s of onPort) await disconnect(s.id);
      try {
        return (await detectScale(path, { knownKg })).map((c) => ({
          protocolId: c.protocol.id,
          baudRate: c.baudRate,
          frames: c.frames,
          kg: c.readings.at(-1) ?? null,
          ambiguous: c.ambiguous,
        }));
      } finally {
        for (const s of onPort) await connect(s);
      }
    },
    async remove(id: string) {
      if (orm.delete(scales).where(eq(scales.id, id)).run().changes === 0) throw new ApiError('notFound', 'no such scale', { id });
      await disconnect(id);
      return { ok: true as const };
    },
    list: () =>
      list().map((s) => ({
        ...s,
        status: live.get(s.id)?.status ?? { scaleId: s.id, state: 'disconnected' as const, error: null, message: null },
        weight: current(s.id),
      })),
    current,

    async save(input: ParsedInput<'saveScale'>, by: Operator): Promise<Scale> {
      if (!protocolById(input.protocolId)) throw new ApiError('badRequest', 'unknown scale protocol', undefined, [{ path: 'protocolId', code: 'unknown' }]);
      const fields = { name: input.name, path: input.path, protocolId: input.protocolId, baudRate: input.baudRate, stableReadings: input.stableReadings };
      let id = input.id;
      if (id) {
        if (orm.update(scales).set(fields).where(eq(scales.id, id)).run().changes === 0) throw new ApiError('notFound', 'no such scale', { id });
        await disconnect(id);
      } else {
        id = clock.id();
        orm
          .insert(scales)
          .values({ id, ...fields, createdAt: isoLocal(clock.now()), createdBy: by.id })
          .run();
      }
      const scale = toScale(orm.select().from(scales).where(eq(scales.id, id)).get()!);
      await connect(scale);
      return scale;
    },

    async command(scaleId: string, command: 'zero' | 'tare' | 'clearTare') {
      const entry = live.get(scaleId);
      if (!entry) throw new ApiError('notFound', 'no such scale', { id: scaleId });
      try {
        await entry.connection[command]();
      } catch (e) {
        throw refused('conflict', e instanceof Error ? e.message : String(e), String(e).includes('unsupported') ? 'commandUnsupported' : 'scaleOffline');
      }
      return { ok: true as const };
    },
  };
}
export type ScaleService = ReturnType<typeof createScaleService>;
