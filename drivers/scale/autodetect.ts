import { SerialPort } from 'serialport';
import { pollFollowUp } from './connection';
import { SCALE_PROTOCOLS } from './protocols';
import type { ScaleProtocol } from './types';

export interface DetectOptions {
  protocols?: readonly ScaleProtocol[];
  baudRates?: readonly number[];
  /** How long to listen per baud rate (and per polled protocol). */
  listenMs?: number;
}

export interface DetectCandidate {
  protocol: ScaleProtocol;
  baudRate: number;
  /** Frames the decoder accepted (readings, status, acks). */
  frames: number;
  errors: number;
}

/** Enough clean frames to stop trying other windows and baud rates. */
const CONFIDENT_FRAMES = 3;
const confident = (candidates: DetectCandidate[]) => candidates.some((c) => c.errors === 0 && c.frames >= CONFIDENT_FRAMES);

/**
 * Listens on `path` at each baud rate and feeds the bytes to every protocol's decoder; polled
 * protocols get their own window with their poll, since a poll meant for another protocol draws
 * error replies. Returns the protocol/baud pairs with frames and no errors, most frames first.
 *
 * The port is always opened 8N1: a 7E1 frame is the same length on the wire, its parity arrives as
 * bit 7 (which 7-bit decoders mask off), and polls for 7E1 scales get their parity bit set here.
 */
export async function detectScale(
  path: string,
  { protocols = SCALE_PROTOCOLS, baudRates = [9600, 4800, 2400, 1200, 19200], listenMs = 600 }: DetectOptions = {},
): Promise<DetectCandidate[]> {
  const candidates: DetectCandidate[] = [];
  const continuous = protocols.filter((p) => !p.poll);
  const polled = protocols.filter((p) => p.poll);
  for (const baudRate of baudRates) {
    const port = await openPort(path, baudRate);
    try {
      candidates.push(...(await listen(port, continuous, baudRate, listenMs)));
      for (const protocol of polled) {
        if (confident(candidates)) break;
        candidates.push(...(await listen(port, [protocol], baudRate, listenMs, protocol)));
      }
    } finally {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    if (confident(candidates)) break;
  }
  // Sort is stable: on a tie the protocol listed first (the common default) stays ahead.
  return candidates.filter((c) => c.frames > 0 && c.errors === 0).sort((a, b) => b.frames - a.frames);
}

async function listen(
  port: SerialPort,
  protocols: readonly ScaleProtocol[],
  baudRate: number,
  listenMs: number,
  polled?: ScaleProtocol,
): Promise<DetectCandidate[]> {
  const scored = protocols.map((protocol) => ({ protocol, baudRate, frames: 0, errors: 0, decoder: protocol.createDecoder() }));
  const onData = (chunk: Buffer) => {
    const followUp = polled && pollFollowUp(polled.poll, chunk);
    if (followUp) port.write(Buffer.from(followUp));
    for (const c of scored) {
      for (const event of c.decoder.push(chunk)) {
        // In a polled window, errors before the first good frame answer the previous window's poll.
        if (event.kind === 'error') c.errors += polled && c.frames === 0 ? 0 : 1;
        else c.frames++;
      }
    }
  };
  port.on('data', onData);
  const poll = polled?.poll && withParity(polled.poll, polled.serial);
  const send = () => poll && port.write(Buffer.from(poll));
  send();
  const poller = setInterval(send, Math.max(50, listenMs / 4));
  await new Promise((resolve) => setTimeout(resolve, listenMs));
  clearInterval(poller);
  port.off('data', onData);
  return scored.map(({ protocol, frames, errors }) => ({ protocol, baudRate, frames, errors }));
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
