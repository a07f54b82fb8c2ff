import { describe, expect, it } from 'vitest';
import { LOT_STATUSES, type LotStatus } from '../../../shared/contract';
import { exitExceptionKind, exitRefusal, isSold, zoneMoveRefusal } from '../../../shared/domain/exit';

const STOPPED: LotStatus[] = ['held', 'rejected', 'recalled', 'destroyed'];

describe('exit gate rules', () => {
  it('a portion on sale or a lot sold out is sold; a gate lot on hand or waiting for its test is not', () => {
    expect(LOT_STATUSES.filter((status) => isSold({ status, isPortion: true }))).toEqual(['admitted', 'exhausted']);
    expect(LOT_STATUSES.filter((status) => isSold({ status, isPortion: false }))).toEqual(['exhausted']);
  });

  it('refuses stopped lots first, then one that left, then one not sold', () => {
    for (const status of STOPPED) {
      expect(exitRefusal({ status, isPortion: true, departed: false }), status).toBe('exitLotStopped');
      expect(exitRefusal({ status, isPortion: true, departed: true }), status).toBe('exitLotStopped');
    }
    expect(exitRefusal({ status: 'admitted', isPortion: true, departed: true })).toBe('exitAlreadyLeft');
    expect(exitRefusal({ status: 'admitted', isPortion: false, departed: false })).toBe('exitNotSold');
    expect(exitRefusal({ status: 'awaitingTest', isPortion: false, departed: false })).toBe('exitNotSold');
    expect(exitRefusal({ status: 'admitted', isPortion: true, departed: false })).toBeNull();
    expect(exitRefusal({ status: 'exhausted', isPortion: false, departed: false })).toBeNull();
  });

  it('an exception is for what may not leave as a sale', () => {
    expect(exitExceptionKind(null)).toBe('noCode');
    for (const status of STOPPED) expect(exitExceptionKind({ status, isPortion: false })).toBe('stopped');
    expect(exitExceptionKind({ status: 'admitted', isPortion: false })).toBe('unsold');
    expect(exitExceptionKind({ status: 'awaitingTest', isPortion: false })).toBe('unsold');
    expect(exitExceptionKind({ status: 'admitted', isPortion: true })).toBeNull();
    expect(exitExceptionKind({ status: 'exhausted', isPortion: false })).toBeNull();
  });
});

describe('zone moves', () => {
  it('only an admitted lot goes to trading; held and recalled are stopped; the rest have no place', () => {
    const to = (zone: 'trading' | 'storage') => Object.fromEntries(LOT_STATUSES.map((status) => [status, zoneMoveRefusal({ status, departed: false }, zone)]));
    expect(to('trading')).toEqual({
      admitted: null,
      awaitingTest: 'zoneNotMovable',
      held: 'zoneStopped',
      rejected: 'zoneNotMovable',
      recalled: 'zoneStopped',
      destroyed: 'zoneNotMovable',
      exhausted: 'zoneNotMovable',
    });
    expect(to('storage')).toEqual({ admitted: null, awaitingTest: null, held: null, rejected: 'zoneNotMovable', recalled: null, destroyed: 'zoneNotMovable', exhausted: 'zoneNotMovable' });
    expect(zoneMoveRefusal({ status: 'admitted', departed: true }, 'storage')).toBe('zoneLeft');
  });
});
