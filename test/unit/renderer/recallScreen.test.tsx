// @vitest-environment jsdom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, RECALL_PROGRESS, type Recall, type RecallCounts, type RecallDetail, type RecallLot, type RecallPreview, type StationClient, type Subject } from '../../../shared/contract';
import { LotPageProvider } from '../../../renderer/src/screens/lot/LotPageContext';
import { ScreenLinkContext, type ScreenLink } from '../../../renderer/src/screens/nav/screenLink';
import { RecallScreen } from '../../../renderer/src/screens/recall/RecallScreen';
import { renderScreen, renderingScreens, stationEvents } from '../../support/screen';

renderingScreens();

const ID = (n: number) => `01J${String(n).padStart(23, '0')}`;
const AT = '2026-12-05T09:15:00.000+08:00';
const person = (role: string) => ({ id: ID(900), name: '李经理', role, active: true, stallId: null, createdAt: AT, createdBy: null });
const signIn = (role: string) => sessionStorage.setItem('station.operator', JSON.stringify(person(role)));

const COUNTS: RecallCounts = { lots: 4, open: 2, retrieved: 0, destroyed: 0, notRecoverable: 0, nothingLeft: 2 };

function recall(n: number, patch: Partial<Recall> = {}): Recall {
  return {
    id: ID(n),
    number: `ZH20261205-0${n}`,
    reason: '检出孔雀石绿',
    source: 'regulatorNotice',
    sourceRef: 'SJ-2026-12',
    scope: { kind: 'lot', label: 'FJ001', range: null },
    status: 'open',
    createdAt: `2026-12-0${n}T08:00:00.000+08:00`,
    createdByName: '李经理',
    closedAt: null,
    closedByName: null,
    liftedAt: null,
    liftedByName: null,
    liftReason: null,
    counts: COUNTS,
    quantities: [{ unit: 'kg', onHand: 13, sold: 7 }],
    ...patch,
  };
}

function lot(n: number, code: string, depth: number, parent: { id: string; code: string } | null, patch: Partial<RecallLot> = {}): RecallLot {
  return {
    lotId: ID(n),
    code,
    parentLotId: parent?.id ?? null,
    parentCode: parent?.code ?? null,
    depth,
    variety: '鲈鱼',
    supplier: '南安水产',
    quantity: 10,
    unit: 'kg',
    onHand: 0,
    sold: 0,
    writtenOff: 0,
    status: 'recalled',
    priorStatus: 'admitted',
    stall: null,
    sale: null,
    progress: 'nothingLeft',
    progressAt: null,
    progressByName: null,
    progressNote: null,
    ...patch,
  };
}

/** A gate lot, a portion split from it and a portion of that portion, and a second portion: in tree order. */
function detail(phone: string, counts: RecallCounts = COUNTS): RecallDetail {
  const root = { id: ID(11), code: 'x:FJ001' };
  const child = { id: ID(12), code: 'S1-0001' };
  const sale = (name: string) => ({ buyer: { name, uscc: null, phone }, at: AT, by: '陈摊主', priceFen: 1200 });
  return {
    recall: recall(1, { counts }),
    total: 4,
    offset: 0,
    lots: [
      lot(11, root.code, 0, null, { onHand: 3, sold: 7, stall: { id: ID(50), name: 'A12 摊' }, progress: 'open' }),
      lot(12, child.code, 1, root, { quantity: 5, sold: 2, writtenOff: 3, sale: sale('海鲜酒楼') }),
      lot(13, 'S1-0003', 2, child, { quantity: 2, onHand: 2, stall: { id: ID(50), name: 'A12 摊' }, sale: sale('王师傅'), progress: 'open' }),
      lot(14, 'S1-0002', 1, root, { quantity: 2, status: 'exhausted', sale: sale('散户') }),
    ],
    origins: [
      {
        lotId: ID(11),
        code: 'x:FJ001',
        enteredAt: AT,
        supplier: { id: ID(60), name: '南安水产', uscc: '91350583MA2XXXXX1Q', contact: '林先生' },
        origin: '南安市动物卫生监督所',
        variety: '鲈鱼',
        quantity: 10,
        unit: 'kg',
        certificates: [{ id: ID(70), type: 'quarantine', number: 'JY-0088', issuer: '南安市动物卫生监督所', hasPhoto: true }],
        verdict: 'admit',
        overridden: false,
        tests: [{ itemName: { zh: '孔雀石绿', en: 'Malachite green' }, verdict: 'positive', at: AT }],
      },
    ],
  };
}

