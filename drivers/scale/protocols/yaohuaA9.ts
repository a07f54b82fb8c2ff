import { ascii, display, framedDecoder, isNegative, pad, parseDecimal, reading, shownKg, signed } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';

// 耀华 XK3190-A9 continuous: STX sign d6 decimals XORhi XORlo ETX, 12 bytes.
// Checked against the reference frame `02 2B 30 30 31 35 36 30 30 31 39 03` (+1560, 0 decimals): the
// XOR of bytes 2–9 counted from 1 (sign … decimals) is 0x19, sent as "19" — the example matches.
const STX = 0x02;
const ETX = 0x03;
const LEN = 12;
const HEX = '0123456789ABCDEF';

const xorOf = (bytes: readonly number[]) => bytes.reduce((a, b) => a ^ b, 0);
const hexValue = (b: number) => HEX.indexOf(String.fromCharCode(b).toUpperCase());

function parse(frame: readonly number[], unit: ScaleUnit): ScaleEvent[] {
  const hi = hexValue(frame[9]);
  const lo = hexValue(frame[10]);
  if (hi < 0 || lo < 0 || ((hi << 4) | lo) !== xorOf(frame.slice(1, 9))) return [{ kind: 'error', reason: 'xor' }];
  const sign = frame[1];
  const digits = parseDecimal(ascii(frame.slice(2, 8)));
  const decimals = frame[8] - 0x30;
  if ((sign !== 0x2b && sign !== 0x2d) || !digits || decimals < 0 || decimals > 5) return [{ kind: 'error', reason: 'malformed A9 frame' }];
  return [reading(signed(digits.value / 10 ** decimals, sign === 0x2d), unit, null)];
}

function encode(s: SimState, unit: ScaleUnit): Uint8Array {
  // The frame has no overload code: the indicator sends nothing while overloaded.
  if (s.overload) return new Uint8Array();
  const decimals = unit === 'g' ? 0 : unit === 'kg' ? 3 : 2;
  const body = [isNegative(s) ? 0x2d : 0x2b, ...Array.from(pad(display(shownKg(s), unit, decimals).replace('.', ''), 6), (c) => c.charCodeAt(0)), 0x30 + decimals];
  const x = xorOf(body);
  return Uint8Array.from([STX, ...body, HEX.charCodeAt(x >> 4), HEX.charCodeAt(x & 15), ETX]);
}

/** The frame has no unit: the indicator's configured unit is assumed (kg by default). */
export const yaohuaA9 = (unit: ScaleUnit = 'kg'): ScaleProtocol => ({
  id: 'yaohua-a9',
  name: '耀华 XK3190-A9 连续输出 / Yaohua A9 continuous',
  // Often 1200–9600 baud: 9600 is the default, set it to match the indicator.
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  commands: {},
  checksum: true,
  createDecoder: () =>
    framedDecoder({
      isStart: (b) => b === STX,
      frame: (buf, at) => (buf.length - at < LEN ? 0 : buf[at + LEN - 1] === ETX ? LEN : -1),
      parse: (f) => parse(f, unit),
    }),
  encode: (s) => encode(s, unit),
});
