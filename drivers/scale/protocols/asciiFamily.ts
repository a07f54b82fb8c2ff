import { bytesOf, display, framedDecoder, isNegative, parseDecimal, reading, shownKg, signed } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';

// `ST,GS,+000.876kg\r\n` (CAS, Excell, Selleton, Dini, many Chinese indicators).
const CR = 0x0d;
const LF = 0x0a;
const MAX_LINE = 32;
const STATUS = ['ST', 'US', 'OL'];

/** 斤/两 arrive as GBK on most indicators, UTF-8 on some: both are accepted. */
const UNIT_BYTES: [number[], ScaleUnit][] = [
  [[0x6b, 0x67], 'kg'],
  [[0x6c, 0x62], 'lb'],
  [[0x67], 'g'],
  [[0xbd, 0xef], 'jin'], // GBK 斤
  [[0xe6, 0x96, 0xa4], 'jin'], // UTF-8 斤
  [[0xc1, 0xbd], 'liang'], // GBK 两
  [[0xe4, 0xb8, 0xa4], 'liang'], // UTF-8 两
];
const DECIMALS: Partial<Record<ScaleUnit, number>> = { kg: 3, g: 1, lb: 3, jin: 3, liang: 2 };

const sameBytes = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function parse(frame: readonly number[]): ScaleEvent[] {
  let end = frame.length;
  while (end > 0 && (frame[end - 1] === CR || frame[end - 1] === LF || frame[end - 1] === 0x20)) end--;
  // Fields before the unit are plain ASCII: status, type, signed value.
  const head = String.fromCharCode(...frame.slice(0, Math.min(end, 6)));
  const status = head.slice(0, 2);
  const type = head.slice(3, 5);
  if (head[2] !== ',' || head[5] !== ',' || !['GS', 'NT'].includes(type)) return [{ kind: 'error', reason: 'malformed ascii frame' }];
  if (status === 'OL') return [{ kind: 'overload' }];
  let i = 6;
  while (i < end && ((frame[i] >= 0x30 && frame[i] <= 0x39) || frame[i] === 0x2e || frame[i] === 0x20 || frame[i] === 0x2b || frame[i] === 0x2d)) i++;
  const unit = UNIT_BYTES.find(([b]) => sameBytes(b, frame.slice(i, end)))?.[1];
  const field = String.fromCharCode(...frame.slice(6, i)).trim();
  const sign = field[0] === '-' || field[0] === '+' ? field[0] : '';
  const num = parseDecimal(field.slice(sign.length).trim());
  if (!unit || !num) return [{ kind: 'error', reason: 'malformed ascii frame' }];
  return [reading(signed(num.value, sign === '-'), unit, status === 'ST', type === 'NT')];
}

function encode(s: SimState, utf8: boolean): Uint8Array {
  const unit = s.unit && DECIMALS[s.unit] !== undefined ? s.unit : 'kg';
  const status = s.overload ? 'OL' : s.stable ? 'ST' : 'US';
  const sign = isNegative(s) ? '-' : '+';
  const text = `${status},${s.tareKg > 0 ? 'NT' : 'GS'},${sign}${display(shownKg(s), unit, DECIMALS[unit]!).padStart(7, '0')}`;
  const unitBytes = UNIT_BYTES.filter(([, u]) => u === unit).map(([b]) => b)[utf8 && (unit === 'jin' || unit === 'liang') ? 1 : 0];
  return Uint8Array.from([...bytesOf(text), ...unitBytes, CR, LF]);
}

export function asciiFamily(options: { utf8Units?: boolean } = {}): ScaleProtocol {
  return {
    id: options.utf8Units ? 'ascii-st-gs-utf8' : 'ascii-st-gs',
    name: `通用 ST,GS 连续输出 / ASCII ST,GS continuous${options.utf8Units ? ' (UTF-8 斤/两)' : ''}`,
    serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    commands: {},
    createDecoder: () =>
      framedDecoder({
        // A line starts with ST, US or OL: anything else is skipped byte by byte.
        isStart: (b) => b === 0x53 || b === 0x55 || b === 0x4f,
        frame(buf, at) {
          const prefix = String.fromCharCode(...buf.slice(at, at + 3));
          if (!STATUS.some((s) => `${s},`.startsWith(prefix))) return -1;
          for (let i = at + 1; i < buf.length && i - at < MAX_LINE; i++) if (buf[i] === LF || buf[i] === CR) return i - at + 1;
          return buf.length - at >= MAX_LINE ? -1 : 0;
        },
        parse,
      }),
    encode: (s) => encode(s, options.utf8Units ?? false),
  };
}
