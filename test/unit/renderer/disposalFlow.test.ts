import { describe, expect, it } from 'vitest';
import type { Disposal, LotView } from '../../../shared/contract';
import { checkDetails, disposalReducer, disposeInput, START, stepsShown, type Action, type Person, type Shredding, type Step } from '../../../renderer/src/screens/disposal/disposalFlow';

// Only what the flow reads of a lot view.
const lotView = (status: string, remaining = 35, quantity = 40) => ({ lot: { status, unit: 'kg', quantity }, remaining }) as unknown as LotView;
const WITNESS = { id: '01JZ00000000000000000000W1', name: '张经理', role: 'manager' } as Person;
const SHREDDING: Shredding = { id: '01JZ00000000000000000000S1', startedAt: 1_000, weighedKg: null, scaleId: null };
const RESULT = { id: '01JZ00000000000000000000D1', method: 'other' } as Disposal;

const play = (actions: Action[], from: Step = START) => actions.reduce(disposalReducer, from);
const kindOf = (actions: Action[], from?: Step) => play(actions, from).kind;

const scanned: Action[] = [
  { type: 'lotRead', raw: 'RAW-1', view: lotView('held') },
  { type: 'treeRead', raw: 'RAW-1', descendants: ['C1', 'C2'] },
];
const toOperator: Action[] = [
  ...scanned,
  { type: 'detailsDone', quantity: 35 },
  { type: 'photoTaken', photo: 'data:image/jpeg;base64,AAAA' },
  { type: 'shreddingStarted', shredding: SHREDDING },
  { type: 'next' },
  { type: 'next' },
];
const toConfirm: Action[] = [
  ...toOperator,
  { type: 'pinTyped', pin: '3579' },
  { type: 'pinAccepted' },
  { type: 'witnessPicked', witness: WITNESS },
  { type: 'pinTyped', pin: '2468' },
  { type: 'pinAccepted' },
];

