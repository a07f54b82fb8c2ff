import { ascii, bytesOf, display, framedDecoder, isNegative, parseDecimal, reading, shownKg } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';

// 耀华 "=" continuous: `=000.3000` is the display 3.000 sent least-significant character first;
// some models send `=0003.000` in display order. A trailing `-` is the sign (DOMAIN §6).
const EQ = 0x3d;
const MINUS = 0x2d;
/** Eight display characters (digits and one point) follow `=`. */
const WIDTH = 8;

export type EqualsVariant = 'reversed' | 'normal';

/**
 * Guesses the character order from padding: the display pads its most significant side with zeros,
 * so leading zeros in the sent text mean display order and trailing zeros mean reversed.
 * Returns null when the frame cannot tell (e.g. `000.3000` could be 3.000 or 0.3000).
 */
export function orderHint(body: string): EqualsVariant | null {
  const digits = body.replace('.', '');
  const lead = /^0*/.exec(digits)![0].length;
  const trail = /0*$/.exec(digits)![0].length;
  return lead === trail ? null : lead > trail ? 'normal' : 'reversed';
}

const reverse = (s: string) => [...s].reverse().join('');

/** A frame is `=`, eight characters and an optional `-`, so it is complete once the byte after them arrives. */
export function yaohuaEqualsDecoder(unit: ScaleUnit, fixed?: EqualsVariant) {
  const votes = { reversed: 0, normal: 0 };
  let variant = fixed;
  function parse(frame: readonly number[]): ScaleEvent[] | null {
    const text = ascii(frame.slice(1)).trim();
    const negative = text.endsWith('-');
    const body = negative ? text.slice(0, -1) : text;
    const normal = parseDecimal(body);
    const reversed = normal && parseDecimal(reverse(body));
    // `=` alone marks no frame: anything else is garbage, skipped.
    if (!normal || !reversed) return null;
    if (!variant) {
      const hint = orderHint(body);
      if (hint) votes[hint]++;
      // Two more votes for one order than the other settle it for the rest of the session.
      if (Math.abs(votes.reversed - votes.normal) >= 2) variant = votes.reversed > votes.normal ? 'reversed' : 'normal';
    }
    const value = variant === 'normal' ? normal.value : variant === 'reversed' ? reversed.value : normal.value === reversed.value ? normal.value : null;
    // Until the order is known an ambiguous frame yields nothing rather than a possibly wrong weight.
    if (value === null) return [];
    if (negative && value !== 0) return [{ kind: 'underload' }];
    return [reading(value, unit, null)];
  }
  return framedDecoder({
    isStart: (b) => b === EQ,
    frame(buf, at) {
      for (let i = at + 1; i <= at + WIDTH && i < buf.length; i++) if (buf[i] !== 0x2e && (buf[i] < 0x30 || buf[i] > 0x39)) return -1;
      if (buf.length - at <= WIDTH + 1) return 0;
      return buf[at + WIDTH + 1] === MINUS ? WIDTH + 2 : WIDTH + 1;
    },
    parse,
  });
}

function encode(s: SimState, unit: ScaleUnit, variant: EqualsVariant): Uint8Array {
  // No overload code is known for this format: the indicator is taken to send nothing.
  if (s.overload) return new Uint8Array();
  const shown = display(shownKg(s), unit, 3).padStart(8, '0');
  return bytesOf(`=${variant === 'reversed' ? reverse(shown) : shown}${isNegative(s) ? '-' : ''}`);
}

/** The frame has no unit or stability flag: unit configured (kg by default), stability via StabilityTracker. */
export const yaohuaEquals = (unit: ScaleUnit = 'kg', variant?: EqualsVariant): ScaleProtocol => ({
  id: variant ? `yaohua-equals-${variant}` : 'yaohua-equals',
  name: `耀华 "=" 连续输出 / Yaohua "=" continuous${variant ? ` (${variant})` : ''}`,
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  commands: {},
  createDecoder: () => yaohuaEqualsDecoder(unit, variant),
  // The simulator speaks the reversed order when the variant is left to detection.
  encode: (s) => encode(s, unit, variant ?? 'reversed'),
});
