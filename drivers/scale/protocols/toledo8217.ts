import { ascii, bytesOf, display, framedDecoder, isNegative, parseDecimal, reading } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';

// Toledo 8217 request/response, 9600 7E1: `W` → `STX weight CR` or `STX ? status CR` (DOMAIN §6).
const STX = 0x02;
const CR = 0x0d;
const QUESTION = 0x3f;
/** Status char minus 0x40. */
const BIT = { motion: 1, overCapacity: 2, underZero: 4, outsideZeroRange: 8, centreOfZero: 16, net: 32 };
const WEIGHT_LEN = { min: 5, max: 7 }; // e.g. `01.234`; a fixed shape keeps noise from passing as a weight

function parse(frame: readonly number[], unit: ScaleUnit): ScaleEvent[] | null {
  if (frame[1] === QUESTION) {
    const status = frame[2] - 0x40;
    if (frame.length !== 4 || status < 0 || status > 0x3f) return [{ kind: 'error', reason: 'malformed 8217 status' }];
    if (status & BIT.overCapacity) return [{ kind: 'overload' }];
    // Negative weight is only ever reported this way.
    if (status & BIT.underZero) return [{ kind: 'underload' }];
    if (status & BIT.motion) return [{ kind: 'busy' }];
    return [{ kind: 'error', reason: status & BIT.outsideZeroRange ? 'outside zero range' : `8217 status 0x${frame[2].toString(16)}` }];
  }
  const text = ascii(frame.slice(1, -1));
  const num = parseDecimal(text);
  // STX … CR with anything but a decimal between is garbage, skipped.
  if (!num || !text.includes('.')) return null;
  // The scale only sends a weight when it is steady; otherwise it sends status with the motion bit.
  return [reading(num.value, unit, true)];
}

function reply(s: SimState, unit: ScaleUnit): Uint8Array {
  const status = (s.overload ? BIT.overCapacity : 0) | (isNegative(s) ? BIT.underZero : 0) | (!s.stable ? BIT.motion : 0) | (s.tareKg > 0 ? BIT.net : 0);
  if (s.overload || isNegative(s) || !s.stable) return Uint8Array.from([STX, QUESTION, 0x40 | status, CR]);
  return Uint8Array.from([STX, ...bytesOf(display(s.kg, unit, 3).padStart(6, '0')), CR]);
}

/** The reply carries no unit: the scale's configured unit is assumed (not confirmed; kg by default). */
export const toledo8217 = (unit: 'kg' | 'lb' = 'kg'): ScaleProtocol => ({
  id: 'toledo-8217',
  name: '托利多 8217 问答 / Toledo 8217 request-response',
  serial: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
  poll: bytesOf('W'),
  commands: { zero: bytesOf('Z'), tare: bytesOf('T'), clearTare: bytesOf('C') },
  createDecoder: () =>
    framedDecoder({
      // A 7E1 port strips the parity bit; an 8N1 port misconfigured for this scale would pass it
      // through as bit 7, so every byte is masked to 7 bits before framing.
      mask: 0x7f,
      isStart: (b) => b === STX,
      frame(buf, at) {
        for (let i = at + 1; i < buf.length && i - at <= WEIGHT_LEN.max + 1; i++) {
          if (buf[i] === CR) return buf[at + 1] === QUESTION || i - at - 1 >= WEIGHT_LEN.min ? i - at + 1 : -1;
          if (buf[i] === STX) return -1;
        }
        return buf.length - at > WEIGHT_LEN.max + 1 ? -1 : 0;
      },
      parse: (f) => parse(f, unit),
    }),
  encode: (s) => reply(s, unit),
  // Not confirmed: Z, T and C get no reply, so only W is answered.
  answer: (request, s) => (request.length === 1 && (request[0] & 0x7f) === 0x57 ? reply(s, unit) : null),
});