describe('the disposal flow', () => {
  it('walks scan → details → photo → shredding → photo → operator → witness → confirm → result', () => {
    const kinds = toConfirm.map((_, i) => kindOf(toConfirm.slice(0, i + 1)));
    expect(kinds).toEqual(['details', 'details', 'photoBefore', 'photoBefore', 'shredding', 'photoAfter', 'operator', 'operator', 'witness', 'witness', 'witness', 'confirm']);
    expect(kindOf([...toConfirm, { type: 'disposed', result: RESULT }])).toBe('result');
  });

  it('sends everything the steps gathered with 确认销毁', () => {
    const confirm = play([...scanned, { type: 'detailsChanged', patch: { reason: 'expired', reasonText: '  过期  ', methodText: ' ' } }, ...toConfirm.slice(2)]);
    if (confirm.kind !== 'confirm') throw new Error(confirm.kind);
    expect(disposeInput(confirm)).toEqual({
      raw: 'RAW-1',
      quantity: 35,
      unit: 'kg',
      reason: 'expired',
      reasonText: '过期',
      method: 'shredding',
      operatorPin: '3579',
      witnessId: WITNESS.id,
      witnessPin: '2468',
      shreddingId: SHREDDING.id,
      photoBefore: 'data:image/jpeg;base64,AAAA',
    });
  });

  it('records the weight startShredding spent, with its scale, over the typed quantity', () => {
    const weighed: Shredding = { ...SHREDDING, weighedKg: 34.85, scaleId: '01JZ00000000000000000000K1' };
    const actions = toConfirm.map((a) => (a.type === 'shreddingStarted' ? { ...a, shredding: weighed } : a));
    const confirm = play(actions);
    if (confirm.kind !== 'confirm') throw new Error(confirm.kind);
    expect(disposeInput(confirm)).toMatchObject({ quantity: 34.85, scaleId: weighed.scaleId });
  });

  it('skips the shredding step for another method, and does not list it', () => {
    const details = play([...scanned, { type: 'detailsChanged', patch: { method: 'other', methodText: '深埋' } }]);
    expect(stepsShown(details)).toEqual(['scan', 'details', 'photoBefore', 'photoAfter', 'operator', 'witness', 'confirm']);
    expect(stepsShown(START)).toContain('shredding');
    expect(
      kindOf(
        [
          { type: 'detailsDone', quantity: 35 },
          { type: 'shreddingStarted', shredding: SHREDDING },
        ],
        details,
      ),
    ).toBe('photoAfter');
    expect(stepsShown(play([...toConfirm, { type: 'disposed', result: RESULT }]))).not.toContain('shredding');
  });

  it('proposes what is left of the lot, else its whole quantity', () => {
    const left = play([{ type: 'lotRead', raw: 'R', view: lotView('held', 12.5) }]);
    const none = play([{ type: 'lotRead', raw: 'R', view: lotView('held', 0, 40) }]);
    expect(left.kind === 'details' && left.details.quantity).toBe('12.5');
    expect(none.kind === 'details' && none.details.quantity).toBe('40');
  });

  it('refuses a destroyed lot on the scan step, even after another lot was read', () => {
    expect(play([{ type: 'lotRead', raw: 'R', view: lotView('destroyed') }])).toEqual(START);
    expect(play([...scanned, { type: 'lotRead', raw: 'R2', view: lotView('destroyed') }])).toEqual(START);
  });

  it('replaces the lot on a rescan during the details, keeping reason and method, and waits for its tree', () => {
    const rescanned = play([
      ...scanned,
      { type: 'detailsChanged', patch: { reason: 'spoiled', method: 'other', methodText: '深埋', quantity: '3' } },
      { type: 'lotRead', raw: 'RAW-2', view: lotView('admitted', 8) },
    ]);
    expect(rescanned).toMatchObject({ kind: 'details', lot: { raw: 'RAW-2', descendants: null }, details: { quantity: '8', reason: 'spoiled', method: 'other', methodText: '深埋' } });
    // The first lot's tree, arriving late, is not the new lot's.
    expect(disposalReducer(rescanned, { type: 'treeRead', raw: 'RAW-1', descendants: ['C1'] })).toBe(rescanned);
  });

  it('takes no lot once past the details', () => {
    const photo = play([...scanned, { type: 'detailsDone', quantity: 35 }]);
    expect(disposalReducer(photo, { type: 'lotRead', raw: 'RAW-2', view: lotView('held') })).toBe(photo);
  });

  it('clears a refused PIN and stays on that pad; 返回 leaves the pad', () => {
    const operator = play([...toOperator, { type: 'pinTyped', pin: '9999' }, { type: 'pinRefused' }]);
    expect(operator).toMatchObject({ kind: 'operator', operatorPin: '' });
    expect(kindOf([{ type: 'back' }], operator)).toBe('photoAfter');
    const witness = play([...toConfirm.slice(0, -2), { type: 'pinTyped', pin: '0000' }, { type: 'pinRefused' }]);
    expect(witness).toMatchObject({ kind: 'witness', witness: WITNESS, witnessPin: '', operatorPin: '3579' });
    expect(disposalReducer(witness, { type: 'back' })).toMatchObject({ kind: 'witness', witness: null, witnessPin: '' });
  });

  it('sends a PIN refused at 确认销毁 back to that person, keeping the rest of the work', () => {
    const confirm = play(toConfirm);
    expect(disposalReducer(confirm, { type: 'disposeRefused', reason: 'operatorPin' })).toMatchObject({ kind: 'operator', operatorPin: '', photoBefore: 'data:image/jpeg;base64,AAAA' });
    for (const reason of ['witnessPin', 'witnessNotAllowed', 'witnessSameAsOperator']) {
      expect(disposalReducer(confirm, { type: 'disposeRefused', reason })).toMatchObject({ kind: 'witness', witness: null, witnessPin: '', operatorPin: '3579' });
    }
    expect(disposalReducer(confirm, { type: 'disposeRefused', reason: 'noFont' })).toBe(confirm);
  });

  it('starts over from any step', () => {
    expect(play([...toConfirm, { type: 'restart' }])).toEqual(START);
  });
});

describe('checkDetails', () => {
  const details = { quantity: '35', reason: 'testFailed', reasonText: '', method: 'shredding', methodText: '' } as const;
  const typed = { following: false, weighed: null };

  it('takes the typed quantity when not weighing, the stable weight when following the scale', () => {
    expect(checkDetails(details, typed)).toEqual({ ok: true, quantity: 35 });
    expect(checkDetails(details, { following: true, weighed: { scaleId: 'S', kg: 34.85 } })).toEqual({ ok: true, quantity: 34.85 });
  });

  it('refuses an unstable scale, a quantity that is not positive, and another method left unnamed', () => {
    expect(checkDetails(details, { following: true, weighed: null })).toEqual({ ok: false, problem: 'notWeighed' });
    for (const quantity of ['0', '-1', 'abc', '']) expect(checkDetails({ ...details, quantity }, typed), quantity).toEqual({ ok: false, problem: 'quantity' });
    expect(checkDetails({ ...details, method: 'other', methodText: '  ' }, typed)).toEqual({ ok: false, problem: 'methodText' });
    expect(checkDetails({ ...details, method: 'other', methodText: '深埋' }, typed)).toEqual({ ok: true, quantity: 35 });
  });
});
