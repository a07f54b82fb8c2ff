// @vitest-environment jsdom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type LedgerPage, type LedgerRow, type LotDossier, type StationClient } from '../../../shared/contract';
import { LedgerScreen } from '../../../renderer/src/screens/ledger/LedgerScreen';
import { quickRange } from '../../../renderer/src/screens/ledger/ledgerRange';
import { LotPageProvider } from '../../../renderer/src/screens/lot/LotPageContext';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

const ID = (n: number) => `01J0000000000000000000000${n}`;
const NOW = '2026-03-10T09:15:00.000+08:00';
const person = (role: string) => ({ id: ID(9), name: '李经理', role, active: true, stallId: null, createdAt: NOW, createdBy: null });

function row(n: number): LedgerRow {
  return {
    lotId: ID(n),
    entryId: ID(n),
    code: `x:FJ00${n}`,
    createdAt: NOW,
    outcome: 'admit',
    overridden: false,
    status: n === 2 ? 'held' : 'admitted',
    supplier: { id: ID(5), name: '南安合作社' },
    variety: { id: ID(6), name: '白菜' },
    categoryId: 'vegetable',
    quantity: 40,
    unit: 'kg',
    certificates: [{ type: 'commitment', number: `C-${n}` }],
    tests: { count: n === 2 ? 1 : 0, lastVerdict: n === 2 ? 'positive' : null },
    stall: null,
    operator: { id: ID(9), name: '李经理' },
  };
}

/** The lot page of row 2: held after a positive test, one override, one disposal. */
function dossier(lotId: string): LotDossier {
  const lot = { id: lotId, codeKey: 'x:FJ002', codeKind: 'opaque', rawScan: 'FJ002', gtin: null, batch: null, expiryDate: null, bestBeforeDate: null, sellByDate: null, productionDate: null };
  return {
    view: {
      lot: {
        ...lot,
        supplierId: ID(5),
        varietyId: ID(6),
        quantity: 40,
        unit: 'kg',
        status: 'destroyed',
        zone: 'none',
        parentLotId: null,
        rootLotId: null,
        stallId: null,
        createdAt: NOW,
        createdBy: ID(9),
      },
      supplier: { id: ID(5), kind: 'supplier', name: '南安合作社', uscc: null, gln: null, contact: null, blocked: false, blockedReason: null, createdAt: NOW, createdBy: ID(9) },
      variety: { id: ID(6), name: '白菜', categoryId: 'vegetable', defaultUnit: 'kg' },
      certificates: [],
      entry: { id: ID(7), lotId, outcome: 'admit', reasons: [], source: 'wedge', overriddenFrom: 'hold', overrideReason: '补交报告', createdAt: NOW, createdBy: ID(9) },
      parentCode: null,
      remaining: 0,
      stall: null,
      alert: true,
    },
    entryBy: '王收货',
    overrides: [{ from: 'hold', to: 'admit', reason: '补交报告', by: '李经理', at: NOW }],
    splitFrom: null,
    selection: { reason: 'noReport', hasReport: false, note: null, score: null, p: null, by: '王收货', at: NOW },
    tests: [],
    holds: [],
    splits: [],
    printJobs: [],
    disposal: {
      id: ID(8),
      certificateNumber: 'WH-2026-0001',
      onLotId: lotId,
      onCode: 'x:FJ002',
      quantity: 40,
      unit: 'kg',
      reason: 'testFailed',
      method: 'shredding',
      flag: null,
      operator: '林检测',
      witness: '李经理',
      at: NOW,
    },
    recalls: [],
    uploads: [{ id: ID(1), kind: 'entry', state: 'dead', attempts: 3, lastError: 'HTTP 422', createdAt: NOW, sentAt: null }],
    departure: null,
  };
}