/** The whole recall `all` as the station pages it: `limit` lots from `offset` in the order asked. */
function paged(all: RecallDetail) {
  return (input: { offset: number; limit: number; order: 'tree' | 'openFirst' }): RecallDetail => {
    const rank = (l: RecallLot) => RECALL_PROGRESS.indexOf(l.progress);
    const ordered = input.order === 'tree' ? all.lots : [...all.lots].sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : 1));
    return { ...all, total: all.lots.length, offset: input.offset, lots: ordered.slice(input.offset, input.offset + input.limit) };
  };
}
/** getRecall's first page of a recall in tree order, as the page asks for it. */
const FIRST = (id: string, order: 'tree' | 'openFirst' = 'tree', limit = 300) => ({ id, offset: 0, limit, order });

/** The counts of these lots, as the station's `recall` summary gives them. */
function countsOf(lots: readonly RecallLot[]): RecallCounts {
  const counts: RecallCounts = { lots: lots.length, open: 0, retrieved: 0, destroyed: 0, notRecoverable: 0, nothingLeft: 0 };
  for (const l of lots) counts[l.progress] += 1;
  return counts;
}

const PREVIEW: RecallPreview = {
  scope: { kind: 'lot', label: 'FJ001', range: null },
  rootLots: 1,
  lots: 4,
  alreadyDestroyed: 1,
  inOtherRecalls: 0,
  quantities: [{ unit: 'kg', onHand: 5, sold: 7 }],
  sample: [{ lotId: ID(11), code: 'x:FJ001', variety: '鲈鱼', supplier: '南安水产', enteredAt: AT, quantity: 10, unit: 'kg' }],
};

const SUPPLIER: Subject = {
  id: ID(60),
  kind: 'supplier',
  name: '南安水产',
  uscc: '91350583MA2XXXXX1Q',
  gln: null,
  contact: null,
  blocked: false,
  blockedReason: null,
  createdAt: AT,
  createdBy: ID(900),
};

