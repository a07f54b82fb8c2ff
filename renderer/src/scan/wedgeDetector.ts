/**
 * Tells keyboard-wedge scans from human typing by key timing alone. Pure and DOM-free: it is fed
 * key records with timestamps and asked to `tick(now)` for the end-of-burst timeout, so it can be
 * tested with synthetic timings. `attachWedge` binds it to a document.
 */
import { AltNumpad } from './altNumpad';
import { PAYLOAD_HEADER } from '../../../shared/domain/labelPayload';
import { DEFAULT_SCANNER_TIMING } from '../../../shared/domain/settings';

export interface WedgeKeyRecord {
  type: 'keydown' | 'keyup';
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  isComposing: boolean;
  keyCode: number;
  /** Milliseconds on any monotonic clock; `tick(now)` must use the same one. */
  timeStamp: number;
}

export interface WedgeThresholds {
  /** Fewest characters a scan may have; shorter fast bursts are human key rollover. */
  minLength: number;
  /** Largest average gap between a scan's keys, terminator included. */
  maxAvgGapMs: number;
  /** Largest single gap inside a burst; a longer one ends it. */
  maxGapMs: number;
  /** Quiet time after which an unterminated burst is over (must exceed maxGapMs). */
  partialTimeoutMs: number;
  /** `key` values that end a scan. */
  suffixes: readonly string[];
  /**
   * First lines of multi-line texts (the station's label QR): a scan that opens with one of them
   * reads Enter as a line break and ends at the scanner's idle gap (partialTimeoutMs) instead.
   */
  multiLineHeaders: readonly string[];
}

// Wedges send keys 1–20 ms apart, people rarely under 80 ms (30 ms only in two-key rollovers).
export const DEFAULT_WEDGE_THRESHOLDS: Readonly<WedgeThresholds> = {
  ...DEFAULT_SCANNER_TIMING,
  partialTimeoutMs: 150,
  suffixes: ['Enter', 'Tab'],
  multiLineHeaders: [PAYLOAD_HEADER],
};

export type WedgeResult =
  /** A whole scan: `text` without its terminator, FNC1 as GS (0x1D) or verbatim `029`. */
  | { kind: 'scan'; text: string; suffix: string }
  /** A machine-speed burst that broke off or never got its terminator: discard it and ask for a rescan. */
  | { kind: 'partial'; text: string }
  /** A machine-speed burst went through an input method, which ate or changed keys: discarded. */
  | { kind: 'ime' };

export interface WedgeStep {
  /** The page must not act on this key (preventDefault): it belongs to the scanner. */
  consume: boolean;
  /** This key opened a burst: the binding snapshots the focused field before the key lands. */
  burstStarted: boolean;
  /** Outcomes of bursts that ended at this key; they precede `burstStarted`'s burst. */
  results: WedgeResult[];
}

export const GS = '\u001d';

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'OS', 'Super', 'Hyper']);

interface Burst {
  text: string;
  /** Timed keys since the burst (or its last stall) began, and the sum of gaps between them. */
  keys: number;
  gapSum: number;
  lastT: number;
  /** A machine-speed run stalled and went on: whatever follows can only be the rest of a broken scan. */
  stalled: boolean;
  /** A key that is not text (arrows, Backspace, Ctrl+letter…) came in: the text is not what was sent. */
  garbled: boolean;
  ime: boolean;
  /** Began right after a scan broke off without its terminator: it may be that scan's tail. */
  tail: boolean;
}

/** How long after an unterminated machine burst a new burst still counts as its tail. */
export const TAIL_GUARD_MS = 1000;

export class WedgeDetector {
  private t: WedgeThresholds;
  private readonly altNumpad = new AltNumpad();
  private burst: Burst | undefined;
  /** A scan that broke off without its terminator, and until when its tail may still arrive. */
  private broken: { head: string; until: number } | undefined;

  constructor(thresholds: Partial<WedgeThresholds> = {}) {
    this.t = { ...DEFAULT_WEDGE_THRESHOLDS, ...dropUndefined(thresholds) };
  }

  /** New thresholds (the station's settings arrived) without dropping a burst under way. */
  configure(thresholds: Partial<WedgeThresholds>): void {
    this.t = { ...DEFAULT_WEDGE_THRESHOLDS, ...dropUndefined(thresholds) };
  }

  feed(r: WedgeKeyRecord): WedgeStep {
    const step: WedgeStep = { consume: false, burstStarted: false, results: [] };
    if (r.type === 'keyup') {
      const ch = this.altNumpad.keyup(r);
      if (ch !== undefined) {
        this.timed(r.timeStamp, step).text += ch;
        step.consume = true;
      }
      return step;
    }
    if (MODIFIERS.has(r.key)) {
      if (r.key === 'Alt') this.altNumpad.altDown();
      return step;
    }
    if (this.altNumpad.keydown(r)) {
      this.timed(r.timeStamp, step);
      step.consume = true;
      return step;
    }
    if (r.key === 'Process' || r.keyCode === 229 || r.isComposing) {
      this.timed(r.timeStamp, step).ime = true;
      return step;
    }
    if (this.t.suffixes.includes(r.key) && !r.ctrlKey && !r.altKey) {
      if (!this.continues(r.timeStamp, step)) return step;
      if (r.key === 'Enter' && this.multiLine(this.burst!)) {
        this.burst!.text += '\n';
        step.consume = true;
      } else {
        this.finish(step, r.key);
      }
      return step;
    }
    const ch = textOf(r);
    const burst = this.timed(r.timeStamp, step);
    if (ch === undefined) burst.garbled = true;
    else burst.text += ch;
    if (ch === GS) step.consume = true;
    return step;
  }

