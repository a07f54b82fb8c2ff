import { eq } from 'drizzle-orm';
import { ApiError, refused, type Operator } from '../../shared/contract';
import { pinWaitSeconds } from '../../shared/domain/pinRules';
import { isoLocal, type Clock } from '../core/clock';
import { appendAudit } from './audit/append';
import type { StationLog } from '../logging/logger';
import type { Orm } from '../store/open';
import { operators, pinFailures, pinUnlocks } from '../store/schema';
import { verifyPin } from './pin';
import type { SettingsService } from './settings';

type Row = typeof operators.$inferSelect;
/** Where a PIN was typed: signing in, as a disposal's witness, or confirming one's own act. */
export type PinKind = (typeof pinFailures.$inferInsert)['kind'];

/**
 * Limits PIN guessing per operator (DOMAIN: PINs are 4 digits). Wrong PINs in a row are counted
 * on the operator; from `delayAfterFailures` on, the next try waits (30 s, doubling), and at
 * `lockAfterFailures` the operator is locked until a manager or admin unlocks them. While waiting
 * or locked no PIN is even tried. Every wrong PIN is recorded. Checks of one operator run one at
 * a time, so twenty guesses sent at once are counted as twenty, not raced past the limit.
 */
export function createPinGuard(orm: Orm, clock: Clock, settings: SettingsService, log: StationLog) {
  const queues = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier check of this operator has finished. */
  function serial<T>(operatorId: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(operatorId) ?? Promise.resolve()).then(task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(operatorId, settled);
    void settled.then(() => {
      if (queues.get(operatorId) === settled) queues.delete(operatorId);
    });
    return run;
  }

  function refuseWhileBlocked(row: Row, kind: PinKind) {
    const refused = (reason: 'pinLocked' | 'pinWait') => log.warn({ event: 'pinRefused', operatorId: row.id, kind, reason }, 'PIN not tried: operator locked or waiting');
    if (row.pinLockedAt) {
      refused('pinLocked');
      throw new ApiError('pinLocked', 'locked after too many wrong PINs', { name: row.name });
    }
    const waitMs = (row.pinRetryAt ?? 0) - clock.now().getTime();
    if (waitMs > 0) {
      refused('pinWait');
      throw new ApiError('pinWait', 'too many wrong PINs: wait', { seconds: Math.ceil(waitMs / 1000) });
    }
  }

  /** Counts and records one wrong PIN, in one transaction; says what the operator faces now. */
  function fail(row: Row, kind: PinKind): never {
    const { delayAfterFailures, lockAfterFailures } = settings.get().pinGuard;
    const now = clock.now();
    const at = isoLocal(now);
    const failures = row.pinFailures + 1;
    const wait = pinWaitSeconds(failures, delayAfterFailures);
    const locked = failures >= lockAfterFailures;
    // Who and how often; never the PIN typed.
    log.warn({ event: locked ? 'pinLockout' : 'pinFailed', operatorId: row.id, kind, failures, waitSeconds: wait }, locked ? 'operator locked after wrong PINs' : 'wrong PIN');
    orm.transaction((tx) => {
      tx.insert(pinFailures).values({ id: clock.id(), operatorId: row.id, kind, at }).run();
      tx.update(operators)
        .set({ pinFailures: failures, pinRetryAt: wait ? now.getTime() + wait * 1000 : null, pinLockedAt: locked ? at : null })
        .where(eq(operators.id, row.id))
        .run();
      // Whoever typed it is unknown: the entry names the operator whose PIN was tried.
      appendAudit(orm, { at, by: null, action: locked ? 'pin.lock' : 'pin.fail', subject: { kind: 'operator', id: row.id }, after: { kind, failures, locked } });
    });
    if (locked) throw new ApiError('pinLocked', 'locked after too many wrong PINs', { name: row.name });
    if (wait) throw new ApiError('pinWait', 'too many wrong PINs: wait', { seconds: wait });
    throw new ApiError('badPin', 'wrong operator or PIN');
  }

  return {
    /**
     * The operator, if `pin` is theirs and they may use it now; otherwise `badPin` (unknown,
     * disabled or wrong: the same answer), `pinWait` or `pinLocked`.
     */
    check(operatorId: string, pin: string, kind: PinKind): Promise<Row> {
      return serial(operatorId, async () => {
        // Read inside the queue: the previous check may just have counted a failure.
        const row = orm.select().from(operators).where(eq(operators.id, operatorId)).get();
        if (!row || !row.active) {
          log.warn({ event: 'pinFailed', operatorId, kind, reason: row ? 'inactive' : 'unknownOperator' }, 'PIN for an unknown or disabled operator');
          throw new ApiError('badPin', 'wrong operator or PIN');
        }
        refuseWhileBlocked(row, kind);
        if (!(await verifyPin(pin, row.pinHash))) fail(row, kind);
        if (row.pinFailures > 0 || row.pinRetryAt !== null) {
          orm.update(operators).set({ pinFailures: 0, pinRetryAt: null }).where(eq(operators.id, row.id)).run();
        }
        return row;
      });
    },

    /** Opens a locked operator; the wrong PINs stay on record, the count starts again. */
    unlock(operatorId: string, by: Operator): Row {
      const unlocked = orm.transaction((tx) => {
        const row = tx.select().from(operators).where(eq(operators.id, operatorId)).get();
        if (!row) throw new ApiError('notFound', 'no such operator', { id: operatorId });
        if (!row.pinLockedAt) throw refused('conflict', 'not locked', 'notLocked', { name: row.name });
        tx.insert(pinUnlocks)
          .values({ id: clock.id(), operatorId, at: isoLocal(clock.now()), by: by.id })
          .run();
        tx.update(operators).set({ pinFailures: 0, pinRetryAt: null, pinLockedAt: null }).where(eq(operators.id, operatorId)).run();
        appendAudit(orm, {
          at: isoLocal(clock.now()),
          by,
          action: 'pin.unlock',
          subject: { kind: 'operator', id: operatorId },
          before: { lockedAt: row.pinLockedAt, failures: row.pinFailures },
          after: { lockedAt: null, failures: 0 },
        });
        return { ...row, pinFailures: 0, pinRetryAt: null, pinLockedAt: null };
      });
      log.info({ event: 'pinUnlocked', operatorId, by: by.id }, 'operator unlocked');
      return unlocked;
    },
  };
}
export type PinGuard = ReturnType<typeof createPinGuard>;
