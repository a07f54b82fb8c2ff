// @vitest-environment jsdom
import { act } from 'react';
import { renderScreen, renderingScreens } from '../../support/screen';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type StationClient } from '../../../shared/contract';
import { SignInScreen } from '../../../renderer/src/screens/signin/SignInScreen';

const OPERATOR = { id: '01JZ0000000000000000000000', name: '王收货', role: 'receiver' as const };

renderingScreens();

async function render(call: StationClient['call']) {
  return renderScreen(<SignInScreen />, call);
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
