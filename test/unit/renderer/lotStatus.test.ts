import { describe, expect, it } from 'vitest';
import { patchLotStatus } from '../../../renderer/src/components/lotStatus';

describe('lists patched from the lotStatus event', () => {
  const jobs = [
    { id: 'j1', lotId: 'A', lotStatus: 'admitted' as const },
    { id: 'j2', lotId: 'B', lotStatus: 'admitted' as const },
    { id: 'j3', lotId: 'A', lotStatus: 'admitted' as const },
  ];

  it('shows every row of a changed lot as it is now and leaves the others as they were', () => {
    const next = patchLotStatus(jobs, [{ lotId: 'A', status: 'destroyed' }], 'lotStatus');
    expect(next.map((j) => [j.id, j.lotStatus])).toEqual([
      ['j1', 'destroyed'],
      ['j2', 'admitted'],
      ['j3', 'destroyed'],
    ]);
    expect(next[1]).toBe(jobs[1]);
    expect(jobs[0]!.lotStatus).toBe('admitted');
  });

  it('works on the field a list names, such as an entry row’s status', () => {
    const entries = [{ entryId: 'e1', lotId: 'A', status: 'awaitingTest' as const }];
    expect(patchLotStatus(entries, [{ lotId: 'A', status: 'held' }], 'status')).toEqual([{ entryId: 'e1', lotId: 'A', status: 'held' }]);
    expect(patchLotStatus(entries, [{ lotId: 'A', status: 'awaitingTest' }], 'status')[0]).toBe(entries[0]);
  });
});
