/**
 * 召回 rules that need no database (shared/contract/recall.ts defines the words): what is left of a
 * lot and where the rest went, where its goods stand at the start, which marks a manager may make,
 * when a recall may close, how buyers' phones are shown, how recalls are numbered.
 */
import type { LotStatus, RecallCounts, RecallProgress, Unit } from '../contract';
import { UNIT_DECIMALS } from './quantity';

/** A quantity rounded to its unit's step (kilograms to the gram): sums of binary fractions drift. */
export function roundQuantity(q: number, unit: Unit): number {
  const f = 10 ** UNIT_DECIMALS[unit];
  const r = Math.round(q * f) / f;
  return r === 0 ? 0 : r;
}

export interface LotQuantities {
  onHand: number;
  sold: number;
  writtenOff: number;
}

/**
 * A lot's quantity split three ways. `sold` went on in the lots split from it (the sum of its
 * children's quantities); what is left (`onHand`) is nothing once the lot is sold out or destroyed,
 * else its quantity less what was sold; a closing sale or a disposal wrote off the rest
 * (`writtenOff`: a disposal destroys what the lot itself had, never its portions'). A recalled
 * lot is judged by its state before the recall (a sold-out lot recalled stays sold out). The three
 * add up to the quantity; a split weighed within the counter's tolerance over what was left makes
 * onHand 0 and writtenOff that small excess below zero.
 */
export function lotQuantities(l: { quantity: number; unit: Unit; status: LotStatus; priorStatus?: LotStatus | null; childrenQuantity: number }): LotQuantities {
  const status = l.status === 'recalled' && l.priorStatus ? l.priorStatus : l.status;
  const sold = roundQuantity(l.childrenQuantity, l.unit);
  const gone = status === 'exhausted' || status === 'destroyed';
  const onHand = gone ? 0 : Math.max(0, roundQuantity(l.quantity - sold, l.unit));
  return { onHand, sold, writtenOff: roundQuantity(l.quantity - onHand - sold, l.unit) };
}

/** Where a lot's goods stand when the recall starts: something left to find, or nothing of it anywhere. */
export function initialProgress(onHand: number, status: LotStatus): 'open' | 'nothingLeft' {
  return onHand > 0 && status !== 'destroyed' ? 'open' : 'nothingLeft';
}

/** The marks a manager makes; destroyed comes from the disposal, nothingLeft from the start. */
export type RecallMark = 'open' | 'retrieved' | 'notRecoverable';

/**
 * What marking a lot does: destroyed and nothingLeft are final (the goods are gone: refused); the
 * same mark again changes nothing (a second click); open, retrieved and notRecoverable may be
 * changed into one another (a mark made by mistake is undone with `open`).
 */
export function markOutcome(current: RecallProgress, to: RecallMark): 'final' | 'same' | 'change' {
  if (current === 'destroyed' || current === 'nothingLeft') return 'final';
  return current === to ? 'same' : 'change';
}

/** Settled: nothing of the lot is still to be found (retrieved goods are in the market's hands). */
export const isSettled = (p: RecallProgress) => p !== 'open';

/** A recall closes when no lot of it is open. */
export const canClose = (counts: Pick<RecallCounts, 'open'>) => counts.open === 0;

/** Counts of a recall's lots by progress. */
export function countProgress(progress: Iterable<RecallProgress>): RecallCounts {
  const counts: RecallCounts = { lots: 0, open: 0, retrieved: 0, destroyed: 0, notRecoverable: 0, nothingLeft: 0 };
  for (const p of progress) {
    counts.lots++;
    counts[p]++;
  }
  return counts;
}

/**
 * A phone as a follower (not a manager) sees it: the first three and last four digits of a
 * mobile (138****5678); shorter numbers keep only their last two. Null stays null.
 */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** Managers and the admin see buyers' phones in full; every other role sees them masked. */
export const seesPhones = (role: string) => role === 'manager' || role === 'admin';

/** 召回单号 prefix of a calendar day (YYYY-MM-DD): ZH20261205-. */
export const recallNumberPrefix = (day: string) => `ZH${day.replaceAll('-', '')}-`;

/** The next number of the day after the ones already issued (two digits, more past 99). */
export function nextRecallNumber(day: string, issued: readonly string[]): string {
  const prefix = recallNumberPrefix(day);
  const last = issued.reduce((max, n) => (n.startsWith(prefix) ? Math.max(max, Number(n.slice(prefix.length)) || 0) : max), 0);
  return `${prefix}${String(last + 1).padStart(2, '0')}`;
}
