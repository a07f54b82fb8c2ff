// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { useDeviceRows } from '../../../renderer/src/screens/devices/useDeviceRows';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

type Row = { id: string; state: string; kg: number | null };
type Apply = (id: string, patch: (row: Row) => Row) => void;

/** A device list whose calls answer when the test says, in any order, and events the test sends. */
function station() {
  const calls: { answer: (rows: Row[]) => Promise<void> }[] = [];
  const list = () =>
    new Promise<Row[]>((resolve) => {
      calls.push({ answer: (rows) => act(async () => resolve(rows)) });
    });
  let apply: Apply = () => {};
  const subscribe = (a: Apply) => {
    apply = a;
    return [() => (apply = () => {})];
  };
  const status = (id: string, state: string) => act(async () => apply(id, (r) => ({ ...r, state })));
  const weight = (id: string, kg: number) => act(async () => apply(id, (r) => ({ ...r, kg })));
  return { calls, list, subscribe, status, weight };
}

let reloadRows: () => Promise<void>;
const ignore = () => {};
function Rows({ list, subscribe }: { list: () => Promise<Row[]>; subscribe: (apply: Apply) => (() => void)[] }) {
  const { rows, reload } = useDeviceRows(list, subscribe, ignore);
  reloadRows = reload;
  return (
    <ul>
      {rows?.map((r) => (
        <li key={r.id} data-id={r.id} data-state={r.state} data-kg={r.kg ?? ''} />
      ))}
    </ul>
  );
}

const shown = (page: HTMLElement) => [...page.querySelectorAll('li')].map((li) => [li.dataset.id, li.dataset.state, li.dataset.kg]);

describe('device rows kept current by events and list answers that may come out of order', () => {
  it('a just-saved scale: an older list answer arriving last does not put it back to 连接中', async () => {
    const s = station();
    const page = await renderScreen(<Rows list={s.list} subscribe={s.subscribe} />, (() => Promise.reject(new Error('unused'))) as never);
    await s.calls[0]!.answer([]);
    // Saved: its events overtake the list, each reloads it (the id is not known yet).
    await s.status('S1', 'connecting');
    await s.status('S1', 'connected');
    expect(s.calls).toHaveLength(3);
    await s.calls[2]!.answer([{ id: 'S1', state: 'connected', kg: null }]);
    await s.calls[1]!.answer([{ id: 'S1', state: 'connecting', kg: null }]);
    expect(shown(page)).toEqual([['S1', 'connected', '']]);
    await s.weight('S1', 2.5);
    expect(shown(page)).toEqual([['S1', 'connected', '2.5']]);
  });

  it('events that come while a reload is on its way are applied again on top of its answer', async () => {
    const s = station();
    const page = await renderScreen(<Rows list={s.list} subscribe={s.subscribe} />, (() => Promise.reject(new Error('unused'))) as never);
    await s.calls[0]!.answer([{ id: 'S1', state: 'connected', kg: 1 }]);
    await act(async () => void reloadRows());
    // The device goes quiet and weighs again before the answer, which was read before both.
    await s.status('S1', 'noData');
    await s.weight('S1', 3);
    expect(shown(page)).toEqual([['S1', 'noData', '3']]);
    await s.calls[1]!.answer([{ id: 'S1', state: 'connected', kg: 1 }]);
    expect(shown(page)).toEqual([['S1', 'noData', '3']]);
    // With nothing on its way, an answer is taken as it is.
    await act(async () => void reloadRows());
    await s.calls[2]!.answer([{ id: 'S1', state: 'disconnected', kg: null }]);
    expect(shown(page)).toEqual([['S1', 'disconnected', '']]);
  });
});
