import { applyStagedRestore } from '../services/backup/restore';
import { checkStoreHealth, isDamageError } from '../services/backup/health';
import { createRecoveryCore } from './recovery';
import type { CoreOptions } from './startOptions';
import type { Core, EventListener } from './types';

/** What a station core may ask of the process around it. */
export interface StationHooks {
  /** Close this core and open the station again (a staged restore is applied in between). Answers already sent stand. */
  restart(): void;
}

export type OpenCore = (options: CoreOptions, hooks: StationHooks) => Promise<Core>;

/**
 * The core the transports hold, for the life of the process: it opens the station (first applying
 * a staged restore, then checking the database file), and can close and reopen it in place — a
 * restore replaces the database file while the window and the loopback server stay. Calls that
 * arrive during the swap wait for it; sessions end with the old core. A database that fails the
 * check opens the recovery core instead of crashing or running on a broken file.
 */
export async function createRestartableCore(options: CoreOptions, open: OpenCore): Promise<Core> {
  const listeners = new Set<EventListener>();
  const forward: EventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  let unsubscribe = () => undefined as unknown;
  let swapping: Promise<void> | null = null;
  let closed = false;
  const now = () => (options.now ?? (() => new Date()))();

  const hooks: StationHooks = {
    restart() {
      if (swapping || closed) return;
      // Set at once, so the next call already waits; the close runs after the current answer is sent.
      swapping = new Promise<void>((resolve) => setImmediate(resolve))
        .then(async () => {
          unsubscribe();
          await current.close();
          current = await openOnce();
          unsubscribe = current.onEvent(forward);
        })
        .finally(() => {
          swapping = null;
        });
    },
  };

  async function openOnce(): Promise<Core> {
    applyStagedRestore(options.dataDir, now());
    const health = checkStoreHealth(options.dataDir);
    if (!health.ok) return createRecoveryCore(options, health.problems, hooks.restart);
    try {
      return await open(options, hooks);
    } catch (e) {
      // Damage quick_check cannot see (an index whose pages read fine) surfaces when migrations or services read it.
      if (isDamageError(e)) return createRecoveryCore(options, [e instanceof Error ? e.message : String(e)], hooks.restart);
      throw e;
    }
  }

  let current = await openOnce();
  unsubscribe = current.onEvent(forward);

  return {
    async dispatch(name, input, ctx) {
      if (swapping) await swapping;
      return current.dispatch(name, input, ctx);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (swapping) await swapping;
      await current.close();
    },
  };
}
