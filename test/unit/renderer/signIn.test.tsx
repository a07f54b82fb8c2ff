// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, type StationClient } from '../../../shared/contract';
import { StationProvider } from '../../../renderer/src/api';
import { initI18n } from '../../../renderer/src/i18n';
import { SignInScreen } from '../../../renderer/src/screens/signin/SignInScreen';

// React warns unless told this is a test environment that wraps updates in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const OPERATOR = { id: '01JZ0000000000000000000000', name: '王收货', role: 'receiver' as const };
let root: Root | undefined;

beforeAll(() => {
  initI18n('zh-CN');
});

afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
  sessionStorage.clear();
});

async function render(call: StationClient['call']) {
  const client = { call, on: () => () => {} } as StationClient;
  const container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
  await act(async () =>
    root!.render(
      <StationProvider client={client}>
        <SignInScreen />
      </StationProvider>,
    ),
  );
  return container;
}

const key = (k: string) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

describe('sign-in', () => {
  it('takes the PIN from keyboard digits and Enter as well as the pad', async () => {
    const call = vi.fn(async (method: string) => {
      if (method === 'listOperators') return [OPERATOR];
      if (method === 'signIn') throw new ApiError('badPin', 'wrong pin');
      throw new Error(method);
    }) as unknown as StationClient['call'];
    const view = await render(call);
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=operator-button]')!.click());
    key('2');
    key('4');
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=pin-6]')!.click());
    key('8');
    expect(view.querySelector('[data-testid=pin-display]')!.textContent).toBe('●●●●');
    await act(async () => key('Enter'));

    expect(call).toHaveBeenCalledWith('signIn', { operatorId: OPERATOR.id, pin: '2468' });
    expect(view.querySelector('[data-testid=signin-message]')!.textContent).toBe('PIN 码错误');
    // A wrong PIN is cleared so the next try starts empty.
    expect(view.querySelector('[data-testid=pin-display]')!.textContent).not.toContain('●');
  });
});
