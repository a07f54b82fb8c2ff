import { useCallback, useEffect, useRef, useState } from 'react';

type Apply<Row> = (id: string, patch: (row: Row) => Row) => void;

/**
 * Device rows from a list call, kept current by events. An event for a device the list does not
 * have yet (just saved: its "connected" can overtake the list's answer) reloads the list instead
 * of being dropped, so a row never stays at a stale state.
 */
export function useDeviceRows<Row extends { id: string }>(list: () => Promise<Row[]>, subscribe: (apply: Apply<Row>) => (() => void)[], onError: (error: unknown) => void) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const known = useRef(new Set<string>());

  const reload = useCallback(
    () =>
      list().then((r) => {
        known.current = new Set(r.map((row) => row.id));
        setRows(r);
      }, onError),
    [list, onError],
  );
  useEffect(() => {
    void reload();
    const offs = subscribe((id, patch) => {
      if (!known.current.has(id)) return void reload();
      setRows((current) => current?.map((r) => (r.id === id ? patch(r) : r)) ?? current);
    });
    return () => offs.forEach((off) => off());
  }, [reload, subscribe]);

  return { rows, reload };
}
