import { useState } from 'react';

/**
 * For a screen that reads a list and keeps it current with events: only the newest call's answer
 * is taken, and the events that came while it was on its way are applied again on top of it. A
 * list call answered late (calls may answer out of order) would otherwise put a row back to a
 * state its lot or device has left, and no event would come to mend it.
 */
export function createAnswerGate<T>() {
  let latest = 0;
  /** Patches from events since the newest call went out; null when none is on its way. */
  let since: ((value: T) => T)[] | null = null;
  return {
    /** A call goes out: its number, for settle(). */
    begin(): number {
      since = [];
      return ++latest;
    },
    /** Call `n`'s answer with the events since applied, or null when a newer call went out since. */
    settle(n: number, answer: T): T | null {
      if (n !== latest) return null;
      const value = (since ?? []).reduce((v, patch) => patch(v), answer);
      since = null;
      return value;
    },
    /** Call `n` failed: whether it was the newest (its failure is the one to show). */
    fail(n: number): boolean {
      if (n !== latest) return false;
      since = null;
      return true;
    },
    /** An event's patch, kept for the answer on its way (if any); apply it to what is shown as well. */
    note(patch: (value: T) => T): void {
      since?.push(patch);
    },
  };
}

/** A screen's one answer gate, made once (its first render) and kept for the screen's life. */
export function useAnswerGate<T>() {
  return useState(() => createAnswerGate<T>())[0];
}