type Answers = Record<string, (input: any) => unknown>;
let calls: [string, any][];
function station(answers: Answers = {}) {
  calls = [];
  return vi.fn(async (method: string, input: unknown) => {
    calls.push([method, input]);
    if (answers[method]) return answers[method](input);
    if (method === 'listRecalls') return [recall(1)];
    if (method === 'getRecall') return paged(detail('13812345678'))(input as never);
    if (method === 'listSubjects') return [SUPPLIER];
    if (method === 'previewRecall') return PREVIEW;
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
}
const called = (method: string) => calls.filter(([m]) => m === method).map(([, input]) => input);

const $ = (view: ParentNode, id: string) => view.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const $$ = (view: ParentNode, id: string) => [...view.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const click = (el: Element | null) => act(async () => (el as HTMLElement).click());
async function type(el: Element | null, value: string) {
  const input = el as HTMLInputElement | HTMLSelectElement;
  const proto = input instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}
/** Enter in a field: the form's submit, as a browser does. */
const enter = (el: Element | null) => act(async () => (el as HTMLInputElement).form!.requestSubmit());

async function screen(call: StationClient['call'], options: { link?: Extract<ScreenLink, { screen: 'recall' }>; on?: StationClient['on']; open?: (l: ScreenLink) => void } = {}) {
  const links = { open: options.open ?? (() => undefined), has: () => true };
  return renderScreen(
    <ScreenLinkContext.Provider value={links}>
      <LotPageProvider>
        <RecallScreen link={options.link} />
      </LotPageProvider>
    </ScreenLinkContext.Provider>,
    call,
    options.on,
  );
}

beforeEach(() => {
  URL.createObjectURL = () => 'blob:export';
  URL.revokeObjectURL = () => undefined;
});

describe('召回 list', () => {
  it('shows open recalls first with scope, reason, source and counts, and takes new ones from the recall event', async () => {
    signIn('manager');
    const events = stationEvents();
    const list = [
      recall(3, { status: 'closed' }),
      recall(2),
      recall(1, { status: 'lifted', scope: { kind: 'supplier', label: '南安水产（91350583MA2XXXXX1Q）', range: { from: '2026-12-01', to: '2026-12-03' } } }),
    ];
    const view = await screen(station({ listRecalls: () => list }), { on: events.on });
    expect(called('listRecalls')).toEqual([{ open: false, limit: 200 }]);
    const rows = () => $$(view, 'recall-row').map((r) => `${r.dataset.number}:${r.dataset.status}`);
    expect(rows()).toEqual(['ZH20261205-02:open', 'ZH20261205-03:closed', 'ZH20261205-01:lifted']);
    const first = $$(view, 'recall-row')[0]!;
    expect(first.textContent).toContain('召回中');
    expect(first.textContent).toContain('按批次码：FJ001');
    expect(first.textContent).toContain('检出孔雀石绿');
    expect(first.textContent).toContain('监管通知（SJ-2026-12）');
    expect($(first, 'recall-row-counts-open')!.textContent).toBe('待处理 2');
    expect($(first, 'recall-row-counts-nothingLeft')!.textContent).toBe('无剩余 2');
    expect($$(view, 'recall-row')[2]!.textContent).toContain('按供应商：南安水产（91350583MA2XXXXX1Q） · 2026-12-01 至 2026-12-03');

    // A new recall comes first; one closed elsewhere moves below the open ones.
    await events.emit('recall', recall(4));
    await events.emit('recall', recall(2, { status: 'closed', counts: { ...COUNTS, open: 0, retrieved: 2 } }));
    expect(rows()).toEqual(['ZH20261205-04:open', 'ZH20261205-03:closed', 'ZH20261205-02:closed', 'ZH20261205-01:lifted']);
  });

  it('opens a recall from its row, and again when the manager comes back from 销毁', async () => {
    signIn('manager');
    const view = await screen(station());
    await click($$(view, 'recall-row')[0]!);
    expect(called('getRecall')).toEqual([FIRST(ID(1))]);
    expect($(view, 'recall-number')!.textContent).toBe('ZH20261205-01');
    // 去销毁 left the screen; coming back by its tab mounts it afresh on the same recall.
    const again = await screen(station());
    expect($(again, 'recall-screen')!.dataset.view).toBe('recall');
    expect(called('getRecall')).toEqual([FIRST(ID(1))]);
    await click($(again, 'recall-back'));
    const third = await screen(station());
    expect($(third, 'recall-screen')!.dataset.view).toBe('list');
  });

  it('lets a receiver follow recalls without starting one', async () => {
    signIn('receiver');
    const view = await screen(station());
    expect($$(view, 'recall-row')).toHaveLength(1);
    expect($(view, 'recall-new')).toBeNull();
    expect($(view, 'camera-toggle')).toBeNull();
  });

  it('says why the list cannot be read, in words', async () => {
    signIn('manager');
    const view = await screen(
      station({
        listRecalls: () => {
          throw new ApiError('forbidden', 'listRecalls');
        },
      }),
    );
    expect($(view, 'recall-list-problem')!.textContent).toBe('当前角色无权进行此操作');
  });
});

describe('发起召回', () => {
  it('previews the scanned lot, refuses Enter and an unchecked box, asks for the reason, then starts the recall', async () => {
    signIn('manager');
    const started = recall(5, { number: 'ZH20261205-05' });
    const view = await screen(station({ startRecall: () => started, getRecall: () => ({ ...detail('13812345678'), recall: started }) }), { link: { screen: 'recall', startLot: 'FJ001' } });
    expect($(view, 'recall-start')!.dataset.kind).toBe('lot');
    expect(($(view, 'recall-code') as HTMLInputElement).value).toBe('FJ001');
    // The lot brought from 追溯 is previewed at once.
    expect(called('previewRecall')).toEqual([{ scope: { kind: 'lot', raw: 'FJ001' } }]);
    const panel = $(view, 'recall-preview-panel')!;
    expect($(panel, 'recall-preview-lots')!.textContent).toBe('共 4 批（其中 1 批入场批次，其余为分装批次）');
    expect(panel.textContent).toContain('1 批已销毁，保持已销毁');
    expect($(panel, 'recall-preview-quantity')!.textContent).toBe('待追回 5.000 公斤（在摊位或买方手中） · 已售出 7.000 公斤');
    expect($(panel, 'recall-preview-sample')!.textContent).toContain('FJ001');
    const confirm = $(view, 'recall-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);

    // Enter previews again (and unticks the box): it never starts a recall.
    await click($(view, 'recall-confirm-check'));
    expect(($(view, 'recall-confirm') as HTMLButtonElement).disabled).toBe(false);
    await enter($(view, 'recall-reason'));
    expect(called('previewRecall')).toEqual([{ scope: { kind: 'lot', raw: 'FJ001' } }, { scope: { kind: 'lot', raw: 'FJ001' } }]);
    expect(called('startRecall')).toHaveLength(0);
    expect(($(view, 'recall-confirm') as HTMLButtonElement).disabled).toBe(true);

    await click($(view, 'recall-confirm-check'));
    await click($(view, 'recall-confirm'));
    expect($(view, 'recall-start-message')!.textContent).toBe('请填写召回原因');
    await type($(view, 'recall-reason'), '  检出孔雀石绿 ');
    await click($(view, 'recall-confirm'));
    expect($(view, 'recall-start-message')!.textContent).toBe('请选择召回来源');
    expect(called('startRecall')).toHaveLength(0);

    await click($(view, 'recall-source-regulatorNotice'));
    await type($(view, 'recall-source-ref'), 'SJ-2026-12');
    await click($(view, 'recall-confirm'));
    expect(called('startRecall')).toEqual([{ scope: { kind: 'lot', raw: 'FJ001' }, reason: '检出孔雀石绿', source: 'regulatorNotice', sourceRef: 'SJ-2026-12' }]);
    expect(called('getRecall')).toEqual([FIRST(started.id)]);
    expect($(view, 'recall-number')!.textContent).toBe('ZH20261205-05');
  });

  it('takes a scan anywhere on the screen as the lot to recall, previewed at once', async () => {
    signIn('manager');
    const events = stationEvents();
    const view = await screen(station(), { link: { screen: 'recall', recallId: ID(1) }, on: events.on });
    const scan = (text: string) => events.emit('scan', { scannerId: ID(80), text, source: 'serial', encoding: 'utf-8', at: 0 });
    await scan('FJ003');
    expect($(view, 'recall-screen')!.dataset.view).toBe('start');
    expect(($(view, 'recall-code') as HTMLInputElement).value).toBe('FJ003');
    expect(called('previewRecall')).toEqual([{ scope: { kind: 'lot', raw: 'FJ003' } }]);
    // On the GTIN tab a GS1 scan fills GTIN and batch.
    await click($(view, 'recall-scope-gtinBatch'));
    await scan('(01)06901234567892(10)A1');
    expect(called('previewRecall').at(-1)).toEqual({ scope: { kind: 'gtinBatch', gtin: '06901234567892', batch: 'A1' } });
    expect($(view, 'recall-start')!.dataset.kind).toBe('gtinBatch');
  });

  it('previews the latest scan when one comes while the last preview is still on its way', async () => {
    signIn('manager');
    const events = stationEvents();
    let answer: (p: RecallPreview) => void = () => undefined;
    const slow = new Promise<RecallPreview>((resolve) => (answer = resolve));
    const view = await screen(station({ previewRecall: (input) => (input.scope.raw === 'FJ001' ? slow : { ...PREVIEW, lots: 9 }) }), { link: { screen: 'recall', startLot: 'FJ001' }, on: events.on });
    expect($(view, 'recall-preview')!.textContent).toBe('正在预览…');
    await events.emit('scan', { scannerId: ID(80), text: 'FJ009', source: 'serial', encoding: 'utf-8', at: 0 });
    expect($(view, 'recall-preview-panel')!.dataset.lots).toBe('9');
    await act(async () => answer(PREVIEW));
    expect($(view, 'recall-preview-panel')!.dataset.lots).toBe('9');
    expect(called('previewRecall')).toEqual([{ scope: { kind: 'lot', raw: 'FJ001' } }, { scope: { kind: 'lot', raw: 'FJ009' } }]);
  });

  it('hides 确认召回 once the scope changes after the preview', async () => {
    signIn('manager');
    const view = await screen(station(), { link: { screen: 'recall', startLot: 'FJ001' } });
    expect($(view, 'recall-confirm')).not.toBeNull();
    await type($(view, 'recall-code'), 'FJ002');
    expect($(view, 'recall-confirm')).toBeNull();
    expect($(view, 'recall-preview-stale')!.textContent).toBe('条件已改动，请重新预览');
  });

  it('builds supplier, certificate and GTIN scopes from the form', async () => {
    signIn('manager');
    const view = await screen(station());
    await click($(view, 'recall-new'));

    await click($(view, 'recall-scope-supplier'));
    await click($(view, 'recall-preview'));
    expect($(view, 'recall-start-message')!.textContent).toBe('请选择供应商');
    expect([...(view.querySelector('[data-testid="recall-supplier"]') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['请选择', '南安水产（91350583MA2XXXXX1Q）']);
    await type($(view, 'recall-supplier'), SUPPLIER.id);
    await click($(view, 'recall-preview'));
    expect($(view, 'recall-start-message')!.textContent).toBe('请选择入场日期范围');
    await type($(view, 'recall-from'), '2026-12-03');
    await type($(view, 'recall-to'), '2026-12-01');
    await click($(view, 'recall-preview'));
    expect($(view, 'recall-start-message')!.textContent).toBe('日期范围不完整或起止颠倒');
    expect(called('previewRecall')).toHaveLength(0);
    await type($(view, 'recall-to'), '2026-12-05');
    await click($(view, 'recall-preview'));

    await click($(view, 'recall-scope-certificate'));
    await type($(view, 'recall-certificate-number'), ' JY-0088 ');
    await type($(view, 'recall-certificate-type'), 'quarantine');
    // The range typed for the supplier stays; cleared, the certificate is searched on any day.
    await type($(view, 'recall-from'), '');
    await type($(view, 'recall-to'), '');
    await click($(view, 'recall-preview'));

    await click($(view, 'recall-scope-gtinBatch'));
    await type($(view, 'recall-gtin'), '690123456789');
    await click($(view, 'recall-preview'));
    expect($(view, 'recall-start-message')!.textContent).toBe('GTIN 须为 14 位数字（13 位条码前补 0）');
    await type($(view, 'recall-gtin'), '6901234567892');
    await type($(view, 'recall-batch'), 'A1');
    await click($(view, 'recall-preview'));

    expect(called('previewRecall')).toEqual([
      { scope: { kind: 'supplier', supplierId: SUPPLIER.id, range: { from: '2026-12-03', to: '2026-12-05' } } },
      { scope: { kind: 'certificate', number: 'JY-0088', type: 'quarantine' } },
      { scope: { kind: 'gtinBatch', gtin: '06901234567892', batch: 'A1' } },
    ]);
  });

  it('shows a refused preview translated, and starts nothing', async () => {
    signIn('manager');
    const view = await screen(
      station({
        previewRecall: () => {
          throw new ApiError('notFound', 'no lot', { reason: 'unknownLot' });
        },
      }),
      { link: { screen: 'recall', startLot: 'NOPE' } },
    );
    expect(called('previewRecall')).toEqual([{ scope: { kind: 'lot', raw: 'NOPE' } }]);
    expect($(view, 'recall-start-message')!.textContent).toBe('未找到此批次：本站没有这个追溯码的入场记录');
    expect($(view, 'recall-preview-panel')).toBeNull();
  });
});

describe('a recall’s page', () => {
  it('lists the lots as a tree, each under its parent and indented by depth, and flat with the open ones first', async () => {
    signIn('manager');
    const view = await screen(station(), { link: { screen: 'recall', recallId: ID(1) } });
    expect(called('getRecall')).toEqual([FIRST(ID(1))]);
    const rows = () => $$(view, 'recall-lot').map((r) => `${r.dataset.code}@${r.dataset.depth}`);
    expect(rows()).toEqual(['x:FJ001@0', 'S1-0001@1', 'S1-0003@2', 'S1-0002@1']);
    const indents = $$(view, 'recall-lot').map((r) => (r.firstElementChild as HTMLElement).style.paddingLeft);
    expect(indents).toEqual(['0.5em', '2em', '3.5em', '2em']);
    const root = $$(view, 'recall-lot')[0]!;
    expect($(root, 'recall-lot-where')!.textContent).toContain('剩余 3.000 公斤 · 已分装 7.000 公斤');
    expect($(root, 'recall-lot-where')!.textContent).toContain('摊位：A12 摊');
    const child = $$(view, 'recall-lot')[1]!;
    expect($(child, 'recall-lot-where')!.textContent).toContain('剩余 0.000 公斤 · 已分装 2.000 公斤 · 核销 3.000 公斤');
    expect($(child, 'recall-lot-buyer')!.textContent).toBe('买方：海鲜酒楼 · 13812345678');
    expect(child.textContent).toContain('2026-12-05 09:15 由 陈摊主 售出');
    // A portion with its buyer is not at the stall it was sold at: the stall names the sale, not the place.
    const grandchild = $$(view, 'recall-lot')[2]!;
    expect($(grandchild, 'recall-lot-where')!.textContent).toContain('2026-12-05 09:15 由 陈摊主 在A12 摊售出');
    expect($(grandchild, 'recall-lot-where')!.textContent).not.toContain('摊位：');

    // Flat: the station's openFirst order, asked for afresh from the first page.
    await click($(view, 'recall-lots-flat'));
    expect(called('getRecall')).toEqual([FIRST(ID(1)), FIRST(ID(1), 'openFirst')]);
    expect($(view, 'recall-lots')!.dataset.mode).toBe('flat');
    expect(rows()).toEqual(['S1-0003@2', 'x:FJ001@0', 'S1-0001@1', 'S1-0002@1']);
    expect($$(view, 'recall-lot')[0]!.textContent).toContain('来自 S1-0001');
    await click($(view, 'recall-lots-tree'));
    expect(called('getRecall').at(-1)).toEqual(FIRST(ID(1)));
    expect(rows()).toEqual(['x:FJ001@0', 'S1-0001@1', 'S1-0003@2', 'S1-0002@1']);
  });

  it('lists a wide recall a page at a time: "more" asks for the next page, an event reads the pages shown again', async () => {
    signIn('manager');
    const events = stationEvents();
    const base = detail('13812345678');
    const root = base.lots[0]!;
    const portions = Array.from({ length: 649 }, (_, i) => lot(1000 + i, `S2-${String(i).padStart(4, '0')}`, 1, { id: root.lotId, code: root.code }, { progress: i % 2 ? 'open' : 'nothingLeft' }));
    const all = { ...base, lots: [root, ...portions] };
    const view = await screen(station({ getRecall: paged(all) }), { link: { screen: 'recall', recallId: ID(1) }, on: events.on });
    expect(called('getRecall')).toEqual([FIRST(ID(1))]);
    expect($$(view, 'recall-lot')).toHaveLength(300);
    expect($(view, 'recall-lots-more')!.textContent).toBe('再显示 300 批');

    await click($(view, 'recall-lots-more'));
    expect(called('getRecall').at(-1)).toEqual({ id: ID(1), offset: 300, limit: 300, order: 'tree' });
    expect($$(view, 'recall-lot')).toHaveLength(600);
    await click($(view, 'recall-lots-more'));
    expect(called('getRecall').at(-1)).toEqual({ id: ID(1), offset: 600, limit: 300, order: 'tree' });
    // Every lot once, in the station's tree order; nothing more to ask for.
    expect($$(view, 'recall-lot').map((r) => r.dataset.lot)).toEqual(all.lots.map((l) => l.lotId));
    expect($(view, 'recall-lots-more')).toBeNull();

    // A change elsewhere: the rows shown are read again in one call.
    await events.emit('recall', recall(1, { counts: countsOf(all.lots) }));
    expect(called('getRecall').at(-1)).toEqual(FIRST(ID(1), 'tree', 650));
    expect(called('getRecall')).toHaveLength(4);
    expect($$(view, 'recall-lot')).toHaveLength(650);

    // Flat: page one in openFirst order, then its next page.
    await click($(view, 'recall-lots-flat'));
    expect(called('getRecall').at(-1)).toEqual(FIRST(ID(1), 'openFirst'));
    expect($$(view, 'recall-lot')).toHaveLength(300);
    expect($$(view, 'recall-lot').every((r) => r.dataset.progress === 'open')).toBe(true);
    await click($(view, 'recall-lots-more'));
    expect(called('getRecall').at(-1)).toEqual({ id: ID(1), offset: 300, limit: 300, order: 'openFirst' });
    expect(
      $$(view, 'recall-lot')
        .map((r) => r.dataset.progress)
        .indexOf('nothingLeft'),
    ).toBe(325);
  });

  it('shows a receiver the phones as the station masked them, and no action', async () => {
    signIn('receiver');
    const view = await screen(station({ getRecall: () => detail('138****5678') }), { link: { screen: 'recall', recallId: ID(1) } });
    expect($$(view, 'recall-lot-phone').map((p) => p.textContent)).toEqual(['138****5678', '138****5678', '138****5678']);
    expect($(view, 'recall-lot-retrieved')).toBeNull();
    expect($(view, 'recall-close')).toBeNull();
    expect($(view, 'recall-lift')).toBeNull();
    expect($(view, 'recall-export')).toBeNull();
  });

  it('marks lots, takes the counts from the station, closes only once none is open, and says what was done', async () => {
    signIn('manager');
    const events = stationEvents();
    let shown = detail('13812345678');
    // As the station does: the mark answers the lot; the `recall` event (emitted below) brings the new summary.
    const markRecallLot = (input: { lotId: string; progress: RecallLot['progress'] }) => {
      const marked = { ...shown.lots.find((l) => l.lotId === input.lotId)!, progress: input.progress, progressAt: AT, progressByName: '李经理' };
      const lots = shown.lots.map((l) => (l.lotId === marked.lotId ? marked : l));
      shown = { ...shown, lots, recall: { ...shown.recall, counts: countsOf(lots) } };
      return marked;
    };
    const view = await screen(
      station({
        getRecall: (input) => paged(shown)(input),
        markRecallLot,
        closeRecall: () => recall(1, { status: 'closed', closedAt: AT, closedByName: '李经理', counts: { ...COUNTS, open: 0, retrieved: 1, notRecoverable: 1 } }),
      }),
      { link: { screen: 'recall', recallId: ID(1) }, on: events.on },
    );
    const close = () => $(view, 'recall-close') as HTMLButtonElement;
    expect(close().disabled).toBe(true);
    expect($(view, 'recall-close-hint')!.textContent).toBe('还有 2 批待处理，处理完才能关闭');
    // Only open lots can be marked; nothing-left lots have no action.
    expect($$(view, 'recall-lot-retrieved').map((b) => b.closest('tr')!.dataset.code)).toEqual(['x:FJ001', 'S1-0003']);

    await click($($$(view, 'recall-lot')[0]!, 'recall-lot-retrieved'));
    // The row changes in place at once; the counts are the station's, not the rows'.
    expect($$(view, 'recall-lot')[0]!.dataset.progress).toBe('retrieved');
    expect($(view, 'recall-counts-open')!.textContent).toBe('待处理 2');
    await events.emit('recall', shown.recall);
    expect(called('markRecallLot')).toEqual([{ recallId: ID(1), lotId: ID(11), progress: 'retrieved' }]);
    expect($(view, 'recall-message')!.textContent).toBe('FJ001：已追回');
    expect($(view, 'recall-counts-open')!.textContent).toBe('待处理 1');
    expect($(view, 'recall-counts-retrieved')!.textContent).toBe('已追回 1');
    expect($$(view, 'recall-lot')[0]!.dataset.progress).toBe('retrieved');
    expect($($$(view, 'recall-lot')[0]!, 'recall-lot-progress')!.textContent).toContain('2026-12-05 09:15 · 李经理');
    expect(close().disabled).toBe(true);

    await click($($$(view, 'recall-lot')[2]!, 'recall-lot-not-recoverable'));
    await events.emit('recall', shown.recall);
    expect(called('markRecallLot')[1]).toEqual({ recallId: ID(1), lotId: ID(13), progress: 'notRecoverable' });
    expect(close().disabled).toBe(false);
    expect($(view, 'recall-close-hint')).toBeNull();

    // 撤销标记 puts a lot back to open.
    await click($($$(view, 'recall-lot')[2]!, 'recall-lot-reopen'));
    await events.emit('recall', shown.recall);
    expect(called('markRecallLot')[2]).toEqual({ recallId: ID(1), lotId: ID(13), progress: 'open' });
    expect(close().disabled).toBe(true);
    await click($($$(view, 'recall-lot')[2]!, 'recall-lot-not-recoverable'));
    await events.emit('recall', shown.recall);

    await click(close());
    expect(called('closeRecall')).toEqual([{ id: ID(1) }]);
    expect($(view, 'recall-status')!.textContent).toBe('已关闭');
    expect($(view, 'recall-message')!.textContent).toBe('召回已关闭');
    expect($(view, 'recall-lot-retrieved')).toBeNull();
    expect($(view, 'recall-close')).toBeNull();
    // Its lots stay recalled: a closed recall can still be lifted (the service takes open or closed).
    expect($(view, 'recall-lift')).not.toBeNull();
  });

  it('lifts only with a reason', async () => {
    signIn('manager');
    let shown = detail('13812345678');
    const view = await screen(
      station({
        getRecall: () => shown,
        liftRecall: (input) => {
          const lifted = recall(1, { status: 'lifted', liftedAt: AT, liftedByName: '李经理', liftReason: input.reason });
          shown = { ...shown, recall: lifted, lots: shown.lots.map((l) => ({ ...l, status: l.priorStatus })) };
          return lifted;
        },
      }),
      { link: { screen: 'recall', recallId: ID(1) } },
    );
    await click($(view, 'recall-lift'));
    await type($(view, 'recall-lift-reason'), '   ');
    await click($(view, 'recall-lift-submit'));
    expect($(view, 'recall-message')!.textContent).toBe('请填写解除原因');
    expect(called('liftRecall')).toHaveLength(0);

    await type($(view, 'recall-lift-reason'), '复检合格，监管撤回通知');
    await click($(view, 'recall-lift-submit'));
    expect(called('liftRecall')).toEqual([{ id: ID(1), reason: '复检合格，监管撤回通知' }]);
    expect($(view, 'recall-status')!.textContent).toBe('已解除');
    expect($(view, 'recall-lifted')!.textContent).toBe('2026-12-05 09:15 由 李经理 解除：复检合格，监管撤回通知');
    // The lots are read again: lifting gave them back their states.
    expect(called('getRecall')).toHaveLength(2);
    expect($$(view, 'recall-lot').map((r) => r.dataset.status)).toEqual(['admitted', 'admitted', 'admitted', 'admitted']);
  });

  it('shows a refused mark translated and leaves the row as it was', async () => {
    signIn('manager');
    const view = await screen(
      station({
        markRecallLot: () => {
          throw new ApiError('conflict', 'destroyed', { reason: 'alreadyDestroyed' });
        },
      }),
      { link: { screen: 'recall', recallId: ID(1) } },
    );
    await click($($$(view, 'recall-lot')[0]!, 'recall-lot-retrieved'));
    expect($(view, 'recall-message')!.dataset.kind).toBe('problem');
    expect($(view, 'recall-message')!.textContent).toBe('此批次已销毁');
    expect($$(view, 'recall-lot')[0]!.dataset.progress).toBe('open');
  });

  it('opens 销毁 on a lot to destroy it, and reads the recall again when a destruction changes its counts', async () => {
    signIn('manager');
    const events = stationEvents();
    const opened: ScreenLink[] = [];
    let shown = detail('13812345678');
    const view = await screen(station({ getRecall: () => shown }), { link: { screen: 'recall', recallId: ID(1) }, on: events.on, open: (l) => opened.push(l) });
    await click($($$(view, 'recall-lot')[0]!, 'recall-lot-dispose'));
    expect(opened).toEqual([{ screen: 'disposal', lot: 'FJ001' }]);

    await events.emit('lotStatus', { changes: [{ lotId: ID(13), status: 'destroyed' }], at: AT });
    expect($$(view, 'recall-lot')[2]!.dataset.status).toBe('destroyed');
    // The recall's summary changed (the rows shown are a page of it): they are read again, in one call.
    const counts = { ...COUNTS, open: 1, destroyed: 1 };
    shown = { ...shown, recall: recall(1, { counts }), lots: shown.lots.map((l) => (l.lotId === ID(13) ? { ...l, status: 'destroyed', progress: 'destroyed' } : l)) };
    await events.emit('recall', recall(1, { counts }));
    expect(called('getRecall')).toEqual([FIRST(ID(1)), FIRST(ID(1))]);
    expect($(view, 'recall-counts-destroyed')!.textContent).toBe('已销毁 1');
    expect($$(view, 'recall-lot')[2]!.dataset.progress).toBe('destroyed');
  });

  it('exports the notice list as XLSX or PDF through the export bar', async () => {
    signIn('manager');
    const view = await screen(
      station({
        exportRecall: (input) => ({ exportId: input.exportId, fileName: `召回通知-${input.format}.${input.format}`, path: '/tmp/x', bytes: 10 }),
        downloadExport: (input) => ({ fileName: input.fileName, content: 'AAAA', mimeType: 'application/pdf', bytes: 3 }),
      }),
      { link: { screen: 'recall', recallId: ID(1) } },
    );
    await click($(view, 'recall-export-pdf'));
    const [asked] = called('exportRecall');
    expect(asked).toEqual({ id: ID(1), format: 'pdf', exportId: expect.any(String) });
    expect(called('downloadExport')).toEqual([{ fileName: '召回通知-pdf.pdf' }]);
    expect($(view, 'recall-export-done')!.dataset.file).toBe('召回通知-pdf.pdf');
  });

  it('shows where the goods came from, with the certificate photo on demand', async () => {
    signIn('manager');
    const view = await screen(station({ getCertificatePhoto: () => ({ photo: 'data:image/jpeg;base64,AAAA', certificate: { id: ID(70), type: 'quarantine', number: 'JY-0088' } }) }), {
      link: { screen: 'recall', recallId: ID(1) },
    });
    const origin = $(view, 'recall-origin')!;
    expect($(origin, 'recall-origin-supplier')!.textContent).toBe('供应商：南安水产 · 统一社会信用代码 91350583MA2XXXXX1Q · 联系人 林先生');
    expect(origin.textContent).toContain('产地/出证机关：南安市动物卫生监督所');
    expect($(origin, 'recall-origin-certificate')!.textContent).toContain('动物检疫合格证明 JY-0088');
    expect($(origin, 'recall-origin-verdict')!.textContent).toBe('准入');
    expect($(origin, 'recall-origin-test')!.textContent).toBe('2026-12-05 09:15 孔雀石绿：阳性');
    await click($(origin, 'recall-origin-photo-toggle'));
    expect(called('getCertificatePhoto')).toEqual([{ lotId: ID(11), certificateId: ID(70) }]);
    expect($(origin, 'recall-origin-photo')!.getAttribute('src')).toBe('data:image/jpeg;base64,AAAA');
  });

  it('opens a code’s lot page over the recall', async () => {
    signIn('manager');
    const view = await screen(
      station({
        getLotDossier: () => {
          throw new ApiError('notFound', 'gone');
        },
      }),
      { link: { screen: 'recall', recallId: ID(1) } },
    );
    await click($($$(view, 'recall-lot')[1]!, 'recall-lot-open'));
    expect(called('getLotDossier')).toEqual([{ lotId: ID(12) }]);
    expect($(document.body, 'lot-page')!.dataset.lot).toBe(ID(12));
    expect($(view, 'recall-page')).not.toBeNull();
  });

  it('says a recall that cannot be read, and goes back to the list', async () => {
    signIn('manager');
    const view = await screen(
      station({
        getRecall: () => {
          throw new ApiError('notFound', 'no recall');
        },
      }),
      { link: { screen: 'recall', recallId: ID(9) } },
    );
    expect($(view, 'recall-page-problem')!.textContent).toBe('记录不存在');
    await click($(view, 'recall-back'));
    expect($(view, 'recall-screen')!.dataset.view).toBe('list');
    expect($$(view, 'recall-row')).toHaveLength(1);
  });
});
