import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES } from '../../../shared/contract';
import { BRIDGE_EVENTS, BRIDGE_METHODS, eventChannel, methodChannel } from '../../../electron/transport/channels';

describe('IPC channels', () => {
  it('the preload lists exactly the contract', () => {
    expect([...BRIDGE_METHODS].sort()).toEqual([...METHOD_NAMES].sort());
    expect([...BRIDGE_EVENTS].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('names one channel per method and event', () => {
    expect(methodChannel('signIn')).toBe('api:signIn');
    expect(eventChannel('alert')).toBe('event:alert');
    expect(new Set(METHOD_NAMES.map(methodChannel)).size).toBe(METHOD_NAMES.length);
  });
});
