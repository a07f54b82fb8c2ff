import { ascii, bytesOf, display, framedDecoder, isNegative, parseDecimal, reading, shownKg, signed } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';

// Retail ENQ/DC1: host ENQ → scale ACK → host DC1 → `SOH STX status sign weight unit BCC ETX EOT`.
const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const ENQ = 0x05;
const ACK = 0x06;
const DC1 = 0x11;
const MAX = 24;
const UNITS: Record<string, ScaleUnit> = { kg: 'kg', g: 'g', lb: 'lb' };

/**
 * Not confirmed: the BCC is taken as the XOR of the bytes between STX and BCC (status … unit).
 * 'none' skips the check for scales that compute it some other way.
 */
export type EnqBcc = 'xor' | 'none';

const xorOf = (bytes: readonly number[]) => bytes.reduce((a, b) => a ^ b, 0);

function parse(frame: readonly number[], bcc: EnqBcc): ScaleEvent[] {
  // SOH STX [status … unit] BCC ETX EOT
  const body = frame.slice(2, -3);
  if (bcc === 'xor' && xorOf(body) !== frame[frame.length - 3]) return [{ kind: 'error', reason: 'bcc' }];
  const m = /^([SUF])([+-])([\d. ]+?)\s*(kg|g|lb)$/.exec(ascii(body));
  const num = m && parseDecimal(m[3]);
  if (!m || !num) return [{ kind: 'error', reason: 'malformed ENQ/DC1 reply' }];
  if (m[1] === 'F') return [{ kind: 'error', reason: 'scale fault' }];
  return [reading(signed(num.value, m[2] === '-'), UNITS[m[4]], m[1] === 'S')];
}

function reply(s: SimState): Uint8Array {
  const unit = s.unit === 'g' || s.unit === 'lb' ? s.unit : 'kg';
  // Not confirmed how overload is sent: it is reported as the fault status.
  const status = s.overload ? 'F' : s.stable ? 'S' : 'U';
  const body = [...bytesOf(`${status}${isNegative(s) ? '-' : '+'}${display(shownKg(s), unit, unit === 'g' ? 0 : 3).padStart(6, '0')}${unit}`)];
  return Uint8Array.from([SOH, STX, ...body, xorOf(body), ETX, EOT]);
}

export const retailEnqDc1 = (bcc: EnqBcc = 'xor'): ScaleProtocol => ({
  id: 'retail-enq-dc1',
  name: '零售秤 ENQ/DC1 问答 / Retail ENQ/DC1 request-response',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  // The driver sends ENQ, waits for ACK, then sends DC1 (answer() plays the scale's side of both).
  poll: Uint8Array.of(ENQ),
  commands: {},
  ...(bcc === 'xor' && { checksum: true }),
  createDecoder: () =>
    framedDecoder({
      isStart: (b) => b === SOH,
      frame(buf, at) {
        if (buf.length - at > 1 && buf[at + 1] !== STX) return -1;
        // ETX EOT ends the frame; the BCC before it may itself be 0x03, so the pair is searched.
        for (let i = at + 4; i < buf.length && i - at < MAX; i++) if (buf[i] === EOT && buf[i - 1] === ETX) return i - at + 1;
        return buf.length - at >= MAX ? -1 : 0;
      },
      parse: (f) => parse(f, bcc),
    }),
  encode: reply,
  answer: (request, s) => (request.length !== 1 ? null : request[0] === ENQ ? Uint8Array.of(ACK) : request[0] === DC1 ? reply(s) : null),
});
