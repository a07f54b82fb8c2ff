import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll } from 'vitest';
import type { EventName, EventPayload, StationClient } from '../../shared/contract';
import { StationProvider } from '../../renderer/src/api';
import { initI18n } from '../../renderer/src/i18n';

// React warns unless told this is a test environment that wraps updates in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;

/**
 * Screens rendered in jsdom (the calling file starts with `// @vitest-environment jsdom`): Chinese
 * texts, and each test's screen unmounted with the page and session storage cleared after it.
 */
export function renderingScreens() {
  beforeAll(() => {
    initI18n('zh-CN');
  });
  afterEach(() => {
    act(() => root?.unmount());
    root = undefined;
    document.body.innerHTML = '';
    sessionStorage.clear();
  });
}

/**
 * `screen` inside the station context over a fake client whose calls `call` answers (and whose
 * events `on` subscribes to: stationEvents()); the page element. A screen rendered before in the
 * same test is unmounted first.
 */
export async function renderScreen(screen: ReactNode, call: StationClient['call'], on: StationClient['on'] = () => () => {}): Promise<HTMLElement> {
  if (root) act(() => root!.unmount());
  const client = { call, on } as StationClient;
  const container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
  await act(async () => root!.render(<StationProvider client={client}>{screen}</StationProvider>));
  return container;
}

/** Station events for a rendered screen: pass `on` to renderScreen, then `emit` as the station would (inside act). */
export function stationEvents() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const on = ((event: string, handler: (payload: never) => void) => {
    const set = listeners.get(event) ?? listeners.set(event, new Set()).get(event)!;
    set.add(handler);
    return () => set.delete(handler);
  }) as StationClient['on'];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) =>
    act(async () => {
      for (const handler of listeners.get(event) ?? []) (handler as (p: EventPayload<E>) => void)(payload);
    });
  return { on, emit };
}
