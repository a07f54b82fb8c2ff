// @vitest-environment jsdom
import { act } from 'react';
import { renderScreen, renderingScreens } from '../../support/screen';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type OperatorAccount, type StationClient } from '../../../shared/contract';
import { DEFAULT_SETTINGS } from '../../../shared/domain/settings';
import i18next from 'i18next';
import { errorText } from '../../../renderer/src/i18n';
import { OperatorsScreen } from '../../../renderer/src/screens/operators/OperatorsScreen';

const at = '2026-11-25T08:00:00.000+08:00';
const account = (id: string, name: string, role: OperatorAccount['role'], pinLocked = false): OperatorAccount => ({
  id,
  name,
  role,
  active: true,
  stallId: null,
  createdAt: at,
  createdBy: null,
  pinLocked,
});
const MANAGER = account('01JZ0000000000000000000001', '王经理', 'manager');
const LOCKED = account('01JZ0000000000000000000002', '陈摊主', 'vendor', true);
const ADMIN = account('01JZ0000000000000000000003', '站长', 'admin');

renderingScreens();
async function screenAs(me: OperatorAccount, call: StationClient['call']) {
  sessionStorage.setItem('station.operator', JSON.stringify(me));
  return renderScreen(<OperatorsScreen />, call);
}

function station(calls: { method: string; input: unknown }[]) {
  return vi.fn(async (method: string, input: unknown) => {
    calls.push({ method, input });
    if (method === 'listOperatorAccounts') return [MANAGER, LOCKED];
    if (method === 'listSubjects') return [];
    if (method === 'getSettings') return DEFAULT_SETTINGS;
    if (method === 'unlockOperator') return { ...LOCKED, pinLocked: false };
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
}

const row = (view: HTMLElement, name: string) => view.querySelector<HTMLElement>(`[data-testid=operator-row][data-name="${name}"]`)!;

describe('the operators screen for a manager', () => {
  it('shows who is locked out and unlocks them, and nothing a manager may not do', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const view = await screenAs(MANAGER, station(calls));
    expect(row(view, '陈摊主').querySelector('[data-testid=operator-locked]')!.textContent).toBe('PIN 已锁定');
    expect(row(view, '王经理').querySelector('[data-testid=operator-unlock]')).toBeNull();
    // Adding, editing, re-PINing, disabling and the settings stay the admin's.
    for (const id of ['operator-form', 'operator-edit', 'operator-pin-open', 'operator-disable', 'selling-setting', 'signin-settings']) {
      expect(view.querySelector(`[data-testid=${id}]`), id).toBeNull();
    }

    await act(async () => row(view, '陈摊主').querySelector<HTMLButtonElement>('[data-testid=operator-unlock]')!.click());
    expect(calls.at(-1)).toEqual({ method: 'unlockOperator', input: { id: LOCKED.id } });
    expect(row(view, '陈摊主').querySelector('[data-testid=operator-locked]')).toBeNull();
    expect(view.querySelector('[data-testid=operator-message]')!.textContent).toBe('已解锁 陈摊主，可重新用 PIN 码登录');
  });
});

describe('PINs set on the operators screen', () => {
  it('tell the admin in Chinese that a manager needs 6 digits, sending nothing', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const view = await screenAs(ADMIN, station(calls));
    const form = view.querySelector<HTMLFormElement>('[data-testid=operator-form]')!;
    const type = (selector: string, value: string) => {
      const input = form.querySelector<HTMLInputElement>(selector)!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    await act(async () => type('[data-testid=operator-name]', '李经理'));
    await act(async () => form.querySelector<HTMLButtonElement>('[data-testid=role-manager]')!.click());
    await act(async () => type('[data-testid=operator-pin]', '1357'));
    await act(async () => form.querySelector<HTMLButtonElement>('[data-testid=operator-save]')!.click());
    expect(view.querySelector('[data-testid=operator-form-message]')!.textContent).toBe('市场管理员和系统管理员的 PIN 码须为 6–8 位数字');
    expect(calls.some((c) => c.method === 'createOperator')).toBe(false);
  });
});

describe('wrong-PIN refusals in words', () => {
  it('say how long to wait, and whose PIN it was at a disposal', () => {
    const t = i18next.getFixedT('zh-CN');
    expect(errorText(t, new ApiError('pinWait', 'wait', { seconds: 30 }))).toBe('PIN 码连续输错次数过多，请 30 秒后再试');
    expect(errorText(t, new ApiError('pinWait', 'wait', { seconds: 60, whose: 'witnessPin' }))).toBe('见证人：PIN 码连续输错次数过多，请 60 秒后再试');
    expect(errorText(t, new ApiError('pinLocked', 'locked', { whose: 'operatorPin' }))).toMatch(/^操作人：PIN 码连续输错次数过多，账号已锁定/);
    expect(errorText(t, new ApiError('badPin', 'wrong', { reason: 'witnessPin' }))).toBe('见证人 PIN 码错误');
  });
});
