import { useCallback, useEffect, useRef, useState } from 'react';

type Patch<Row> = { id: string; patch: (row: Row) => Row };
type Apply<Row> = (id: string, patch: (row: Row) => Row) => void;

/**
 * Device rows from a list call, kept current by events. An event for a device the list does not
 * have yet (just saved: its "connected" can overtake the list's answer) reloads the list instead
 * of being dropped. Only the newest list call's answer is used, and the events that came while it
 * was on its way are applied again on top of it: an answer older than an event (list calls may
 * answer out of order) never puts a row back to a state the device has left — a saved scale once
 * stayed 连接中 while it weighed.
 */
export function useDeviceRows<Row extends { id: string }>(list: () => Promise<Row[]>, subscribe: (apply: Apply<Row>) => (() => void)[], onError: (error: unknown) => void) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const known = useRef(new Set<string>());
  /** The newest list call; an answer to an earlier one is dropped. */
  const latest = useRef(0);
  /** Events since the newest list call went out, while it is on its way. */
  const since = useRef<Patch<Row>[] | null>(null);

  const reload = useCallback(() => {
    const call = ++latest.current;
    since.current = [];
    return list().then(
      (answer) => {
        if (call !== latest.current) return;
        const events = since.current ?? [];
        since.current = null;
        known.current = new Set(answer.map((row) => row.id));
        setRows(events.reduce((current, e) => current.map((r) => (r.id === e.id ? e.patch(r) : r)), answer));
      },
      (error: unknown) => {
        if (call === latest.current) since.current = null;
        onError(error);
      },
    );
  }, [list, onError]);
  useEffect(() => {
    void reload();
    const offs = subscribe((id, patch) => {
      since.current?.push({ id, patch });
      if (!known.current.has(id)) return void reload();
      setRows((current) => current?.map((r) => (r.id === id ? patch(r) : r)) ?? current);
    });
    return () => offs.forEach((off) => off());
  }, [reload, subscribe]);

  return { rows, reload };
}
