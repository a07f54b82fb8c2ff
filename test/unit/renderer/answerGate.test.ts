import { describe, expect, it } from 'vitest';
import { createAnswerGate } from '../../../renderer/src/components/answerGate';

type Rows = Record<string, string>;
const set = (id: string, state: string) => (rows: Rows) => (id in rows ? { ...rows, [id]: state } : rows);

describe('answer gate: the newest answer, with the events that came while it was on its way', () => {
  it('drops an answer to an older call, whichever order they come in', () => {
    const gate = createAnswerGate<Rows>();
    const first = gate.begin();
    const second = gate.begin();
    expect(gate.settle(second, { L1: 'held' })).toEqual({ L1: 'held' });
    expect(gate.settle(first, { L1: 'admitted' })).toBeNull();
  });

  it('replays, in order, the events noted since the newest call went out; none before it, none after its answer', () => {
    const gate = createAnswerGate<Rows>();
    gate.note(set('L1', 'recalled')); // nothing on its way: not kept
    const call = gate.begin();
    gate.note(set('L1', 'held'));
    gate.note(set('L1', 'destroyed'));
    gate.note(set('L9', 'held')); // a lot this answer does not have
    expect(gate.settle(call, { L1: 'admitted', L2: 'admitted' })).toEqual({ L1: 'destroyed', L2: 'admitted' });
    gate.note(set('L2', 'held'));
    const next = gate.begin();
    expect(gate.settle(next, { L1: 'destroyed', L2: 'admitted' })).toEqual({ L1: 'destroyed', L2: 'admitted' });
  });

  it('a failure counts only for the newest call, and ends its replay', () => {
    const gate = createAnswerGate<Rows>();
    const old = gate.begin();
    const call = gate.begin();
    expect(gate.fail(old)).toBe(false);
    gate.note(set('L1', 'held'));
    expect(gate.fail(call)).toBe(true);
    const again = gate.begin();
    expect(gate.settle(again, { L1: 'admitted' })).toEqual({ L1: 'admitted' });
  });
});
