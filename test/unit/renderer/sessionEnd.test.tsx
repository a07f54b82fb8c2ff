// @vitest-environment jsdom
import { act } from 'react';
import { renderScreen, renderingScreens } from '../../support/screen';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type Session, type StationClient } from '../../../shared/contract';
import { useStation } from '../../../renderer/src/api';
import { SignInScreen } from '../../../renderer/src/screens/signin/SignInScreen';

const OPERATOR = { id: '01JZ0000000000000000000000', name: '陈摊主', role: 'vendor' as const, active: true, stallId: null, createdAt: '2026-11-25T08:00:00.000+08:00', createdBy: null };
const SESSION: Session = { sessionId: 's-1', operator: OPERATOR, idleMinutes: 30 };

renderingScreens();
afterEach(() => {
  vi.useRealTimers();
});

/** The app in small: the sign-in screen while signed out, else a screen with one action. */
function Gate() {
  const { operator, client } = useStation();
  if (!operator) return <SignInScreen />;
  return (
    <button type="button" data-testid="act" onClick={() => void client.call('listCategories', {}).catch(() => {})}>
      {operator.name}
    </button>
  );
}

async function signedInAs(session: Session, call: StationClient['call']) {
  sessionStorage.setItem('station.operator', JSON.stringify(session.operator));
  sessionStorage.setItem('station.idleMinutes', String(session.idleMinutes));
  return renderScreen(<Gate />, call);
}

const message = (view: HTMLElement) => view.querySelector('[data-testid=signin-ended]')?.textContent;

describe('a session that is gone', () => {
  it('returns to sign-in saying why, when a call finds it ended', async () => {
    const call = vi.fn(async (method: string) => {
      if (method === 'listCategories') throw new ApiError('notSignedIn', 'sign in first', { reason: 'operatorDisabled' });
      if (method === 'listOperators') return [];
      throw new Error(method);
    }) as unknown as StationClient['call'];
    const view = await signedInAs(SESSION, call);
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=act]')!.click());
    expect(view.querySelector('[data-testid=act]')).toBeNull();
    expect(message(view)).toBe('您的账号已被停用，已退出登录：如有疑问请联系系统管理员');
  });

  it('signs the counter out after the idle minutes without a call, as the station does', async () => {
    vi.useFakeTimers();
    const call = vi.fn(async (method: string) => {
      if (method === 'listCategories' || method === 'signOut') return method === 'signOut' ? { ok: true } : [];
      if (method === 'listOperators') return [];
      throw new Error(method);
    }) as unknown as StationClient['call'];
    const view = await signedInAs({ ...SESSION, idleMinutes: 2 }, call);
    await act(async () => vi.advanceTimersByTime(90_000));
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=act]')!.click());
    // The call kept it alive: 90 s on, still signed in.
    await act(async () => vi.advanceTimersByTime(90_000));
    expect(view.querySelector('[data-testid=act]')).not.toBeNull();
    await act(async () => vi.advanceTimersByTime(60_000));
    expect(view.querySelector('[data-testid=act]')).toBeNull();
    expect(message(view)).toBe('已超过 2 分钟未操作，已自动退出登录，请重新登录');
    expect(call).toHaveBeenCalledWith('signOut', {});
  });
});
