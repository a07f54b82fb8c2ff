// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useApiAction, type ApiAction } from '../../../renderer/src/components/useApiAction';
import { playCue } from '../../../renderer/src/feedback';

vi.mock('../../../renderer/src/feedback', () => ({ playCue: vi.fn() }));

// React warns unless told this is a test environment that wraps updates in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  vi.mocked(playCue).mockClear();
});

/** The hook as a screen holds it: `current` is what the last render saw. */
async function mount(cue?: boolean) {
  const seen: { current: ApiAction } = { current: undefined as unknown as ApiAction };
  function Probe() {
    seen.current = useApiAction((error) => `refused: ${(error as Error).message}`, { cue });
    return null;
  }
  root = createRoot(document.createElement('div'));
  await act(async () => root!.render(<Probe />));
  return seen;
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useApiAction', () => {
  it('is busy while the call runs and drops a second run meanwhile', async () => {
    const hook = await mount();
    const call = deferred();
    const second = vi.fn(async () => {});
    let first!: Promise<boolean>;
    await act(async () => {
      first = hook.current.run(() => call.promise);
    });
    expect(hook.current.busy).toBe(true);
    await act(async () => expect(await hook.current.run(second)).toBe(false));
    expect(second).not.toHaveBeenCalled();
    await act(async () => {
      call.resolve();
      expect(await first).toBe(true);
    });
    expect(hook.current.busy).toBe(false);
    await act(async () => expect(await hook.current.run(second)).toBe(true));
    expect(second).toHaveBeenCalledOnce();
  });

  it('puts a refusal in words, clears it on the next run, and frees itself after a refusal', async () => {
    const hook = await mount();
    await act(async () => expect(await hook.current.run(() => Promise.reject(new Error('badPin')))).toBe(false));
    expect(hook.current).toMatchObject({ busy: false, problem: 'refused: badPin', notice: { kind: 'problem', text: 'refused: badPin' } });
    const call = deferred();
    let next!: Promise<boolean>;
    await act(async () => {
      next = hook.current.run(() => call.promise);
    });
    expect(hook.current.problem).toBe('');
    await act(async () => {
      call.resolve();
      await next;
    });
    expect(hook.current.notice).toBeNull();
  });

  it("takes the caller's own words for a refusal, and '' for none at all", async () => {
    const hook = await mount(true);
    const seen: unknown[] = [];
    await act(async () => {
      await hook.current.run(
        () => Promise.reject(new Error('usccTaken')),
        (error) => {
          seen.push(error);
          return 'on file already';
        },
      );
    });
    expect(hook.current.problem).toBe('on file already');
    expect((seen[0] as Error).message).toBe('usccTaken');
    await act(
      async () =>
        void (await hook.current.run(
          () => Promise.reject(new Error('x')),
          async () => '',
        )),
    );
    expect(hook.current.notice).toBeNull();
    // Only the refusal shown beeped.
    expect(playCue).toHaveBeenCalledTimes(1);
  });

  it('beeps for a refusal or a check only where the screen has cues, unless told to keep quiet', async () => {
    const quiet = await mount(false);
    await act(async () => void (await quiet.current.run(() => Promise.reject(new Error('x')))));
    act(() => quiet.current.fail('name required'));
    expect(playCue).not.toHaveBeenCalled();
    act(() => root?.unmount());

    const loud = await mount(true);
    await act(async () => void (await loud.current.run(() => Promise.reject(new Error('x')))));
    act(() => loud.current.fail('name required'));
    act(() => loud.current.fail('list not loaded', { cue: false }));
    expect(vi.mocked(playCue).mock.calls).toEqual([['error'], ['error']]);
    expect(loud.current.problem).toBe('list not loaded');
  });

  it('says a success in green, which the next problem replaces', async () => {
    const hook = await mount();
    await act(async () => void (await hook.current.run(async () => hook.current.succeed('queued'))));
    expect(hook.current).toMatchObject({ notice: { kind: 'ok', text: 'queued' }, problem: '' });
    act(() => hook.current.fail('no printer'));
    expect(hook.current.notice).toEqual({ kind: 'problem', text: 'no printer' });
    act(() => hook.current.clear());
    expect(hook.current.notice).toBeNull();
  });
});
