import { describe, expect, it } from 'vitest';
import { RequestId } from '../../../shared/contract';
import { createActionIds } from '../../../renderer/src/api/actionIds';

describe('request ids per user action', () => {
  it('sends the same id again for the same action until it is answered, then a new one', () => {
    const ids = createActionIds();
    const sale = { parentRaw: 'P1', quantity: 1.5, unit: 'kg' };
    const first = ids.for(sale);
    expect(RequestId.safeParse(first).success).toBe(true);
    // 出码 pressed again after no answer (a timeout): a retry, same id.
    expect(ids.for({ ...sale })).toBe(first);
    // Another portion is another action.
    const other = ids.for({ ...sale, quantity: 2 });
    expect(other).not.toBe(first);
    // Answered: the next sale, even of the same weight, is new.
    ids.done();
    expect(ids.for({ ...sale, quantity: 2 })).not.toBe(other);
  });
});
