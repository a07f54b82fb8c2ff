import { randomBytes } from 'node:crypto';
import type { Operator } from '../../shared/contract';

/** Why a session the client still holds has ended: the renderer says so at the sign-in screen. */
export type SessionEnd = { reason: 'sessionIdle'; minutes: number } | { reason: 'operatorDisabled' } | { reason: 'pinChanged' };

// Why-ended notes are kept only to be told once; a flood of ended sessions cannot grow memory.
const MAX_ENDED = 1000;

/**
 * Signed-in operators, in memory only: a restart signs everyone out, which is intended. A session
 * unused for `idleMinutes()` (the setting at the time of the call) ends on its next use.
 */
export function createSessions(now: () => number = Date.now, idleMinutes: () => number = () => 30) {
  const byId = new Map<string, { operator: Operator; lastSeen: number }>();
  const ended = new Map<string, SessionEnd>();

  function end(id: string, why: SessionEnd) {
    byId.delete(id);
    ended.set(id, why);
    if (ended.size > MAX_ENDED) ended.delete(ended.keys().next().value!);
  }

  return {
    idleMinutes,
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
      const minutes = idleMinutes();
      if (now() - s.lastSeen > minutes * 60_000) {
        end(id, { reason: 'sessionIdle', minutes });
        return null;
      }
      s.lastSeen = now();
      return s.operator;
    },
    /** Why this session ended, told once; null for one never known (a restart, a sign-out). */
    endedWhy(id: string | undefined): SessionEnd | null {
      if (!id) return null;
      const why = ended.get(id) ?? null;
      ended.delete(id);
      return why;
    },
    /** Ends every session of an operator (disabled, or a new PIN), except `keep` (the caller's own). */
    endFor(operatorId: string, why: SessionEnd, keep?: string) {
      for (const [id, s] of byId) if (s.operator.id === operatorId && id !== keep) end(id, why);
    },
    /** An edited operator (role, stall, name) counts in their open sessions from the next call on. */
    refresh(operator: Operator) {
      for (const s of byId.values()) if (s.operator.id === operator.id) s.operator = operator;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
