import { asc, eq } from 'drizzle-orm';
import { ApiError, type Operator, type Scanner, type ScannerState, type ParsedInput } from '../../shared/contract';
import type { Scanner as ScannerDevice, ScannerStatus } from '../../drivers/scanner';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { scanners } from '../store/schema';
import type { Emit } from './receiving';

type Row = typeof scanners.$inferSelect;
const toScanner = (r: Row): Scanner => ({ id: r.id, name: r.name, kind: r.kind, path: r.path, baudRate: r.baudRate, aimPrefix: r.aimPrefix, hidLayout: r.hidLayout });

// serialport and usb load with the first configured scanner, not at every start-up.
const driverModule = () => import('../../drivers/scanner');

export interface ScannerServiceOptions {
  /** Reconnect delay, shortened by tests. */
  reconnectMs?: number;
}

/**
 * Serial (USB-CDC) and HID POS scanners: one connection per configured scanner; every decoded
 * scan goes to the screens as a `scan` event, where it takes the wedge scan's path.
 */
export function createScannerService(orm: Orm, clock: Clock, emit: Emit, options: ScannerServiceOptions = {}) {
  const live = new Map<string, { device: ScannerDevice; status: ScannerState; lastScan: { text: string; at: number } | null }>();

  const stateOf = (scannerId: string, s: ScannerStatus): ScannerState => ({ scannerId, state: s.state, error: s.error ?? null, message: s.message ?? null });

  async function connect(scanner: Scanner) {
    const { openScanner } = await driverModule();
    const device = openScanner({ ...scanner, baudRate: scanner.baudRate ?? undefined, reconnectMs: options.reconnectMs });
    const entry = { device, status: { scannerId: scanner.id, state: 'connecting', error: null, message: null } as ScannerState, lastScan: null as { text: string; at: number } | null };
    live.set(scanner.id, entry);
    device.on('scan', (scan) => {
      entry.lastScan = { text: scan.text, at: scan.at };
      emit('scan', { scannerId: scanner.id, text: scan.text, source: scanner.kind, encoding: scan.encoding, at: scan.at });
    });
    device.on('status', (s) => {
      entry.status = stateOf(scanner.id, s);
      emit('scannerStatus', entry.status);
    });
    device.start();
  }

  async function disconnect(id: string) {
    const entry = live.get(id);
    live.delete(id);
    await entry?.device.stop();
  }

  const list = () => orm.select().from(scanners).orderBy(asc(scanners.createdAt), asc(scanners.id)).all().map(toScanner);
  const get = (id: string) => orm.select().from(scanners).where(eq(scanners.id, id)).get();

  return {
    async start() {
      for (const scanner of list()) await connect(scanner);
    },
    async close() {
      await Promise.all([...live.keys()].map(disconnect));
    },
    list: () =>
      list().map((s) => ({
        ...s,
        status: live.get(s.id)?.status ?? { scannerId: s.id, state: 'disconnected' as const, error: null, message: null },
        lastScan: live.get(s.id)?.lastScan ?? null,
      })),
    async devices() {
      const { listScannerPorts, listHidPosScanners } = await driverModule();
      const [serial, hidpos] = await Promise.all([listScannerPorts(), listHidPosScanners()]);
      return { serial, hidpos: hidpos.map((d) => ({ path: d.path, name: d.name })) };
    },
    async save(input: ParsedInput<'saveScanner'>, by: Operator): Promise<Scanner> {
      const fields = { name: input.name, kind: input.kind, path: input.path, baudRate: input.kind === 'serial' ? input.baudRate : null, aimPrefix: input.aimPrefix, hidLayout: input.hidLayout };
      if (input.kind === 'hidpos' && !/^[0-9a-f]{4}:[0-9a-f]{4}(:.+)?$/i.test(input.path))
        throw new ApiError('badRequest', 'HID POS scanner path is vendorId:productId', undefined, [{ path: 'path', code: 'usbId' }]);
      let id = input.id;
      if (id) {
        if (orm.update(scanners).set(fields).where(eq(scanners.id, id)).run().changes === 0) throw new ApiError('notFound', 'no such scanner', { id });
        await disconnect(id);
      } else {
        id = clock.id();
        orm
          .insert(scanners)
          .values({ id, ...fields, createdAt: isoLocal(clock.now()), createdBy: by.id })
          .run();
      }
      const scanner = toScanner(get(id)!);
      await connect(scanner);
      return scanner;
    },
    async remove(id: string) {
      if (orm.delete(scanners).where(eq(scanners.id, id)).run().changes === 0) throw new ApiError('notFound', 'no such scanner', { id });
      await disconnect(id);
      return { ok: true as const };
    },
  };
}
export type ScannerService = ReturnType<typeof createScannerService>;
