// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type LotDossier, type LotView, type StationClient } from '../../../shared/contract';
import { App } from '../../../renderer/src/App';
import { DisposalScreen } from '../../../renderer/src/screens/disposal/DisposalScreen';
import { LotPage } from '../../../renderer/src/screens/lot/LotPage';
import { ScreenLinkContext, type ScreenLink } from '../../../renderer/src/screens/nav/screenLink';
import { draftWithScan, emptyDraft } from '../../../renderer/src/screens/recall/recallDraft';
import { TraceScreen } from '../../../renderer/src/screens/trace/TraceScreen';
import { renderScreen, renderingScreens } from '../../support/screen';

renderingScreens();

const ID = (n: number) => `01J${String(n).padStart(23, '0')}`;
const AT = '2026-12-05T09:15:00.000+08:00';
const signIn = (role: string) => sessionStorage.setItem('station.operator', JSON.stringify({ id: ID(900), name: '李经理', role, active: true, stallId: null, createdAt: AT, createdBy: null }));

function lotView(status: LotView['lot']['status']): LotView {
  return {
    lot: {
      id: ID(11),
      codeKey: 'x:FJ001',
      codeKind: 'opaque',
      rawScan: 'FJ001',
      gtin: null,
      batch: null,
      expiryDate: null,
      bestBeforeDate: null,
      sellByDate: null,
      productionDate: null,
      supplierId: ID(5),
      varietyId: ID(6),
      quantity: 10,
      unit: 'kg',
      status,
      zone: 'none',
      parentLotId: null,
      rootLotId: null,
      stallId: null,
      createdAt: AT,
      createdBy: ID(900),
    },
    supplier: { id: ID(5), kind: 'supplier', name: '南安水产', uscc: null, gln: null, contact: null, blocked: false, blockedReason: null, createdAt: AT, createdBy: ID(900) },
    variety: { id: ID(6), name: '鲈鱼', categoryId: 'aquatic', defaultUnit: 'kg' },
    certificates: [],
    entry: { id: ID(7), lotId: ID(11), outcome: 'admit', reasons: [], source: 'wedge', overriddenFrom: null, overrideReason: null, createdAt: AT, createdBy: ID(900) },
    parentCode: null,
    remaining: 10,
    stall: null,
    alert: status === 'recalled',
  };
}

function dossier(): LotDossier {
  return {
    view: lotView('recalled'),
    entryBy: '王收货',
    overrides: [],
    splitFrom: null,
    selection: null,
    tests: [],
    holds: [],
    splits: [],
    printJobs: [],
    disposal: null,
    recalls: [{ id: ID(1), number: 'ZH20261205-01', status: 'open', reason: '检出孔雀石绿', progress: 'retrieved', by: '李经理', at: AT }],
    uploads: [],
    departure: null,
  };
}

