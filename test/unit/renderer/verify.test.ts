import { describe, expect, it } from 'vitest';
import type { LabelCheck, LotStatus, LotView } from '../../../shared/contract';
import { ALERT_COLOURS, VERDICT_COLOURS } from '../../../renderer/src/feedback';
import { answerOf, TONE_COLOURS } from '../../../renderer/src/screens/verify/answer';

const ALERTS: LotStatus[] = ['held', 'rejected', 'recalled', 'destroyed'];
/** Only what answerOf reads of a lot view. */
const lotView = (status: LotStatus) => ({ lot: { status }, alert: ALERTS.includes(status) }) as unknown as LotView;

function check(patch: Partial<LabelCheck>): LabelCheck {
  return {
    source: 'label',
    valid: true,
    problem: null,
    code: '3050102000000000017',
    parentCode: null,
    quantity: 2.35,
    unit: 'kg',
    date: '2026-11-25',
    issuer: '鲤城农贸市场 2号摊',
    stall: null,
    stationName: '鲤城农贸市场 2号摊',
    url: null,
    stateKnown: true,
    view: lotView('admitted'),
    ...patch,
  };
}

describe('验码 answer', () => {
  it('leads a genuine label with the lot’s state: a destroyed lot is the red alarm, not 验证通过', () => {
    expect(answerOf(check({ view: lotView('destroyed') }))).toEqual({ headline: { kind: 'status', status: 'destroyed' }, tone: 'alert', cue: 'alert' });
    for (const status of ALERTS) expect(answerOf(check({ view: lotView(status) })).tone, status).toBe('alert');
    expect(TONE_COLOURS.alert).toEqual(ALERT_COLOURS);
  });

  it('admits green, waits amber for the routine test, and sold out is neither', () => {
    expect(answerOf(check({}))).toEqual({ headline: { kind: 'status', status: 'admitted' }, tone: 'admit', cue: 'admit' });
    expect(answerOf(check({ view: lotView('awaitingTest') }))).toEqual({ headline: { kind: 'status', status: 'awaitingTest' }, tone: 'hold', cue: 'hold' });
    expect(answerOf(check({ view: lotView('exhausted') })).tone).toBe('neutral');
    expect(TONE_COLOURS.hold).toEqual(VERDICT_COLOURS.hold);
  });

  it('calls a forged label invalid in red, unless its lot is stopped, which stays the alarm', () => {
    expect(answerOf(check({ valid: false, problem: 'badSignature' }))).toEqual({ headline: { kind: 'badLabel' }, tone: 'reject', cue: 'reject' });
    expect(answerOf(check({ valid: false, problem: 'malformed', code: null, view: null, stateKnown: false })).headline).toEqual({ kind: 'badLabel' });
    expect(answerOf(check({ valid: false, problem: 'badSignature', view: lotView('held') })).tone).toBe('alert');
  });

  it('says the state is unknown for another station’s lot, and keeps a known state behind an unknown key', () => {
    expect(answerOf(check({ view: null, stateKnown: false }))).toEqual({ headline: { kind: 'unknown' }, tone: 'neutral', cue: 'hold' });
    expect(answerOf(check({ valid: false, problem: 'unknownStation', view: null, stateKnown: false })).cue).toBe('error');
    expect(answerOf(check({ valid: false, problem: 'unknownStation' })).headline).toEqual({ kind: 'status', status: 'admitted' });
  });

  it('answers a plain code by its lot alone', () => {
    const plain = { source: 'code' as const, valid: false, quantity: null, unit: null, date: null, issuer: null, stationName: null };
    expect(answerOf(check({ ...plain, view: lotView('recalled') })).tone).toBe('alert');
    expect(answerOf(check({ ...plain }))).toMatchObject({ tone: 'admit' });
    expect(answerOf(check({ ...plain, view: null, stateKnown: false }))).toEqual({ headline: { kind: 'unknown' }, tone: 'neutral', cue: 'error' });
  });
});
