import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import {
  ApiError,
  allows,
  contract,
  type Input,
  type MethodName,
  type Operator,
  type Output,
  type Session,
  type StationClient,
} from '../../../shared/contract';

const OPERATOR_KEY = 'station.operator';
type SignedInOperator = Session['operator'];

interface StationContextValue {
  client: StationClient;
  operator: SignedInOperator | null;
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

export function StationProvider({ client, storage = sessionStorage, children }: { client: StationClient; storage?: Storage; children: ReactNode }) {
  // The operator survives a reload; the server still decides: a `notSignedIn` answer drops it.
  const [operator, setOperator] = useState<SignedInOperator | null>(() => restoreOperator(storage));

  const forget = useCallback(() => {
    storage.removeItem(OPERATOR_KEY);
    setOperator(null);
  }, [storage]);

  const guarded = useMemo<StationClient>(
    () => ({
      async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
        try {
          return await client.call(method, input);
        } catch (e) {
          if (e instanceof ApiError && e.code === 'notSignedIn') forget();
          throw e;
        }
      },
      on: (event, handler) => client.on(event, handler),
    }),
    [client, forget],
  );

  const value = useMemo<StationContextValue>(
    () => ({
      client: guarded,
      operator,
      signedIn(session) {
        storage.setItem(OPERATOR_KEY, JSON.stringify(session.operator));
        setOperator(session.operator);
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
    [client, guarded, operator, forget, storage],
  );

  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}

export function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation outside StationProvider');
  return value;
}
