import { ascii, bytesOf, display, framedDecoder, parseDecimal, reading, signed } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';

// MT-SICS level 0/1: CRLF-terminated replies such as `S S     1.234 kg` (DOMAIN §6).
const LF = 0x0a;
const MAX_LINE = 40;
const UNITS: Record<string, ScaleUnit> = { kg: 'kg', g: 'g', lb: 'lb' };
const DECIMALS: Partial<Record<ScaleUnit, number>> = { kg: 3, g: 1, lb: 3 };
/** Reply identifiers a line may start with: S, SI, Z, T, TA, TAC, ES/ET/EL. */
const STARTS = new Set([0x53, 0x5a, 0x54, 0x45]);

function weighed(status: string, rest: string): ScaleEvent[] {
  if (status === '+') return [{ kind: 'overload' }];
  if (status === '-') return [{ kind: 'underload' }];
  if (status === 'I') return [{ kind: 'busy' }];
  const m = /^(-?)\s*([\d.]+)\s+(\w+)$/.exec(rest);
  const num = m && parseDecimal(m[2]);
  const unit = m && UNITS[m[3]];
  if ((status !== 'S' && status !== 'D') || !num || !unit) return [{ kind: 'error', reason: `malformed MT-SICS reply` }];
  return [reading(signed(num.value, m[1] === '-'), unit, status === 'S')];
}

/** A line with control or 8-bit bytes before its CRLF is garbage around a start letter, not a reply. */
const printable = (frame: readonly number[]) => frame.slice(0, -1).every((b) => b === 0x0d || (b >= 0x20 && b < 0x7f));

function parse(frame: readonly number[]): ScaleEvent[] | null {
  if (!printable(frame)) return null;
  const line = ascii(frame)
    .replace(/\r?\n$/, '')
    .trimEnd();
  const [id, status = '', ...more] = line.split(/ +/);
  const rest = line.replace(/^\S+ +\S+ */, '');
  // Line noise that starts with a reply letter swallows the real reply behind it: resync on that reply.
  const replyBehind = /(SI?|T) [SDI+-] /.test(line.slice(1));
  if (id === 'S' || id === 'SI') {
    const events = weighed(status, rest);
    if (events[0]?.kind === 'error' && replyBehind) return null;
    return events;
  }
  if (status === 'I') return [{ kind: 'busy' }];
  if (status === '+') return [{ kind: 'overload' }];
  if (status === '-') return [{ kind: 'underload' }];
  if (id === 'Z' && status === 'A' && more.length === 0) return [{ kind: 'ack', command: 'zero' }];
  // `T S  0.100 kg`: tare taken (with the tare weight); `TAC A`: tare cleared.
  if (id === 'T' && status === 'S') {
    if (weighed('S', rest)[0]?.kind === 'reading') return [{ kind: 'ack', command: 'tare' }];
    return replyBehind ? null : [{ kind: 'error', reason: 'malformed MT-SICS reply' }];
  }
  if (id === 'TAC' && status === 'A') return [{ kind: 'ack', command: 'clearTare' }];
  if (['ES', 'ET', 'EL'].includes(id)) return [{ kind: 'error', reason: `scale error ${id}` }];
  // An identifier that is none of the above: garbage before a real reply, skipped a byte at a time.
  return ['Z', 'T', 'TAC'].includes(id) ? [{ kind: 'error', reason: 'malformed MT-SICS reply' }] : null;
}

function encodeWeight(s: SimState): string {
  if (s.overload) return 'S +';
  if (s.underload) return 'S -';
  const unit = s.unit && DECIMALS[s.unit] !== undefined ? s.unit : 'kg';
  return `S ${s.stable ? 'S' : 'D'} ${`${s.kg < 0 ? '-' : ''}${display(s.kg, unit, DECIMALS[unit]!)}`.padStart(10)} ${unit}`;
}

const crlf = (s: string) => bytesOf(`${s}\r\n`);

export const mtSics: ScaleProtocol = {
  id: 'mt-sics',
  name: '梅特勒 MT-SICS / Mettler Toledo MT-SICS',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  // SI answers at once (stable or dynamic); S would wait for stability.
  poll: crlf('SI'),
  commands: { zero: crlf('Z'), tare: crlf('T'), clearTare: crlf('TAC') },
  createDecoder: () =>
    framedDecoder({
      isStart: (b) => STARTS.has(b),
      frame(buf, at) {
        const second = buf[at + 1];
        // After the first letter comes a space or more of the identifier (SI, TAC, ES…).
        if (second !== undefined && second !== 0x20 && !(second >= 0x41 && second <= 0x5a)) return -1;
        for (let i = at + 1; i < buf.length && i - at < MAX_LINE; i++) if (buf[i] === LF) return i - at + 1;
        return buf.length - at >= MAX_LINE ? -1 : 0;
      },
      parse,
    }),
  encode: (s) => crlf(encodeWeight(s)),
  answer(request, s) {
    const cmd = String.fromCharCode(...request).trim();
    if (cmd === 'S' || cmd === 'SI') return crlf(encodeWeight(s));
    if (cmd === 'Z') return crlf('Z A');
    if (cmd === 'T') return crlf(`T S ${display(s.kg, 'kg', 3).padStart(10)} kg`);
    if (cmd === 'TAC') return crlf('TAC A');
    return crlf('ES');
  },
};
