import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, allows, contract, type Input, type MethodName, type Operator, type Output, type Session, type StationClient } from '../../../shared/contract';

const OPERATOR_KEY = 'station.operator';
const IDLE_KEY = 'station.idleMinutes';
type SignedInOperator = Session['operator'];

/** Why the last session ended without a sign-out (idle, disabled, new PIN): the sign-in screen says so. */
export interface SessionEnd {
  reason: string;
  minutes?: number;
}

interface StationContextValue {
  client: StationClient;
  operator: SignedInOperator | null;
  /** Why the station signed this counter out; null after a sign-out by hand or a sign-in. */
  sessionEnd: SessionEnd | null;
  signedIn(session: Session): void;
  signOut(): Promise<void>;
  /** Whether the signed-in role may call a method: screens hide what it cannot. */
  can(method: MethodName): boolean;
}

const StationContext = createContext<StationContextValue | null>(null);

function restoreOperator(storage: Storage): Operator | null {
  try {
    const raw = storage.getItem(OPERATOR_KEY);
    return raw ? (JSON.parse(raw) as Operator) : null;
  } catch {
    return null;
  }
}

// How often the counter checks whether it has been idle too long.
const IDLE_CHECK_MS = 15_000;

function endOf(error: ApiError): SessionEnd {
  const reason = error.params?.reason;
  // No reason: the station no longer knows the session (it restarted, or ended it long ago).
  if (typeof reason !== 'string') return { reason: 'other' };
  const minutes = error.params?.minutes;
  return typeof minutes === 'number' ? { reason, minutes } : { reason };
}

export function StationProvider({ client, storage = sessionStorage, children }: { client: StationClient; storage?: Storage; children: ReactNode }) {
  // The operator survives a reload; the server still decides: a `notSignedIn` answer drops it.
  const [operator, setOperator] = useState<SignedInOperator | null>(() => restoreOperator(storage));
  const [sessionEnd, setSessionEnd] = useState<SessionEnd | null>(null);
  const lastCall = useRef(Date.now());

  const forget = useCallback(
    (why: SessionEnd | null = null) => {
      storage.removeItem(OPERATOR_KEY);
      storage.removeItem(IDLE_KEY);
      setOperator(null);
      setSessionEnd(why);
    },
    [storage],
  );

  const guarded = useMemo<StationClient>(
    () => ({
      async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
        lastCall.current = Date.now();
        try {
          return await client.call(method, input);
        } catch (e) {
          // A damaged database ends every session: the first screen then shows the recovery.
          if (e instanceof ApiError && (e.code === 'notSignedIn' || e.code === 'storeDamaged')) forget(endOf(e));
          throw e;
        }
      },
      on: (event, handler) => client.on(event, handler),
    }),
    [client, forget],
  );

  // The station ends a session idle for its minutes (on its own clock); the counter goes back to
  // sign-in then too, rather than showing the last operator to whoever walks up.
  useEffect(() => {
    const minutes = Number(storage.getItem(IDLE_KEY));
    if (!operator || !(minutes > 0)) return;
    lastCall.current = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - lastCall.current <= minutes * 60_000) return;
      client.call('signOut', {}).catch(() => {
        // Already ended at the station: nothing to undo.
      });
      forget({ reason: 'sessionIdle', minutes });
    }, IDLE_CHECK_MS);
    return () => clearInterval(timer);
  }, [operator, client, forget, storage]);

  const value = useMemo<StationContextValue>(
    () => ({
      client: guarded,
      operator,
      sessionEnd,
      signedIn(session) {
        storage.setItem(OPERATOR_KEY, JSON.stringify(session.operator));
        storage.setItem(IDLE_KEY, String(session.idleMinutes));
        setOperator(session.operator);
        setSessionEnd(null);
      },
      async signOut() {
        try {
          await client.call('signOut', {});
        } catch {
          // Signing out locally must work even when the server is gone or the session expired.
        } finally {
          forget();
        }
      },
      can: (method) => allows(contract[method].access, operator?.role ?? null),
    }),
    [client, guarded, operator, sessionEnd, forget, storage],
  );

  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}

export function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation outside StationProvider');
  return value;
}
