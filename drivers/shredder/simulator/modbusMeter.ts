import { EventEmitter } from 'node:events';
import { ServerSerial } from 'modbus-serial';
import { encodeRegisters, type RegisterFormat } from '../registers';

export interface ModbusMeterOptions {
  path: string;
  unitId?: number;
  /** Where the current lives; defaults as the station's (SDM120: input 0x0006, float32 ABCD). */
  table?: 'input' | 'holding';
  address?: number;
  format?: RegisterFormat;
}

/**
 * A single-phase power meter as an RTU slave on a serial port (modbus-serial's ServerSerial): it
 * answers FC03/FC04 reads of the current register with whatever setCurrent() last set. Other
 * registers read as 0, as unused registers do on many meters.
 */
export class ModbusMeterSimulator extends EventEmitter<{ read: [number] }> {
  private amps = 0;
  private server?: ServerSerial;
  private readonly table: 'input' | 'holding';
  private readonly address: number;
  private readonly format: RegisterFormat;

  constructor(private readonly opts: ModbusMeterOptions) {
    super();
    this.table = opts.table ?? 'input';
    this.address = opts.address ?? 0x0006;
    this.format = opts.format ?? { type: 'float32', wordOrder: 'big' };
  }

  get current(): number {
    return this.amps;
  }

  setCurrent(amps: number): void {
    this.amps = amps;
  }

  get plugged(): boolean {
    return this.server !== undefined;
  }

  async plug(): Promise<void> {
    if (this.server) return;
    const read = (table: 'input' | 'holding') => (addr: number) => {
      if (table !== this.table) return 0;
      // One event per read of the value's first word: tests wait on it instead of sleeping.
      if (addr === this.address) this.emit('read', this.amps);
      return this.word(addr);
    };
    await new Promise<void>((resolve, reject) => {
      this.server = new ServerSerial(
        { getInputRegister: read('input'), getHoldingRegister: read('holding') },
        // PTYs ignore baud; 8N1 as the station opens it.
        { path: this.opts.path, baudRate: 9600, unitID: this.opts.unitId ?? 1, openCallback: (err?: Error | null) => (err ? reject(err) : resolve()) },
      );
      // The station end may vanish (socat killed): the meter goes on waiting.
      this.server.on('error', () => {});
      this.server.on('socketError', () => {});
    });
  }

  /** Stops answering: to the station, a silent meter. */
  async unplug(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private word(addr: number): number {
    const offset = addr - this.address;
    const words = encodeRegisters(this.amps, this.format);
    return offset >= 0 && offset < words.length ? words[offset] : 0;
  }
}