let calls: [string, unknown][];
function station(answers: Record<string, (input: any) => unknown>) {
  calls = [];
  return vi.fn(async (method: string, input: unknown) => {
    calls.push([method, input]);
    if (answers[method]) return answers[method](input);
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
}
const $ = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const click = (el: Element | null) => act(async () => (el as HTMLElement).click());

function linked(screen: React.ReactNode, opened: ScreenLink[], has = true) {
  return <ScreenLinkContext.Provider value={{ open: (l) => opened.push(l), has: () => has }}>{screen}</ScreenLinkContext.Provider>;
}

describe('the lot page’s recalls', () => {
  it('lists the recalls covering the lot, each opening on 召回, and starts one on the lot for a manager', async () => {
    signIn('manager');
    const opened: ScreenLink[] = [];
    const closed = vi.fn();
    await renderScreen(linked(<LotPage lotId={ID(11)} onClose={closed} onMove={() => undefined} />, opened), station({ getLotDossier: () => dossier() }));
    const line = $('lot-page-recall')!;
    expect(line.dataset.progress).toBe('retrieved');
    expect(line.textContent).toContain('ZH20261205-01 · 召回中 · 检出孔雀石绿');
    expect(line.textContent).toContain('本批：已追回（2026-12-05 09:15 · 李经理）');

    await click($('lot-page-recall-open'));
    await click($('lot-page-start-recall'));
    expect(opened).toEqual([
      { screen: 'recall', recallId: ID(1) },
      { screen: 'recall', startLot: 'FJ001' },
    ]);
    expect(closed).toHaveBeenCalledTimes(2);
  });

  it('offers no 发起召回 to a receiver', async () => {
    signIn('receiver');
    await renderScreen(linked(<LotPage lotId={ID(11)} onClose={() => undefined} onMove={() => undefined} />, []), station({ getLotDossier: () => ({ ...dossier(), recalls: [] }) }));
    expect($('lot-page-recalls')!.textContent).toContain('未被召回');
    expect($('lot-page-start-recall')).toBeNull();
  });
});

const typeCode = (code: string) =>
  act(async () => {
    const input = $('trace-input') as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, code);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });

describe('追溯', () => {
  it('starts a recall of the lot shown, for a manager', async () => {
    signIn('manager');
    const opened: ScreenLink[] = [];
    await renderScreen(linked(<TraceScreen />, opened), station({ getLineage: () => ({ view: lotView('admitted'), descendants: [], ancestors: [], children: [] }) }));
    await typeCode('FJ001');
    await click($('trace-submit'));
    await click($('trace-start-recall'));
    expect(opened).toEqual([{ screen: 'recall', startLot: 'FJ001' }]);
  });

  it('has no 发起召回 for an inspector', async () => {
    signIn('inspector');
    await renderScreen(linked(<TraceScreen />, []), station({ getLineage: () => ({ view: lotView('admitted'), descendants: [], ancestors: [], children: [] }) }));
    await typeCode('FJ001');
    await click($('trace-submit'));
    expect($('trace-lot')).not.toBeNull();
    expect($('trace-start-recall')).toBeNull();
  });
});

describe('去销毁', () => {
  it('opens 销毁 with the lot read as if scanned, its reason set to the recall', async () => {
    signIn('manager');
    await renderScreen(
      <DisposalScreen lot="FJ001" />,
      station({
        lookupCode: () => ({ view: lotView('recalled') }),
        getLineage: () => ({ view: lotView('recalled'), descendants: [{ lotId: ID(12), code: 'S1-0001', depth: 1 }], ancestors: [], children: [] }),
        listHolds: () => [],
        listDisposals: () => [],
        listOperators: () => [],
      }),
    );
    expect(calls.filter(([m]) => m === 'lookupCode')).toEqual([['lookupCode', { raw: 'FJ001' }]]);
    expect($('disposal-screen')!.dataset.step).toBe('details');
    expect($('disposal-reason-recalled')!.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('a scan in the start form', () => {
  it('fills GTIN and batch from a GS1 code on the GTIN tab, the number on the certificate tab, else the lot', () => {
    const gtinTab = { ...emptyDraft(), kind: 'gtinBatch' as const };
    expect(draftWithScan(gtinTab, '(01)06901234567892(10)A1')).toMatchObject({ kind: 'gtinBatch', gtin: '06901234567892', batch: 'A1' });
    expect(draftWithScan(gtinTab, 'FJ001')).toMatchObject({ kind: 'lot', code: 'FJ001' });
    expect(draftWithScan({ ...emptyDraft(), kind: 'certificate' }, 'JY-0088')).toMatchObject({ kind: 'certificate', certificateNumber: 'JY-0088' });
    expect(draftWithScan({ ...emptyDraft(), kind: 'supplier', supplierId: ID(5) }, 'FJ002')).toMatchObject({ kind: 'lot', code: 'FJ002', supplierId: ID(5) });
  });
});

describe('the app’s links', () => {
  it('opens 召回 from 追溯 on the lot, and its tab by hand on the list', async () => {
    signIn('manager');
    globalThis.ResizeObserver ??= class {
      observe() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    const quiet = new Set(['getSettings', 'getLotDossier']);
    const call = vi.fn(async (method: string) => {
      if (method === 'getLineage') return { view: lotView('admitted'), descendants: [], ancestors: [], children: [] };
      if (method === 'listRecalls' || method === 'listSubjects') return [];
      if (method === 'previewRecall') throw new ApiError('notFound', 'no lot', { reason: 'unknownLot' });
      if (quiet.has(method)) throw new ApiError('forbidden', method);
      // Every other screen's first calls: an empty answer is enough to draw it.
      return [];
    }) as unknown as StationClient['call'];
    await renderScreen(<App />, call);
    // jsdom lays nothing out: every tab but the current one is under 更多.
    const openTab = async (id: string) => {
      if (!$(`tab-${id}`)) await click($('tab-more'));
      await click($(`tab-${id}`));
    };
    await openTab('trace');
    await typeCode('FJ001');
    await click($('trace-submit'));
    await click($('trace-start-recall'));
    expect($('tab-recall')!.getAttribute('aria-current')).toBe('page');
    expect($('tab-recall')!.textContent).toBe('召回');
    expect($('recall-screen')!.dataset.view).toBe('start');
    expect(($('recall-code') as HTMLInputElement).value).toBe('FJ001');
    expect(call).toHaveBeenCalledWith('previewRecall', { scope: { kind: 'lot', raw: 'FJ001' } });
    expect($('recall-start-message')!.textContent).toBe('未找到此批次：本站没有这个追溯码的入场记录');

    await openTab('trace');
    await openTab('recall');
    expect($('recall-screen')!.dataset.view).toBe('list');
    expect($('recall-empty')!.textContent).toBe('还没有召回');
  });
});
