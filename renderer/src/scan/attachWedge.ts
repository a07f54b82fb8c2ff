/**
 * Binds the wedge detector to a document: a capture-phase listener sees every key whatever is
 * focused, and a scan's characters that landed in a text field are taken out again.
 */
import type { ScanHandler } from './types';
import { WedgeDetector, type WedgeResult, type WedgeThresholds } from './wedgeDetector';

export interface AttachWedgeOptions extends Partial<WedgeThresholds> {
  /**
   * Clock for key times and the end-of-burst timeout. By default keys are timed by
   * `event.timeStamp` (when the OS took the key, so a busy page doesn't bunch human keys into a
   * burst) and timeouts by `performance.now()` mapped onto that clock. Tests inject one.
   */
  now?: () => number;
}

export interface WedgeHandlers {
  onScan: ScanHandler<'wedge'>;
  /** A scan went through a Chinese IME: ask the user to switch to English input. */
  onIme(): void;
  /** A scan broke off or lacked its terminator: ask for a rescan. */
  onPartial(): void;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

interface FieldSnapshot {
  field: TextField;
  value: string;
  start: number | null;
  end: number | null;
  direction: 'forward' | 'backward' | 'none' | null;
}

/** Stops listening; `configure` changes the thresholds while listening. */
export type WedgeBinding = (() => void) & { configure(thresholds: Partial<WedgeThresholds>): void };

/** Listens on `target` until the returned function is called. */
export function attachWedge(target: Document, options: AttachWedgeOptions, handlers: WedgeHandlers): WedgeBinding {
  const { now, ...thresholds } = options;
  const detector = new WedgeDetector(thresholds);
  const win = target.defaultView!;
  // The last key's event time against the wall clock, to read "now" on the event clock.
  let anchor = { event: 0, wall: 0 };
  const keyTime = (e: Event): number => {
    if (now) return now();
    anchor = { event: e.timeStamp, wall: win.performance.now() };
    return e.timeStamp;
  };
  const clock = (): number => (now ? now() : anchor.event + win.performance.now() - anchor.wall);

  let snapshot: FieldSnapshot | undefined;
  let composing = false;
  let afterComposition: FieldSnapshot | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const settle = (results: WedgeResult[]): void => {
    for (const result of results) {
      const taken = snapshot;
      snapshot = undefined;
      // Restore before the handlers run, so they see the field as it was before the burst.
      if (result.kind === 'ime' && composing) afterComposition = taken;
      else if (taken) restore(win, taken);
      if (result.kind === 'scan') handlers.onScan(result.text, 'wedge');
      else if (result.kind === 'ime') handlers.onIme();
      else handlers.onPartial();
    }
  };

  const schedule = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const due = detector.deadline();
    if (due === undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        settle(detector.tick(clock()));
        schedule();
      },
      Math.max(0, due - clock()),
    );
  };

  const onKey = (e: KeyboardEvent): void => {
    const step = detector.feed({
      type: e.type === 'keyup' ? 'keyup' : 'keydown',
      key: e.key,
      code: e.code,
      altKey: e.altKey,
      ctrlKey: e.ctrlKey,
      isComposing: e.isComposing,
      keyCode: e.keyCode,
      timeStamp: keyTime(e),
    });
    if (step.consume) {
      e.preventDefault();
      // Page handlers (an input's onKeyDown Enter, a shortcut) must not act on the scanner's keys either.
      e.stopPropagation();
    }
    settle(step.results);
    // The capture-phase keydown runs before its character lands: snapshot the field as it is now.
    if (step.burstStarted) snapshot = snapshotOf(target);
    schedule();
  };

  const onCompositionStart = (): void => {
    composing = true;
    detector.compositionStart();
  };
  const onCompositionEnd = (): void => {
    composing = false;
    const taken = afterComposition;
    afterComposition = undefined;
    // The IME commits its text right after compositionend: take it out once that has happened.
    if (taken) setTimeout(() => restore(win, taken), 0);
  };

  target.addEventListener('keydown', onKey, true);
  target.addEventListener('keyup', onKey, true);
  target.addEventListener('compositionstart', onCompositionStart, true);
  target.addEventListener('compositionend', onCompositionEnd, true);
  const detach = () => {
    target.removeEventListener('keydown', onKey, true);
    target.removeEventListener('keyup', onKey, true);
    target.removeEventListener('compositionstart', onCompositionStart, true);
    target.removeEventListener('compositionend', onCompositionEnd, true);
    clearTimeout(timer);
  };
  return Object.assign(detach, { configure: (t: Partial<WedgeThresholds>) => detector.configure(t) });
}

function snapshotOf(doc: Document): FieldSnapshot | undefined {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  if (!el || (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA')) return undefined;
  const field = el as TextField;
  return {
    field,
    value: field.value,
    start: field.selectionStart,
    end: field.selectionEnd,
    direction: field.selectionDirection,
  };
}

/**
 * Puts a field back as it was. The prototype's value setter plus an `input` event is what a user's
 * edit looks like to React, so a controlled input's state follows.
 */
function restore(win: Window & typeof globalThis, s: FieldSnapshot): void {
  const { field } = s;
  if (!field.isConnected || field.value === s.value) return;
  const proto = field.tagName === 'TEXTAREA' ? win.HTMLTextAreaElement.prototype : win.HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(field, s.value);
  field.dispatchEvent(new win.Event('input', { bubbles: true }));
  // Input types without a selection (number, email…) report null here.
  if (s.start !== null && s.end !== null) field.setSelectionRange(s.start, s.end, s.direction ?? undefined);
}
