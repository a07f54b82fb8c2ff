import { ascii, bytesOf, display, framedDecoder, isNegative, reading, shownKg } from '../framing';
import type { ScaleEvent, ScaleProtocol, ScaleUnit, SimState } from '../types';
import { DIGIT_ORDERS, DigitOrderJudge, placements, type DigitOrder } from './digitOrder';

// 耀华 "=" continuous: `=000.3000` is the display 3.000 sent least-significant character first;
// some models send `=0003.000` in display order. The sign `-` comes after the eight
// characters, or on some indicators in the eighth place itself (the display's sign position).
const EQ = 0x3d;
const MINUS = 0x2d;
const POINT = 0x2e;
/** Eight display characters (digits and one point) follow `=`. */
const WIDTH = 8;

const isDisplayChar = (b: number) => b === POINT || (b >= 0x30 && b <= 0x39);

/** `=`, eight characters and an optional `-`: complete once the byte after them arrives. */
function frameLength(buf: readonly number[], at: number): number {
  for (let i = 1; i <= WIDTH; i++) {
    const b = buf[at + i];
    if (b === undefined) return 0;
    if (i === WIDTH && b === MINUS) return WIDTH + 1;
    if (!isDisplayChar(b)) return -1;
  }
  if (buf.length - at <= WIDTH + 1) return 0;
  return buf[at + WIDTH + 1] === MINUS ? WIDTH + 2 : WIDTH + 1;
}

/**
 * `order` fixes the digit order (the admin confirmed it against a known weight); without it the
 * order is learnt from the data (DigitOrderJudge). A reading is never stable before the order is
 * settled unless both orders read the same weight; a frame no order can place is noise.
 */
export function yaohuaEqualsDecoder(unit: ScaleUnit, order?: DigitOrder) {
  const judge = new DigitOrderJudge();
  function parse(frame: readonly number[]): ScaleEvent[] | null {
    const negative = frame[frame.length - 1] === MINUS;
    const sent = ascii(frame.slice(1, negative ? -1 : undefined));
    const placed = placements(sent);
    const fits = DIGIT_ORDERS.filter((o) => placed[o] !== undefined);
    // Zero shown with a sign is zero, not a negative weight (and never -0).
    const read = (o: DigitOrder, stable: false | null) => reading(negative && placed[o] ? -placed[o] : placed[o]!, unit, stable);
    if (fits.length === 0) return null;
    if (fits.length === 1) {
      const [only] = fits;
      if (order) return [only === order ? read(only, null) : { kind: 'error', reason: `frame only fits the ${only} digit order` }];
      const contradicted = judge.vote(only);
      // The contradiction restarts the stability count; the frame's own weight is still certain.
      return [...(contradicted ? [{ kind: 'error', reason: 'digit order contradicted' } as const] : []), read(only, judge.order === only ? null : false)];
    }
    const settled = order ?? judge.order;
    if (settled) return [read(settled, null)];
    if (placed.normal === placed.reversed) return [read('normal', null)];
    return [{ kind: 'uncertain' }];
  }
  return framedDecoder({ isStart: (b) => b === EQ, frame: frameLength, parse });
}

const reverse = (s: string) => [...s].reverse().join('');

function encode(s: SimState, unit: ScaleUnit, order: DigitOrder): Uint8Array {
  // No overload code is known for this format: the indicator is taken to send nothing.
  if (s.overload) return new Uint8Array();
  const shown = display(shownKg(s), unit, 3).padStart(WIDTH, '0');
  return bytesOf(`=${order === 'reversed' ? reverse(shown) : shown}${isNegative(s) ? '-' : ''}`);
}

/** The frame has no unit or stability flag: unit configured (kg by default), stability via StabilityTracker. */
export const yaohuaEquals = (unit: ScaleUnit = 'kg', order?: DigitOrder): ScaleProtocol => ({
  id: order ? `yaohua-equals-${order}` : 'yaohua-equals',
  name:
    order === 'reversed'
      ? '耀华 "=" 连续输出（倒序） / Yaohua "=" continuous (reversed)'
      : order === 'normal'
        ? '耀华 "=" 连续输出（正序） / Yaohua "=" continuous (normal order)'
        : '耀华 "=" 连续输出（自动判断数位顺序） / Yaohua "=" continuous (digit order learnt)',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  commands: {},
  createDecoder: () => yaohuaEqualsDecoder(unit, order),
  // The simulator speaks the reversed order when the order is left to detection.
  encode: (s) => encode(s, unit, order ?? 'reversed'),
});