let calls: [string, unknown][];
function client(page: (input: Record<string, unknown>) => LedgerPage) {
  calls = [];
  return vi.fn(async (method: string, input: Record<string, unknown>) => {
    calls.push([method, input]);
    if (method === 'listLedger') return page(input);
    if (method === 'getLotDossier') return dossier(input.lotId as string);
    if (method === 'getDisposalCertificate') return { pdf: 'data:application/pdf;base64,JVBERi0=', fileName: '销毁证明-WH-2026-0001.pdf' };
    if (method === 'listCategories' || method === 'listSubjects' || method === 'listOperators') return [];
    if (method === 'getSettings') throw new ApiError('forbidden', method);
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
}
const page = (rows: LedgerRow[], ownDesk = false): LedgerPage => ({ rows, total: rows.length, dayStart: '06:00', ownDesk });
const $ = (view: HTMLElement, id: string) => view.querySelector<HTMLElement>(`[data-testid=${id}]`);

describe('台账', () => {
  beforeEach(() => {
    URL.createObjectURL = () => 'blob:certificate';
    URL.revokeObjectURL = () => undefined;
  });

  it('asks for today with no filter, and a typed search for any day', async () => {
    sessionStorage.setItem('station.operator', JSON.stringify(person('manager')));
    const view = await renderScreen(
      <LotPageProvider>
        <LedgerScreen />
      </LotPageProvider>,
      client(() => page([row(1), row(2)])),
    );
    expect(calls.find(([m]) => m === 'listLedger')![1]).toEqual({ range: quickRange('today', new Date()), filters: {}, limit: 100, offset: 0 });
    expect($(view, 'ledger-count')!.textContent).toBe('第 1–2 条，共 2 条');
    const input = $(view, 'ledger-search') as HTMLInputElement;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, 'C-2');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => $(view, 'ledger-search-submit')!.click());
    expect(calls.filter(([m]) => m === 'listLedger').at(-1)![1]).toEqual({ search: 'C-2', filters: {}, limit: 100, offset: 0 });
    expect(view.querySelectorAll<HTMLButtonElement>('[data-testid^=ledger-range-]')[0]!.disabled).toBe(true);
  });

  it('opens a row’s lot page over the list, which is still there when the page closes', async () => {
    sessionStorage.setItem('station.operator', JSON.stringify(person('manager')));
    const view = await renderScreen(
      <LotPageProvider>
        <LedgerScreen />
      </LotPageProvider>,
      client(() => page([row(1), row(2)])),
    );
    const rows = () => [...view.querySelectorAll('[data-testid=ledger-row]')].map((r) => r.getAttribute('data-status'));
    expect(rows()).toEqual(['admitted', 'held']);
    await act(async () => view.querySelectorAll<HTMLElement>('[data-testid=ledger-row]')[1]!.click());
    expect(calls.at(-1)).toEqual(['getDisposalCertificate', { disposalId: ID(8) }]);
    expect(calls).toContainEqual(['getLotDossier', { lotId: ID(2) }]);
    const lotPage = $(document.body, 'lot-page')!;
    expect(lotPage.getAttribute('data-state')).toBe('shown');
    expect($(lotPage, 'lot-page-status')!.textContent).toBe('已销毁');
    expect($(lotPage, 'lot-page-override')!.textContent).toContain('待检 → 准入，原因：补交报告');
    expect($(lotPage, 'lot-page-sampling')!.textContent).toContain('无检测报告');
    expect($(lotPage, 'lot-page-disposal')!.textContent).toContain('WH-2026-0001');
    expect($(lotPage, 'certificate-link')!.getAttribute('data-file')).toBe('销毁证明-WH-2026-0001.pdf');
    expect($(lotPage, 'lot-page-upload')!.getAttribute('data-state')).toBe('dead');

    await act(async () => $(lotPage, 'lot-page-close')!.click());
    expect($(document.body, 'lot-page')).toBeNull();
    expect(rows()).toEqual(['admitted', 'held']);
    expect(calls.filter(([m]) => m === 'listLedger')).toHaveLength(1);
  });

  it('says a receiver sees their own desk, without the operator filter', async () => {
    sessionStorage.setItem('station.operator', JSON.stringify(person('receiver')));
    const view = await renderScreen(
      <LotPageProvider>
        <LedgerScreen />
      </LotPageProvider>,
      client(() => page([row(1)], true)),
    );
    expect($(view, 'ledger-own-desk')!.textContent).toBe('只显示本人录入的批次');
    expect($(view, 'ledger-filter-operatorId')).toBeNull();
    expect($(view, 'ledger-filter-supplierId')).not.toBeNull();
  });
});

describe('quick ranges', () => {
  it('are local days ending today', () => {
    const now = new Date(2026, 2, 1, 8, 0);
    expect(quickRange('today', now)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(quickRange('yesterday', now)).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(quickRange('week', now)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(quickRange('month', now)).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });
});
