// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type RecoveryStatus, type StationClient } from '../../../shared/contract';
import { App } from '../../../renderer/src/App';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

const BACKUP = {
  path: '/media/usb/yipin-station-3050188-20261204-120000.db',
  fileName: 'yipin-station-3050188-20261204-120000.db',
  stationId: '3050188',
  takenAt: '2026-12-04T12:00:00',
  bytes: 2_400_000,
};
const DAMAGED: RecoveryStatus = { state: 'damaged', problems: ['Tree 12 page 345 cell 2: invalid page number 4294967295'], dataDir: '/data', folder: '/media/usb', backups: [BACKUP] };

function typeInto(view: HTMLElement, testId: string, value: string) {
  const input = view.querySelector<HTMLInputElement>(`[data-testid=${testId}]`)!;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const click = (view: HTMLElement, testId: string) => act(async () => view.querySelector<HTMLElement>(`[data-testid=${testId}]`)!.click());

describe('a damaged database at start', () => {
  it('the app shows the recovery screen, restores the newest backup with an admin PIN of it, then signs in as usual', async () => {
    const calls: { method: string; input: unknown }[] = [];
    let recovered = false;
    const call = vi.fn(async (method: string, input: unknown) => {
      calls.push({ method, input });
      if (method === 'setupStatus') {
        if (!recovered) throw new ApiError('storeDamaged', 'database damaged');
        return { needsAdmin: false };
      }
      if (method === 'recoveryStatus') return DAMAGED;
      if (method === 'listOperators') return [];
      if (method === 'recoverFromBackup') {
        if ((input as { otherStation: boolean }).otherStation === false && (input as { path: string }).path !== BACKUP.path)
          throw new ApiError('conflict', 'x', { reason: 'backupOtherStation', stationId: '3050199' });
        recovered = true;
        return { restoredFrom: BACKUP.path, keptIn: '/data/replaced' };
      }
      throw new ApiError('storeDamaged', method);
    }) as unknown as StationClient['call'];
    const view = await renderScreen(<App />, call);
    expect(view.querySelector('[data-testid=recovery-screen] h2')!.textContent).toBe('数据库文件损坏');
    expect(view.textContent).toContain('损坏的文件不会被删除');
    expect(view.querySelector('[data-testid=recovery-findings]')!.textContent).toContain('invalid page number');
    expect(view.querySelector<HTMLInputElement>('[data-testid=recovery-backup]')!.checked).toBe(true);

    // Another station's file by path: refused until the box is ticked.
    await act(async () => typeInto(view, 'recovery-path', '/media/usb/other.db'));
    await act(async () => typeInto(view, 'recovery-pin', '246813'));
    await click(view, 'recovery-submit');
    expect(view.querySelector('[data-testid=recovery-message]')!.textContent).toContain('另一个站点（3050199）');
    await click(view, 'recovery-backup');
    await click(view, 'recovery-submit');
    expect(calls.find((c) => c.method === 'recoverFromBackup' && (c.input as { path: string }).path === BACKUP.path)?.input).toEqual({ path: BACKUP.path, pin: '246813', otherStation: false });
    expect(view.querySelector('[data-testid=recovery-screen]')).toBeNull();
  });
});
