import { randomBytes } from 'node:crypto';
import type { Operator } from '../../shared/contract';

const IDLE_MS = 12 * 60 * 60 * 1000;

/** Signed-in operators, in memory only: a restart signs everyone out, which is intended. */
export function createSessions(now: () => number = Date.now) {
  const byId = new Map<string, { operator: Operator; lastSeen: number }>();
  return {
    open(operator: Operator): string {
      const id = randomBytes(24).toString('base64url');
      byId.set(id, { operator, lastSeen: now() });
      return id;
    },
    close(id: string | undefined) {
      if (id) byId.delete(id);
    },
    operatorFor(id: string | undefined): Operator | null {
      if (!id) return null;
      const s = byId.get(id);
      if (!s) return null;
      if (now() - s.lastSeen > IDLE_MS) {
        byId.delete(id);
        return null;
      }
      s.lastSeen = now();
      return s.operator;
    },
    /** Ends every session of an operator (disabled, or a new PIN), except `keep` (the caller's own). */
    endFor(operatorId: string, keep?: string) {
      for (const [id, s] of byId) if (s.operator.id === operatorId && id !== keep) byId.delete(id);
    },
    /** An edited operator (role, stall, name) counts in their open sessions from the next call on. */
    refresh(operator: Operator) {
      for (const s of byId.values()) if (s.operator.id === operator.id) s.operator = operator;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
