// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type OperatorAccount, type StationClient } from '../../../shared/contract';
import { TransferPanel } from '../../../renderer/src/screens/sync/TransferPanel';
import { renderScreen, renderingScreens } from '../../support/screen';

const MANAGER: OperatorAccount = {
  id: '01JZ0000000000000000000001',
  name: '王经理',
  role: 'manager',
  active: true,
  stallId: null,
  createdAt: '2026-11-25T08:00:00.000+08:00',
  createdBy: null,
  pinLocked: false,
};

renderingScreens();

async function exportWith(buyerPhones: boolean) {
  sessionStorage.setItem('station.operator', JSON.stringify(MANAGER));
  const call = vi.fn(async (method: string) => {
    if (method === 'exportUpload') return { path: '/data/exports/upload-3059901.epcis.json', fileName: 'upload-3059901.epcis.json', records: 3, buyerPhones, content: null };
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
  const view = await renderScreen(<TransferPanel />, call);
  await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=sync-export]')!.click());
  expect(view.querySelector('[data-testid=sync-exported-count]')!.textContent).toBe('已导出 3 条记录');
  return view;
}

describe("an export holding buyers' phones", () => {
  it('is marked confidential under its path', async () => {
    const view = await exportWith(true);
    expect(view.querySelector('[data-testid=sync-exported-buyer-phones]')!.textContent).toBe('此文件含买方电话，注意保密：用后从 U 盘删除，不要转发');
  });

  it('and one without has no such line', async () => {
    const view = await exportWith(false);
    expect(view.querySelector('[data-testid=sync-exported-buyer-phones]')).toBeNull();
  });
});
