import { applyStagedRestore } from '../services/backup/restore';
import { checkPages, checkStoreFile, isDamageError } from '../services/backup/health';
import { forgetPageCheck, pageCheckDue, recordPageCheck } from '../services/backup/pageCheckRecord';
import { createRecoveryCore } from './recovery';
import type { CoreOptions } from './startOptions';
import type { Core, EventListener } from './types';

/** What a station core may ask of the process around it. */
export interface StationHooks {
  /** Close this core and open the station again (a staged restore is applied in between). Answers already sent stand. */
  restart(): void;
}

export type OpenCore = (options: CoreOptions, hooks: StationHooks) => Promise<Core>;

/** The outcome of the page check of the database the station runs on now. */
export type PageCheck = 'ok' | 'damaged' | 'notRun' | 'failed';

/**
 * The core the transports hold, for the life of the process: it opens the station (first applying
 * a staged restore, then checking the database file), and can close and reopen it in place — a
 * restore replaces the database file while the window and the loopback server stay. Calls that
 * arrive during the swap wait for it; sessions end with the old core.
 *
 * A damaged database never runs silently: a file that fails the cheap check before opening opens
 * the recovery core instead; the full page check (quick_check) then runs on a worker beside the
 * counter, and if it finds damage the station closes its database and switches to recovery too.
 */
export async function createRestartableCore(options: CoreOptions, open: OpenCore, log: (message: string) => void = console.error): Promise<Core> {
  const listeners = new Set<EventListener>();
  const forward: EventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  let unsubscribe = () => undefined as unknown;
  let swapping: Promise<void> | null = null;
  let closed = false;
  let pageCheck: Promise<PageCheck> = Promise.resolve('notRun');
  const now = () => (options.now ?? (() => new Date()))();

  /** Replaces the running core by what `next` opens; calls made meanwhile wait. */
  function swap(next: () => Promise<Core>) {
    if (swapping || closed) return;
    // Set at once, so the next call already waits; the close runs after the current answer is sent.
    swapping = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        unsubscribe();
        await current.close();
        current = await next();
        unsubscribe = current.onEvent(forward);
      })
      .finally(() => {
        swapping = null;
      });
  }

  const recovery = (problems: string[]) => {
    log(`数据库文件损坏，本站进入恢复状态 / database damaged, recovery state: ${problems.slice(0, 3).join('; ')}`);
    return createRecoveryCore(options, problems, hooks.restart);
  };

  // The page check's connection closes first: Windows cannot rename a file that is open.
  const hooks: StationHooks = { restart: () => swap(() => pageCheck.then(openOnce)) };

  async function openOnce(): Promise<Core> {
    if (applyStagedRestore(options.dataDir, now()) !== undefined) forgetPageCheck(options.dataDir);
    const file = checkStoreFile(options.dataDir);
    if (!file.ok) return recovery(file.problems);
    let core: Core;
    try {
      core = await open(options, hooks);
    } catch (e) {
      // Damage the cheap check cannot see, met by migrations or a service's first read.
      if (isDamageError(e)) return recovery([e instanceof Error ? e.message : String(e)]);
      throw e;
    }
    if (options.pageCheck === false || !pageCheckDue(options.dataDir, new Date())) return core;
    pageCheck = checkPages(options.dataDir).then(
      async (health): Promise<PageCheck> => {
        if (health.ok) {
          recordPageCheck(options.dataDir, new Date());
          return 'ok';
        }
        // Already closing (a restore under way, or the end): that swap goes on; it waited for this check.
        if (current !== core || closed || swapping) return 'damaged';
        swap(() => Promise.resolve(recovery(health.problems)));
        await swapping;
        return 'damaged';
      },
      (e: unknown): PageCheck => {
        log(`quick_check could not run: ${e instanceof Error ? e.message : String(e)}`);
        return 'failed';
      },
    );
    return core;
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
    pageCheck: () => pageCheck,
    async close() {
      closed = true;
      if (swapping) await swapping;
      await current.close();
    },
  };
}