  /** An input method began composing: if a burst is under way, it went through the IME. */
  compositionStart(): void {
    if (this.burst) this.burst.ime = true;
  }

  /**
   * Ends a burst that has been quiet for partialTimeoutMs. A multi-line text whose last key was
   * its line break is whole: the scanner sent its terminator and went quiet.
   */
  tick(now: number): WedgeResult[] {
    const step: WedgeStep = { consume: false, burstStarted: false, results: [] };
    const b = this.burst;
    if (b && now - b.lastT >= this.t.partialTimeoutMs) {
      if (b.text.endsWith('\n')) {
        b.text = b.text.slice(0, -1);
        this.finish(step, 'Enter');
      } else {
        this.finish(step);
      }
    }
    return step.results;
  }

  /** When `tick` next has work to do, or undefined when no burst is open. */
  deadline(): number | undefined {
    return this.burst && this.burst.lastT + this.t.partialTimeoutMs;
  }

  /** Times a key into the open burst, or into a new one when a gap ended the old. */
  private timed(t: number, step: WedgeStep): Burst {
    if (this.continues(t, step)) return this.burst!;
    step.burstStarted = true;
    this.burst = { text: '', keys: 1, gapSum: 0, lastT: t, stalled: false, garbled: false, ime: false, tail: !!this.broken && t < this.broken.until };
    return this.burst;
  }

  /** Whether a key at `t` belongs to the open burst; a gap too long ends the burst (into `step`). */
  private continues(t: number, step: WedgeStep): boolean {
    const b = this.burst;
    if (!b) return false;
    const gap = t - b.lastT;
    if (gap <= this.t.maxGapMs) {
      b.gapSum += gap;
    } else if (gap < this.t.partialTimeoutMs && this.fast(b) && (b.stalled || b.keys >= this.t.minLength)) {
      // The scanner paused mid-code. Keep what follows in this burst, so its tail can't pass for
      // a scan of its own, and time the new run afresh.
      b.stalled = true;
      b.keys = 0;
      b.gapSum = 0;
    } else {
      this.finish(step);
      return false;
    }
    b.keys++;
    b.lastT = t;
    return true;
  }

  /**
   * Whether an Enter (just counted) is a line break: the burst is a machine-speed header line, or
   * already multi-line, so a stalled text's later lines stay in it and cannot pass for scans.
   */
  private multiLine(b: Burst): boolean {
    if (b.text.includes('\n')) return true;
    return !b.stalled && b.keys - 1 >= this.t.minLength && this.fast(b) && this.t.multiLineHeaders.includes(b.text);
  }

  private fast(b: Burst): boolean {
    return b.keys > 1 && b.gapSum / (b.keys - 1) <= this.t.maxAvgGapMs;
  }

  /** Closes the open burst, with its terminator's key if it has one, and records what it was. */
  private finish(step: WedgeStep, suffix?: string): void {
    const b = this.burst!;
    this.burst = undefined;
    const keysBeforeSuffix = suffix === undefined ? b.keys : b.keys - 1;
    const machine = b.stalled || (keysBeforeSuffix >= this.t.minLength && this.fast(b));
    if (!machine) return; // human typing: leave it all to the page
    if (suffix !== undefined) step.consume = true;
    // A scan cut off before its terminator leaves a tail still to come: refuse that as a scan too.
    // A burst that starts with the broken head again is a rescan, not the tail.
    const tail = b.tail && !b.text.startsWith(this.broken!.head);
    this.broken = suffix === undefined ? { head: b.text, until: b.lastT + TAIL_GUARD_MS } : undefined;
    if (b.ime) {
      step.results.push({ kind: 'ime' });
    } else if (suffix !== undefined && !b.stalled && !b.garbled && !tail && [...b.text].length >= this.t.minLength) {
      step.results.push({ kind: 'scan', text: b.text, suffix });
    } else {
      step.results.push({ kind: 'partial', text: b.text });
    }
  }
}

/** The text a keydown types, or undefined for keys that type none (named keys, shortcuts). */
function textOf(r: WedgeKeyRecord): string | undefined {
  // Ctrl+] is how a wedge types GS (FNC1).
  if (r.ctrlKey && !r.altKey && (r.key === ']' || r.code === 'BracketRight')) return GS;
  // Ctrl+Alt together is AltGr on Windows, which does type text ('@' on many European layouts).
  if (r.ctrlKey !== r.altKey) return undefined;
  return [...r.key].length === 1 ? r.key : undefined;
}

function dropUndefined<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
