// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type PrintJob, type StallSale, type StationClient } from '../../../shared/contract';
import { StallSalesScreen } from '../../../renderer/src/screens/ledger/StallSalesScreen';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

const ID = (n: number) => `01J0000000000000000000000${n}`;
const AT = '2026-03-10T09:15:00.000+08:00';
const job = (id: string, status: PrintJob['status']): PrintJob => ({
  id,
  lotId: ID(1),
  code: '3050177260000000017',
  purpose: 'labels',
  printerId: null,
  templateId: 'label-40x30',
  status,
  attempts: 1,
  revision: 1,
  lastError: null,
  confirmedBy: null,
  reprintOf: null,
  reason: null,
  createdAt: AT,
  printedAt: AT,
  lotStatus: 'admitted',
  cancelledFor: null,
});
const sale = (labelJob: PrintJob): StallSale => ({
  lotId: ID(1),
  code: '3050177260000000017',
  parentCode: 'x:FJ001',
  varietyName: '白菜',
  quantity: 2.5,
  unit: 'kg',
  status: 'admitted',
  buyerName: '刘记饭店',
  priceFen: null,
  at: AT,
  by: '张摊主',
  labelJob,
});

describe('本摊今日销售', () => {
  it('lists the vendor’s own stall and reprints a portion’s label through the print queue', async () => {
    sessionStorage.setItem('station.operator', JSON.stringify({ id: ID(9), name: '张摊主', role: 'vendor', active: true, stallId: ID(8), createdAt: AT, createdBy: null }));
    let current = job(ID(2), 'done');
    const call = vi.fn(async (method: string, input: Record<string, unknown>) => {
      if (method === 'listStallSales') return { stall: { id: ID(8), name: '1号摊' }, sales: [sale(current)] };
      if (method === 'reprint') return (current = { ...job(ID(3), 'queued'), reprintOf: input.jobId as string, reason: input.reason as string });
      throw new ApiError('forbidden', method);
    }) as unknown as StationClient['call'];
    const view = await renderScreen(<StallSalesScreen />, call);
    expect(call).toHaveBeenCalledWith('listStallSales', {});
    expect(view.querySelector('[data-testid=stall-sales-stall]')).toBeNull();
    expect(view.querySelector('[data-testid=stall-sale]')!.textContent).toContain('刘记饭店');
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=stall-sale-reprint]')!.click());
    expect(call).toHaveBeenCalledWith('reprint', { jobId: ID(2), reason: '顾客要求补打' });
    expect(view.querySelector('[data-testid=stall-sales-notice]')!.textContent).toBe('已重新排队打印');
    expect(view.querySelector('[data-testid=stall-sale]')!.textContent).toContain('排队中');
  });
});
