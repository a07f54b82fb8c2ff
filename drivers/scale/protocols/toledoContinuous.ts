import { ascii, bytesOf, display, framedDecoder, isNegative, kgOf, pad, parseDecimal, reading, shownKg, signed } from '../framing';
import type { ScaleEvent, ScaleProtocol, SimState } from '../types';

// Toledo continuous output: STX SWA SWB SWC W6 T6 CR [CHK] (DOMAIN §6).
const STX = 0x02;
const CR = 0x0d;
const BODY = 17; // STX … CR
const SWB = { net: 1, negative: 2, outOfRange: 4, motion: 8, kg: 16 };

/**
 * SWA bits 0–2 → decimals. Not confirmed: "commonly 2 = none, 3 = 1, 4 = 2, 5 = 3"; codes 0/1
 * (×10/×20 display steps) are left out, so such frames are reported as errors rather than misread.
 */
export const DEFAULT_DECIMAL_CODES: Readonly<Record<number, number>> = { 2: 0, 3: 1, 4: 2, 5: 3 };

export interface ToledoOptions {
  /** A trailing byte making all 18 bytes sum to 0 mod 128; verified when configured. */
  checksum?: boolean;
  decimalCodes?: Readonly<Record<number, number>>;
}

/** Byte making the 7-bit sum of `bytes` plus itself 0 mod 128. */
const checksumOf = (bytes: readonly number[]) => (128 - (bytes.reduce((a, b) => a + b, 0) & 0x7f)) & 0x7f;

function parse(frame: readonly number[], codes: Readonly<Record<number, number>>, checksum: boolean): ScaleEvent[] {
  if (checksum && frame.reduce((a, b) => a + b, 0) % 128 !== 0) return [{ kind: 'error', reason: 'checksum' }];
  const [, swa, swb] = frame;
  const decimals = codes[swa & 7];
  const weight = parseDecimal(ascii(frame.slice(4, 10)));
  // A zero tare may come as all spaces.
  const tare = parseDecimal(ascii(frame.slice(10, 16)).trim() || '0');
  if (decimals === undefined || !weight || !tare) return [{ kind: 'error', reason: 'malformed toledo frame' }];
  if (swb & SWB.outOfRange) return [swb & SWB.negative ? { kind: 'underload' } : { kind: 'overload' }];
  const unit = swb & SWB.kg ? 'kg' : 'lb';
  const scale = 10 ** decimals;
  const net = (swb & SWB.net) !== 0;
  return [reading(signed(weight.value / scale, (swb & SWB.negative) !== 0), unit, (swb & SWB.motion) === 0, net, net ? kgOf(tare.value / scale, unit) : undefined)];
}

export function toledoContinuous(options: ToledoOptions = {}): ScaleProtocol {
  const codes = options.decimalCodes ?? DEFAULT_DECIMAL_CODES;
  const checksum = options.checksum ?? false;
  const len = BODY + (checksum ? 1 : 0);
  // The simulator shows 3 decimals, under whichever code the table gives them.
  const decimals = 3;
  const code = Number(Object.keys(codes).find((k) => codes[Number(k)] === decimals) ?? 5);
  return {
    id: checksum ? 'toledo-continuous-chk' : 'toledo-continuous',
    name: `托利多连续输出${checksum ? '（带校验）' : ''} / Toledo continuous${checksum ? ' with checksum' : ''}`,
    serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    commands: {},
    ...(checksum && { checksum: true }),
    createDecoder: () =>
      framedDecoder({
        // Status bytes are 7-bit; a parity bit from a 7E1 scale on an 8N1 port is stripped.
        mask: 0x7f,
        isStart: (b) => b === STX,
        frame(buf, at) {
          if (buf.length - at < len) return 0;
          // Digits or space padding in W6 T6, then CR: anything else is not a frame here.
          for (let i = at + 4; i < at + 16; i++) if (buf[i] !== 0x20 && (buf[i] < 0x30 || buf[i] > 0x39)) return -1;
          return buf[at + BODY - 1] === CR ? len : -1;
        },
        parse: (f) => parse(f, codes, checksum),
      }),
    encode(s: SimState) {
      const unit = s.unit === 'lb' ? 'lb' : 'kg';
      const net = s.tareKg > 0;
      const swb = 0x20 | (net ? SWB.net : 0) | (isNegative(s) ? SWB.negative : 0) | (s.overload ? SWB.outOfRange : 0) | (s.stable ? 0 : SWB.motion) | (unit === 'kg' ? SWB.kg : 0);
      const digits = (kg: number) => pad(display(kg, unit, decimals).replace('.', ''), 6);
      const body = [STX, 0x20 | code, swb, 0x20, ...bytesOf(digits(shownKg(s)) + digits(s.tareKg)), CR];
      return Uint8Array.from(checksum ? [...body, checksumOf(body)] : body);
    },
  };
}
