import { SerialPort } from 'serialport';
import { pollFollowUp } from './connection';
import { DETECTABLE_PROTOCOLS } from './protocols';
import type { ScaleDecoder, ScaleProtocol } from './types';

export interface DetectOptions {
  protocols?: readonly ScaleProtocol[];
  baudRates?: readonly number[];
  /** How long to listen per baud rate (and per polled protocol). */
  listenMs?: number;
  /** What the admin put on the plate: only settings that read it are proposed. */
  knownKg?: number;
}

export interface DetectCandidate {
  protocol: ScaleProtocol;
  baudRate: number;
  /** Frames the decoder accepted (readings, status, acks). */
  frames: number;
  errors: number;
  /** The weights it read, in kg, in order. */
  readings: number[];
  /** Ties with another candidate that reads the same bytes differently: confirm with a known weight. */
  ambiguous: boolean;
}

export type Heard = Omit<DetectCandidate, 'ambiguous'>;

/** Enough clean frames to stop trying other windows and baud rates. */
const CONFIDENT_FRAMES = 3;
const confident = (candidates: Heard[]) => candidates.some((c) => c.errors === 0 && c.frames >= CONFIDENT_FRAMES);

/**
 * Listens on `path` at each baud rate and feeds the bytes to every protocol's decoder; polled
 * protocols get their own window with their poll, since a poll meant for another protocol draws
 * error replies. Returns the protocol/baud pairs with frames and no errors, best evidence first
 * (rankCandidates).
 *
 * The port is always opened 8N1: a 7E1 frame is the same length on the wire, its parity arrives as
 * bit 7 (which 7-bit decoders mask off), and polls for 7E1 scales get their parity bit set here.
 */
export async function detectScale(
  path: string,
  { protocols = DETECTABLE_PROTOCOLS, baudRates = [9600, 4800, 2400, 1200, 19200], listenMs = 600, knownKg }: DetectOptions = {},
): Promise<DetectCandidate[]> {
  const heard: Heard[] = [];
  const continuous = protocols.filter((p) => !p.poll);
  const polled = protocols.filter((p) => p.poll);
  for (const baudRate of baudRates) {
    const port = await openPort(path, baudRate);
    try {
      heard.push(...(await listen(port, continuous, baudRate, listenMs)));
      for (const protocol of polled) {
        if (confident(heard)) break;
        heard.push(...(await listen(port, [protocol], baudRate, listenMs, protocol)));
      }
    } finally {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    if (confident(heard)) break;
  }
  return rankCandidates(heard, knownKg);
}

/** A checksum verified on every frame outweighs one frame lost at the edge of the listening window. */
const CHECKSUM_EVIDENCE = 1.5;
const evidence = (c: Heard) => c.frames + (c.protocol.checksum ? CHECKSUM_EVIDENCE : 0);
/** Candidates this close to the best are tied: a frame may be cut off at the window's edge. */
const TIE = 1;

/** A known weight reads within 1 % or 5 g: the variants it tells apart differ by far more (×10 and up). */
const readsKnown = (c: Heard, kg: number) => c.readings.length > 0 && Math.abs(c.readings[c.readings.length - 1] - kg) <= Math.max(0.005, kg * 0.01);

const within = (a: number[], b: number[]) => a.every((kg) => b.includes(kg));
/**
 * Two settings disagree when one read a weight the other never did, or when all they read is zero
 * (an empty plate tells the 耀华 "=" orders apart no better than nothing).
 */
const disagree = (a: Heard, b: Heard) => !(within(a.readings, b.readings) || within(b.readings, a.readings)) || ![...a.readings, ...b.readings].some((kg) => kg !== 0);

/**
 * Clean candidates, most evidence first: frames, plus a checksum that verified on every one of them
 * (Toledo with checksum before the same frames read without). On equal evidence the protocol listed
 * first stays ahead, unless the tied ones would read different weights: then they are all marked
 * ambiguous, for the admin to settle with a known weight.
 */
export function rankCandidates(heard: readonly Heard[], knownKg?: number): DetectCandidate[] {
  const clean = heard.filter((c) => c.frames > 0 && c.errors === 0 && (knownKg === undefined || readsKnown(c, knownKg)));
  // Sort is stable: on a tie the protocol listed first (the common default) stays ahead.
  const ranked = [...clean].sort((a, b) => evidence(b) - evidence(a));
  const tied = ranked.filter((c) => evidence(ranked[0]) - evidence(c) <= TIE);
  return ranked.map((c) => ({ ...c, ambiguous: tied.includes(c) && tied.some((o) => o !== c && disagree(c, o)) }));
}

async function listen(port: SerialPort, protocols: readonly ScaleProtocol[], baudRate: number, listenMs: number, polled?: ScaleProtocol): Promise<Heard[]> {
  const tallies = protocols.map((protocol) => new Tally(protocol, baudRate, !!polled));
  const onData = (chunk: Buffer) => {
    const followUp = polled && pollFollowUp(polled.poll, chunk);
    if (followUp) port.write(Buffer.from(followUp));
    for (const t of tallies) t.push(chunk);
  };
  port.on('data', onData);
  const poll = polled?.poll && withParity(polled.poll, polled.serial);
  const send = () => poll && port.write(Buffer.from(poll));
  send();
  const poller = setInterval(send, Math.max(50, listenMs / 4));
  await new Promise((resolve) => setTimeout(resolve, listenMs));
  clearInterval(poller);
  port.off('data', onData);
  return tallies.map((t) => t.heard());
}

/** One protocol's decoder over what the port hears, counting its frames, errors and weights. */
export class Tally {
  private readonly decoder: ScaleDecoder;
  private frames = 0;
  private errors = 0;
  private readonly readings: number[] = [];

  constructor(
    private readonly protocol: ScaleProtocol,
    private readonly baudRate: number,
    /** In a polled window, errors before the first good frame answer the previous window's poll. */
    private readonly polled = false,
  ) {
    this.decoder = protocol.createDecoder();
  }

  push(chunk: Uint8Array): void {
    for (const event of this.decoder.push(chunk)) {
      if (event.kind === 'error') this.errors += this.polled && this.frames === 0 ? 0 : 1;
      // A weight the decoder cannot place yet is no frame of evidence either way.
      else if (event.kind !== 'uncertain') this.frames++;
      if (event.kind === 'reading') this.readings.push(event.kg);
    }
  }

  heard(): Heard {
    return { protocol: this.protocol, baudRate: this.baudRate, frames: this.frames, errors: this.errors, readings: [...this.readings] };
  }
}

/** A 7-bit byte with its parity bit in bit 7, so an 8N1 port sends what a 7E1/7O1 scale expects. */
function withParity(bytes: Uint8Array, serial: ScaleProtocol['serial']): Uint8Array {
  if (serial.dataBits !== 7 || serial.parity === 'none') return bytes;
  return bytes.map((byte) => {
    const ones = (byte & 0x7f).toString(2).replace(/0/g, '').length;
    const odd = ones % 2 === 1;
    const setBit = serial.parity === 'even' ? odd : !odd;
    return (byte & 0x7f) | (setBit ? 0x80 : 0);
  });
}

function openPort(path: string, baudRate: number): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  return new Promise((resolve, reject) => port.open((err) => (err ? reject(err) : resolve(port))));
}
