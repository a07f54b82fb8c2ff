import { useCallback, useEffect, useRef, useState } from 'react';
import { useAnswerGate } from '../../components/answerGate';

type Apply<Row> = (id: string, patch: (row: Row) => Row) => void;

/**
 * Device rows from a list call, kept current by events. An event for a device the list does not
 * have yet (just saved: its "connected" can overtake the list's answer) reloads the list instead
 * of being dropped. Answers go through an answer gate: a saved scale once stayed 连接中 while it
 * weighed, put back by a list answer older than its `connected` event.
 */
export function useDeviceRows<Row extends { id: string }>(list: () => Promise<Row[]>, subscribe: (apply: Apply<Row>) => (() => void)[], onError: (error: unknown) => void) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const known = useRef(new Set<string>());
  const gate = useAnswerGate<Row[]>();

  const reload = useCallback(() => {
    const call = gate.begin();
    return list().then(
      (answer) => {
        const value = gate.settle(call, answer);
        if (!value) return;
        known.current = new Set(value.map((row) => row.id));
        setRows(value);
      },
      (error: unknown) => {
        if (gate.fail(call)) onError(error);
      },
    );
  }, [gate, list, onError]);
  useEffect(() => {
    void reload();
    const offs = subscribe((id, patch) => {
      const apply = (current: Row[]) => current.map((r) => (r.id === id ? patch(r) : r));
      gate.note(apply);
      if (!known.current.has(id)) return void reload();
      setRows((current) => current && apply(current));
    });
    return () => offs.forEach((off) => off());
  }, [gate, reload, subscribe]);

  return { rows, reload };
}
