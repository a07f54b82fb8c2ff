// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type OperatorAccount, type StationClient } from '../../../shared/contract';
import { SupportBundleSection } from '../../../renderer/src/screens/station/SupportBundleSection';
import { renderScreen, renderingScreens } from '../../support/screen';

const account = (role: OperatorAccount['role']): OperatorAccount => ({
  id: '01JZ0000000000000000000001',
  name: '王经理',
  role,
  active: true,
  stallId: null,
  createdAt: '2026-11-25T08:00:00.000+08:00',
  createdBy: null,
  pinLocked: false,
});
const ZIP = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...Array(18).fill(0)]);

renderingScreens();

describe('支持包导出 on 本站', () => {
  it('exports the bundle, says where it is and offers it as a download', async () => {
    sessionStorage.setItem('station.operator', JSON.stringify(account('manager')));
    const calls: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:bundle');
    URL.revokeObjectURL = vi.fn();
    const call = vi.fn(async (method: string) => {
      calls.push(method);
      if (method === 'exportSupportBundle')
        return {
          path: '/data/exports/support-3059901-20261125-080000.zip',
          fileName: 'support-3059901-20261125-080000.zip',
          bytes: 2_500_000,
          content: Buffer.from(ZIP).toString('base64'),
          files: ['bundle.json'],
        };
      throw new ApiError('forbidden', method);
    }) as unknown as StationClient['call'];
    const view = await renderScreen(<SupportBundleSection />, call);
    expect(view.querySelector('h3')!.textContent).toBe('支持包导出');
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=support-bundle-export]')!.click());
    expect(calls).toEqual(['exportSupportBundle']);
    expect(view.querySelector('[data-testid=support-bundle-done] strong')!.textContent).toBe('支持包已保存（2.4 MB）');
    const link = view.querySelector<HTMLAnchorElement>('[data-testid=support-bundle-download]')!;
    expect(link.getAttribute('download')).toBe('support-3059901-20261125-080000.zip');
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0][0] as Blob;
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(ZIP);
  });

  it('is not shown to a vendor', async () => {
    sessionStorage.setItem('station.operator', JSON.stringify(account('vendor')));
    const view = await renderScreen(<SupportBundleSection />, vi.fn() as unknown as StationClient['call']);
    expect(view.querySelector('[data-testid=support-bundle]')).toBeNull();
  });
});
