import { parseDecimal } from '../framing';

/** The order a 耀华 "=" indicator sends its display characters in (models differ). */
export type DigitOrder = 'normal' | 'reversed';
export const DIGIT_ORDERS: readonly DigitOrder[] = ['normal', 'reversed'];

/** Indicators show at most this many decimals: a reading with more is misplaced. */
const MAX_DECIMALS = 4;
/** Frames in a row that only one order can read before that order is taken for the connection. */
export const SETTLE_FRAMES = 3;

const reverse = (s: string) => [...s].reverse().join('');

/**
 * The weight a display text shows, or undefined if no indicator would show it. An eight-character
 * display pads its most significant side with zeros: a trade scale never fills all seven digits
 * (that would be a million divisions). A seven-character text is a display whose first place holds
 * the sign, so it may be full.
 */
function shown(display: string): number | undefined {
  if (display.length === 8 && display[0] !== '0') return undefined;
  const point = display.indexOf('.');
  if (point >= 0 && display.length - 1 - point > MAX_DECIMALS) return undefined;
  return parseDecimal(display)?.value;
}

/** The weight the sent characters read in each order that can place them. */
export function placements(sent: string): Partial<Record<DigitOrder, number>> {
  const normal = shown(sent);
  const reversed = shown(reverse(sent));
  return { ...(normal !== undefined && { normal }), ...(reversed !== undefined && { reversed }) };
}

/**
 * Decides the digit order from evidence: a frame only one order can place (e.g. `=532.1000` is
 * 1.235 reversed; read in normal order its display would be full) votes for it, frames both orders
 * place (`=000.0100`: 10 kg reversed, 0.01 kg normal) tell nothing. SETTLE_FRAMES votes in a row
 * settle the order; one vote against a settled order unsettles it again.
 */
export class DigitOrderJudge {
  private settled: DigitOrder | null = null;
  private run: { order: DigitOrder | null; count: number } = { order: null, count: 0 };

  get order(): DigitOrder | null {
    return this.settled;
  }

  /** Counts a frame only `order` can place; true if it contradicted the settled order. */
  vote(order: DigitOrder): boolean {
    const contradicted = this.settled !== null && this.settled !== order;
    if (contradicted) this.settled = null;
    this.run = this.run.order === order ? { order, count: this.run.count + 1 } : { order, count: 1 };
    if (this.run.count >= SETTLE_FRAMES) this.settled = order;
    return contradicted;
  }
}
