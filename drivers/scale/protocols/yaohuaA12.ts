import { ascii, bytesOf, display, framedDecoder, isNegative, kgOf, parseDecimal, reading, shownKg, signed } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';

// 耀华 A12 lines: `ww000.000kg` gross, `wn-0000.1kg` net, `wt000.500kg` tare; no stability flag.
const W = 0x77;
const MAX = 20;
const UNITS: Record<string, ScaleUnit> = { kg: 'kg', g: 'g', lb: 'lb' };

/** A frame runs from `w` to the last letter of its unit (g of kg/g, b of lb); CR/LF are skipped. */
const isUnitEnd = (b: number) => b === 0x67 || b === 0x62;

export function yaohuaA12Decoder() {
  // The tare line comes separately; it is attached to the net readings that follow.
  let tareKg: number | undefined;
  function parse(frame: readonly number[]): ScaleEvent[] | null {
    const m = /^w([wnt])([+-]?)\s*([\d.]+)(kg|g|lb)$/.exec(ascii(frame));
    const num = m && parseDecimal(m[3]);
    // The format has no other structure to tell a broken line from garbage: skip it.
    if (!m || !num) return null;
    const unit = UNITS[m[4]];
    if (m[1] === 't') {
      tareKg = kgOf(num.value, unit);
      return [];
    }
    return [reading(signed(num.value, m[2] === '-'), unit, null, m[1] === 'n', m[1] === 'n' ? tareKg : undefined)];
  }
  return framedDecoder({
    isStart: (b) => b === W,
    frame(buf, at) {
      const kind = buf[at + 1];
      if (kind !== undefined && kind !== 0x77 && kind !== 0x6e && kind !== 0x74) return -1;
      for (let i = at + 2; i < buf.length && i - at < MAX; i++) if (isUnitEnd(buf[i])) return i - at + 1;
      return buf.length - at >= MAX ? -1 : 0;
    },
    parse,
  });
}

function encode(s: SimState): Uint8Array {
  // No overload line is known for this format: the indicator is taken to send nothing.
  if (s.overload) return new Uint8Array();
  const unit = s.unit === 'g' || s.unit === 'lb' ? s.unit : 'kg';
  const decimals = unit === 'g' ? 0 : 3;
  const net = s.tareKg > 0;
  const value = `${isNegative(s) ? '-' : ''}${display(shownKg(s), unit, decimals).padStart(7, '0')}${unit}`;
  return bytesOf(net ? `wt${display(s.tareKg, unit, decimals).padStart(7, '0')}${unit}\r\nwn${value}\r\n` : `ww${value}\r\n`);
}

export const yaohuaA12: ScaleProtocol = {
  id: 'yaohua-a12',
  name: '耀华 A12 连续输出 / Yaohua A12 continuous',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  commands: {},
  createDecoder: yaohuaA12Decoder,
  encode,
};
