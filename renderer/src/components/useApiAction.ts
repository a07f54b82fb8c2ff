import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { playCue } from '../feedback';
import type { NoticeState } from './Notice';

/** What went wrong in words: '' shows nothing (the caller dealt with it another way). */
type Refused = (error: unknown) => string | void | Promise<string | void>;

export interface ApiAction {
  /** True while an action runs; another one asked for meanwhile (a held-down Enter) is dropped. */
  busy: boolean;
  /** What the last action or check said: done in green, a problem in red. */
  notice: NoticeState | null;
  /** The problem in words, '' when there is none. */
  problem: string;
  /**
   * Runs one station call (and what follows on success). Any earlier notice goes; a refusal is
   * put in words by `refused` when it returns text, else by the hook's `describe`.
   * Resolves true when the action succeeded.
   */
  run(action: () => Promise<void>, refused?: Refused): Promise<boolean>;
  /**
   * A problem found before calling (a field left empty), shown as a refusal is; `cue: false`
   * keeps a screen that beeps quiet for it (a list that failed to load).
   */
  fail(text: string, options?: { cue?: boolean }): void;
  /** Says the action was done (green). */
  succeed(text: string): void;
  clear(): void;
}

/**
 * The busy flag and the translated refusal every screen needs around a station call: set busy,
 * call, on refusal the message (and the error cue where the screen has cues), busy cleared.
 */
export function useApiAction(describe: (error: unknown) => string, { cue = false }: { cue?: boolean } = {}): ApiAction {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<NoticeState | null>(null);
  // Guards against a second run before `busy` has re-rendered.
  const running = useRef(false);
  // Callers pass a fresh `describe` each render (it closes over `t`); the latest one is used.
  const latest = useRef(describe);
  useLayoutEffect(() => {
    latest.current = describe;
  });

  const fail = useCallback(
    (text: string, options?: { cue?: boolean }) => {
      setNotice(text ? { kind: 'problem', text } : null);
      if (text && (options?.cue ?? cue)) playCue('error');
    },
    [cue],
  );
  const succeed = useCallback((text: string) => setNotice({ kind: 'ok', text }), []);
  const clear = useCallback(() => setNotice(null), []);

  const run = useCallback(
    async (action: () => Promise<void>, refused?: Refused) => {
      if (running.current) return false;
      running.current = true;
      setBusy(true);
      setNotice(null);
      try {
        await action();
        return true;
      } catch (error) {
        const text = await refused?.(error);
        fail(typeof text === 'string' ? text : latest.current(error));
        return false;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [fail],
  );

  return { busy, notice, problem: notice?.kind === 'problem' ? notice.text : '', run, fail, succeed, clear };
}
