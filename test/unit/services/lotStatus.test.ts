import { describe, expect, it } from 'vitest';
import { LOT_STATUSES } from '../../../shared/contract';
import { AFTER_VERDICT, isAlertStatus } from '../../../electron/services/lotStatus';

describe('lot status rules', () => {
  it('puts an admitted lot in trading, a held one in 待检区 and a rejected one nowhere', () => {
    expect(AFTER_VERDICT).toEqual({
      admit: { status: 'admitted', zone: 'trading' },
      hold: { status: 'awaitingTest', zone: 'awaitingTest' },
      reject: { status: 'rejected', zone: 'none' },
    });
  });

  it('raises the red alert for held, rejected, recalled and destroyed lots only', () => {
    expect(LOT_STATUSES.filter(isAlertStatus)).toEqual(['held', 'rejected', 'recalled', 'destroyed']);
    // Waiting for a routine test and sold out are where such lots should be: no alarm.
    expect([isAlertStatus('admitted'), isAlertStatus('awaitingTest'), isAlertStatus('exhausted')]).toEqual([false, false, false]);
  });
});
