import { openSerialPort, SerialLink } from '../serial/link';
import { LineDecoder, type LineStats } from './lineProtocol';
import { MonitorBase } from './monitorBase';
import { RunSequence, type SequenceEvent } from './runSequence';

export interface SerialShredderOptions {
  path: string;
  /** The box's rate; ours to set in its firmware (docs/shredder.md). PTYs ignore it. */
  baudRate?: number;
  /** Drop lines without `*XX` (for boxes that always send one, on noisy lines). */
  requireChecksum?: boolean;
  /** No bytes for this long (the box sends a heartbeat every second) → 'error'/'noData', port reopened. */
  silenceMs?: number;
  reconnectMs?: number;
  maxRuns?: number;
}

/**
 * A run-sensor box on a serial port. The SerialLink keeps reconnecting until stop(): a pulled
 * USB-serial adapter resumes on its own, and runs made while it was out show up as missed counters.
 */
export class SerialShredderMonitor extends MonitorBase {
  readonly mode = 'serial' as const;
  private readonly decoder: LineDecoder;
  private readonly sequence = new RunSequence();
  private readonly link: SerialLink;

  constructor({ path, baudRate = 9600, requireChecksum = false, silenceMs = 5000, reconnectMs, maxRuns }: SerialShredderOptions) {
    super(maxRuns);
    this.decoder = new LineDecoder(requireChecksum);
    this.link = new SerialLink({ path, open: openSerialPort({ baudRate }), silenceMs, silenceHint: 'no heartbeat: box powered? cable?', reconnectMs });
    this.link.on('status', (s) => this.reportLink(s));
    this.link.on('data', (chunk) => {
      const at = Date.now();
      for (const message of this.decoder.push(chunk)) {
        for (const event of this.sequence.push(message, at)) this.handle(event);
      }
    });
  }

  /** Line counters: bad checksums and malformed lines point at a noisy cable. */
  lineStats(): Readonly<LineStats> {
    return this.decoder.stats;
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  private handle(event: SequenceEvent): void {
    switch (event.type) {
      case 'runStart':
        this.emit('runStart', { mode: 'serial', startedAt: event.startedAt });
        return;
      case 'run':
        this.recordRun(event.run);
        return;
      case 'missed':
        this.emit('missed', event.missed);
        return;
      case 'deviceError':
        this.emit('deviceError', event.error);
        return;
    }
  }
}
