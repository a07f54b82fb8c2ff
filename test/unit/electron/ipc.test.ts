import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type EventName } from '../../../shared/contract';
import type { CallContext, Envelope } from '../../../electron/core/dispatch';
import type { Core, EventListener } from '../../../electron/core/types';
import { registerIpc } from '../../../electron/transport/ipc';

const APP = 'file:///app/out/renderer/index.html';
type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<Envelope>;

class FakeWebContents extends EventEmitter {
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  let nextSession = 0;
  const calls: { name: string; input: unknown; ctx: CallContext }[] = [];
  let listener: EventListener | undefined;
  const core: Core = {
    dispatch: vi.fn(async (name: string, input: unknown, ctx: CallContext = {}): Promise<Envelope> => {
      calls.push({ name, input, ctx });
      if (name === 'signIn' || name === 'setupAdmin') return { ok: true, value: { sessionId: `s${++nextSession}`, operator: {} } };
      if (name === 'lookupCode') return { ok: false, error: { code: 'badRequest', message: 'bad' } };
      return { ok: true, value: { ok: true } };
    }),
    onEvent: (l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    close: async () => {},
  };
  const broadcast = vi.fn();
  const dispose = registerIpc(ipcMain, core, { broadcast, isTrustedSender: (url) => url === APP });
  const call = (sender: FakeWebContents, name: string, payload: unknown = {}, url = APP) => handlers.get(`api:${name}`)!({ sender, senderFrame: { url } } as unknown as IpcMainInvokeEvent, payload);
  const emit = (event: string, payload: unknown) => listener?.(event as EventName, payload as never);
  return { handlers, calls, call, broadcast, emit, dispose, hasListener: () => !!listener };
}

describe('registerIpc', () => {
  it('registers one api:<method> handler per contract method and nothing else', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map((n) => `api:${n}`).sort());
  });

  it('returns the envelope as data, errors included', async () => {
    const { call } = setup();
    const w = new FakeWebContents(1);
    expect(await call(w, 'lookupCode', { raw: '' })).toEqual({ ok: false, error: { code: 'badRequest', message: 'bad' } });
  });

  it('keeps the session per window from sign-in to sign-out', async () => {
    const { call, calls } = setup();
    const a = new FakeWebContents(1);
    const b = new FakeWebContents(2);
    await call(a, 'signIn', { operatorId: 'x', pin: '1234' });
    await call(a, 'listSubjects');
    await call(b, 'listSubjects');
    await call(a, 'signOut');
    await call(a, 'listSubjects');
    expect(calls.map((c) => [c.name, c.ctx.sessionId])).toEqual([
      ['signIn', undefined],
      ['listSubjects', 's1'],
      ['listSubjects', undefined],
      ['signOut', 's1'],
      ['listSubjects', undefined],
    ]);
  });

  it('ends the previous session when a window signs in again, and the session when it closes', async () => {
    const { call, calls } = setup();
    const w = new FakeWebContents(1);
    await call(w, 'setupAdmin', { name: 'A', pin: '1234' });
    await call(w, 'signIn', { operatorId: 'x', pin: '1234' });
    expect(calls.at(-1)).toMatchObject({ name: 'signOut', ctx: { sessionId: 's1' } });
    w.destroy();
    expect(calls.at(-1)).toMatchObject({ name: 'signOut', ctx: { sessionId: 's2' } });
    expect(w.listenerCount('destroyed')).toBe(0);
  });

  it('refuses frames other than the app page', async () => {
    const { call, calls } = setup();
    const envelope = await call(new FakeWebContents(1), 'setupStatus', {}, 'https://evil.example/');
    expect(envelope).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('broadcasts contract events only, and disposes cleanly', () => {
    const { emit, broadcast, dispose, handlers, hasListener } = setup();
    emit('alert', { codeKey: 'k' });
    emit('notAnEvent', {});
    expect(broadcast.mock.calls).toEqual([['event:alert', { codeKey: 'k' }]]);
    dispose();
    expect(handlers.size).toBe(0);
    expect(hasListener()).toBe(false);
  });
});
