// @vitest-environment jsdom
import { act } from 'react';
import { renderScreen, renderingScreens } from '../../support/screen';
import { describe, expect, it, vi } from 'vitest';
import type { StationClient } from '../../../shared/contract';
import { FirstRunChecklist } from '../../../renderer/src/screens/firstRun/FirstRunChecklist';

renderingScreens();
interface State {
  stationId: string | null;
  roles: string[];
  printers: number;
  scales: number;
}

async function render(state: State, onOpen = vi.fn()) {
  const call = (async (method: string) => {
    if (method === 'getStation') return { stationId: state.stationId, name: state.stationId && '东街口市场', publicKey: 'PEM' };
    if (method === 'listOperators') return state.roles.map((role, i) => ({ id: `op${i}`, name: `人${i}`, role }));
    if (method === 'listPrinters') return Array.from({ length: state.printers }, (_, i) => ({ id: `p${i}` }));
    if (method === 'listScales') return Array.from({ length: state.scales }, (_, i) => ({ id: `s${i}` }));
    throw new Error(method);
  }) as unknown as StationClient['call'];
  return renderScreen(<FirstRunChecklist onOpen={onOpen} />, call);
}

const steps = (view: HTMLElement) =>
  [...view.querySelectorAll<HTMLLIElement>('[data-testid^=first-run-]:not([data-testid=first-run-close])')].map((li) => `${li.dataset.done === 'true' ? '✓' : '○'} ${li.textContent!.slice(1)}`);

describe('首次使用 checklist', () => {
  it('on a new station: only the admin is done; each open step links to its tab', async () => {
    const onOpen = vi.fn();
    const view = await render({ stationId: null, roles: ['admin'], printers: 0, scales: 0 }, onOpen);
    expect(steps(view)).toEqual(['✓ 系统管理员', '○ 设置站点编号', '○ 添加操作员', '○ 添加打印机', '○ 添加电子秤']);
    for (const [step, tab] of [
      ['stationId', 'station'],
      ['operators', 'operators'],
      ['printer', 'printing'],
      ['scale', 'devices'],
    ]) {
      await act(async () => view.querySelector<HTMLButtonElement>(`[data-testid=first-run-${step}] button`)!.click());
      expect(onOpen).toHaveBeenLastCalledWith(tab);
    }
  });

  it('ticks what the station has: a second admin is not an operator for the desk', async () => {
    const view = await render({ stationId: '3050102', roles: ['admin', 'admin'], printers: 1, scales: 0 });
    expect(steps(view)).toEqual(['✓ 系统管理员', '✓ 设置站点编号', '○ 添加操作员', '✓ 添加打印机', '○ 添加电子秤']);
    expect(view.querySelector('[data-testid=first-run-printer] button')).toBeNull();
  });

  it('is gone once everything is done, and hides on 稍后', async () => {
    expect((await render({ stationId: '3050102', roles: ['admin', 'receiver'], printers: 1, scales: 1 })).querySelector('[data-testid=first-run]')).toBeNull();
    const view = await render({ stationId: null, roles: ['admin'], printers: 0, scales: 0 });
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=first-run-close]')!.click());
    expect(view.querySelector('[data-testid=first-run]')).toBeNull();
  });
});
